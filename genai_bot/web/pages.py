"""The dashboard page, `GET /admin`: usage over time, by organisation, skill and provider/model, active users,
tokens and cost, latency and errors, with a filter form and CSV links; ja and en (`?lang=` or Accept-Language).
Every value is escaped."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from aiohttp import web

from genai_bot.i18n import Lang, t
from genai_bot.services import Services
from genai_bot.web.charts import day_chart, hbar_chart
from genai_bot.web.identity import current_admin
from genai_bot.web.page import request_lang
from genai_bot.web.shell import shell
from genai_bot.web.usage_api import BadQuery, bad_request, parse_filter
from genai_bot.web.usage_query import Dashboard, GroupBy, Measures, UsageGroup, dashboard

__all__ = ["add_dashboard_routes", "render_dashboard"]


def _org_name(services: Services, key: str | None, lang: Lang) -> str:
    if key is None:
        return t(lang, "web.usage.no_org")
    if services.org is not None:
        try:
            unit = services.org.current().unit(key)
        except Exception:
            unit = None
        if unit is not None:
            return (unit.name_en or unit.name) if lang == "en" else unit.name
    return key


def _name(services: Services, group_by: GroupBy, group: UsageGroup, lang: Lang) -> str:
    if group_by == "org":
        return _org_name(services, group.key, lang)
    return group.key or t(lang, "web.usage.none")


def _ms(value: float | None, lang: Lang) -> str:
    return t(lang, "web.usage.none") if value is None else t(lang, "web.usage.ms", value=f"{value:,.0f}")


def _cells(m: Measures, lang: Lang) -> list[str]:
    return [
        f"{m.calls:,}",
        f"{m.active_users:,}",
        f"{m.prompt_tokens:,}",
        f"{m.completion_tokens:,}",
        f"{m.cost:,.2f}",
        _ms(m.latency_p50_ms, lang),
        _ms(m.latency_p95_ms, lang),
        f"{m.error_rate:.1%}",
    ]


_HEADS = ("calls", "users", "prompt_tokens", "completion_tokens", "cost", "p50", "p95", "error_rate")


def _table(services: Services, group_by: GroupBy, groups: list[UsageGroup], lang: Lang) -> str:
    head = "".join(f"<th>{escape(t(lang, f'web.usage.{h}'))}</th>" for h in _HEADS)
    rows = "".join(
        "<tr><td>"
        + escape(_name(services, group_by, g, lang))
        + "</td>"
        + "".join(f"<td>{escape(c)}</td>" for c in _cells(g.measures, lang))
        + "</tr>"
        for g in groups
    )
    key = escape(t(lang, f"web.usage.key.{group_by}"))
    return f"<table><thead><tr><th>{key}</th>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _section(services: Services, board: Dashboard, group_by: GroupBy, title: str, lang: Lang, query: str) -> str:
    groups = board.by[group_by]
    items = [(_name(services, group_by, g, lang), float(g.measures.calls)) for g in groups]
    chart = hbar_chart(items, label=title, empty=t(lang, "web.usage.chart_empty"))
    link = _csv_link(query, group_by, lang)
    table = _table(services, group_by, groups, lang) if groups else ""
    return f"<section><h2>{escape(title)}</h2>{chart}{table}{link}</section>"


def _csv_link(query: str, group_by: GroupBy, lang: Lang) -> str:
    href = escape(f"/admin/export.csv?{query}&group_by={group_by}")
    return f'<a class="csv" href="{href}">{escape(t(lang, "web.usage.csv"))}</a>'


def _card(key: str, value: str) -> str:
    return f'<div class="card"><div class="k">{escape(key)}</div><div class="v">{escape(value)}</div></div>'


def render_dashboard(services: Services, board: Dashboard, lang: Lang, admin_name: str) -> str:
    flt, m, active = board.filter, board.totals, board.active
    scope = flt.allowed_org if flt.allowed_org is not None else flt.organisation
    query = urlencode(
        {"from": flt.start.isoformat(), "to": flt.end.isoformat(), "lang": lang, **({"org": scope} if scope else {})}
    )
    options = [] if flt.allowed_org is not None else [("", t(lang, "web.usage.scope_all"))]
    choices = board.organisations if flt.allowed_org is None else [flt.allowed_org]
    options += [(o, _org_name(services, o, lang)) for o in choices]
    select = "".join(
        f'<option value="{escape(v)}"{" selected" if (v or None) == scope else ""}>{escape(n)}</option>'
        for v, n in options
    )
    form = (
        '<form class="filters" method="get" action="/admin">'
        f"<label>{escape(t(lang, 'web.usage.from'))}"
        f'<input type="date" name="from" value="{flt.start.isoformat()}"></label>'
        f'<label>{escape(t(lang, "web.usage.to"))}<input type="date" name="to" value="{flt.end.isoformat()}"></label>'
        f'<label>{escape(t(lang, "web.usage.organisation"))}<select name="org">{select}</select></label>'
        f'<input type="hidden" name="lang" value="{lang}">'
        f'<button type="submit">{escape(t(lang, "web.usage.apply"))}</button>'
        f"{_csv_link(query, 'day', lang)}"
        "</form>"
    )
    if m.calls == 0:
        body = f'<section><p class="empty">{escape(t(lang, "web.usage.empty"))}</p></section>'
    else:
        cards = "".join(
            _card(t(lang, key), value)
            for key, value in (
                ("web.usage.calls", f"{m.calls:,}"),
                ("web.usage.users", f"{m.active_users:,}"),
                ("web.usage.tokens", f"{m.tokens:,}"),
                ("web.usage.cost", f"{m.cost:,.2f}"),
                ("web.usage.p50", _ms(m.latency_p50_ms, lang)),
                ("web.usage.p95", _ms(m.latency_p95_ms, lang)),
                ("web.usage.error_rate", f"{m.error_rate:.1%}"),
            )
        )
        cards += _card(t(lang, "web.usage.dau", day=active.as_of.isoformat()), f"{active.daily:,}")
        cards += _card(t(lang, "web.usage.wau"), f"{active.weekly:,}") + _card(
            t(lang, "web.usage.mau"), f"{active.monthly:,}"
        )
        days = board.by["day"]
        over_time = day_chart(
            [g.key or "" for g in days],
            [float(g.measures.calls) for g in days],
            [float(g.measures.errors) for g in days],
            [float(g.measures.active_users) for g in days],
            label=t(lang, "web.usage.over_time"),
            empty=t(lang, "web.usage.chart_empty"),
        )
        body = (
            f'<div class="cards">{cards}</div>'
            f"<section><h2>{escape(t(lang, 'web.usage.over_time'))}</h2>{over_time}"
            f'<p class="note">{escape(t(lang, "web.usage.over_time_note"))}</p></section>'
            + "".join(
                _section(services, board, g, t(lang, f"web.usage.by_{g}"), lang, query)
                for g in ("org", "skill", "model")
            )
        )
    scope_text = (
        t(lang, "web.usage.scope_one", org=_org_name(services, scope, lang))
        if scope
        else t(lang, "web.usage.scope_all")
    )
    subtitle = t(lang, "web.usage.subtitle", start=flt.start.isoformat(), end=flt.end.isoformat(), zone=flt.timezone)
    kept = {"from": flt.start.isoformat(), "to": flt.end.isoformat(), **({"org": scope} if scope else {})}
    return shell(
        lang,
        here="/admin",
        title=t(lang, "web.usage.title"),
        admin_name=admin_name,
        body=f'<p class="sub">{escape(subtitle)} · {escape(scope_text)}</p>{form}{body}',
        query=kept,
    )


def add_dashboard_routes(app: web.Application, services: Services) -> None:
    async def page(request: web.Request) -> web.Response:
        admin = current_admin(request)
        lang = request_lang(request)
        try:
            flt = parse_filter(request, services)
        except BadQuery as error:
            return bad_request(request, error)
        board = await dashboard(services.db, flt)
        html = render_dashboard(services, board, lang, admin.name)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    app.router.add_get("/admin", page)
