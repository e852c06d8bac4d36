"""The feedback page `GET /admin/feedback` and its JSON `GET /admin/api/feedback`: 👍/👎 counts and 👍 share per
skill and per provider/model over a date range, and the latest 👎 reasons — the signal pilot programmes live on.

The query parameters, their checks (400 with a message) and the viewer's organisation scope are the usage API's
(`from`, `to`, `org`, `lang`); an organisation admin only ever sees their organisation's ratings."""

from __future__ import annotations

from html import escape
from typing import Any

from aiohttp import web

import genai_bot.web.messages_feedback  # noqa: F401  (registers the messages)
from genai_bot.i18n import Lang, t
from genai_bot.services import Services
from genai_bot.web.feedback_query import FeedbackGroup, FeedbackReport, feedback_report, local_day
from genai_bot.web.identity import current_admin
from genai_bot.web.page import request_lang
from genai_bot.web.shell import shell
from genai_bot.web.usage_api import BadQuery, bad_request, parse_filter

__all__ = ["FEEDBACK_PATH", "add_feedback_routes", "feedback_json", "render_feedback"]

FEEDBACK_PATH = "/admin/feedback"
_EXTRA_CSS = (
    ".share rect.up{fill:#2e8b57}.share rect.down{fill:var(--bad)}.share rect.none{fill:var(--line)}"
    "td.reason{text-align:left;white-space:pre-wrap}"
)


def feedback_json(report: FeedbackReport) -> dict[str, Any]:
    flt = report.filter
    return {
        "from": flt.start.isoformat(),
        "to": flt.end.isoformat(),
        "timezone": flt.timezone,
        "organisation": flt.organisation if flt.allowed_org is None else flt.allowed_org,
        "totals": report.totals.to_json(),
        "by_skill": [g.to_json() for g in report.by_skill],
        "by_model": [g.to_json() for g in report.by_model],
        "reasons": [
            {
                "day": local_day(r.at, flt.timezone).isoformat(),
                "skill": r.skill,
                "provider": r.provider,
                "model": r.model,
                "reason": r.reason,
            }
            for r in report.reasons
        ],
    }


def _share_bar(group: FeedbackGroup) -> str:
    """A small bar: 👍 (green) then 👎 (red) in proportion; grey when nobody rated."""
    if not group.ratings:
        return (
            '<svg class="share" viewBox="0 0 120 10" width="120" height="10" aria-hidden="true">'
            '<rect class="none" width="120" height="10"/></svg>'
        )
    up = 120 * group.up / group.ratings
    return (
        f'<svg class="share" viewBox="0 0 120 10" width="120" height="10" role="img" aria-hidden="true">'
        f'<rect class="up" width="{up:.1f}" height="10"/>'
        f'<rect class="down" x="{up:.1f}" width="{120 - up:.1f}" height="10"/></svg>'
    )


def _share(group: FeedbackGroup, lang: Lang) -> str:
    share = group.up_share
    return t(lang, "web.feedback.none") if share is None else f"{share:.0%}"


def _table(groups: list[FeedbackGroup], key: str, lang: Lang) -> str:
    heads = ("ratings", "up", "down", "share", "with_reason")
    head = "".join(f"<th>{escape(t(lang, f'web.feedback.{h}'))}</th>" for h in heads)
    rows = "".join(
        f"<tr><td>{escape(g.key)}</td><td>{g.ratings:,}</td><td>{g.up:,}</td><td>{g.down:,}</td>"
        f"<td>{_share_bar(g)} {escape(_share(g, lang))}</td><td>{g.reasons:,}</td></tr>"
        for g in groups
    )
    return f"<table><thead><tr><th>{escape(t(lang, key))}</th>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _reasons(report: FeedbackReport, lang: Lang) -> str:
    title = escape(t(lang, "web.feedback.reasons"))
    if not report.reasons:
        return f'<section><h2>{title}</h2><p class="empty">{escape(t(lang, "web.feedback.reasons_none"))}</p></section>'
    zone = report.filter.timezone
    heads = (t(lang, "web.feedback.reason_when"), t(lang, "web.feedback.key_skill"), t(lang, "web.feedback.key_model"))
    head = "".join(f"<th>{escape(h)}</th>" for h in heads) + f"<th>{escape(t(lang, 'web.feedback.reason_text'))}</th>"
    rows = "".join(
        f"<tr><td>{local_day(r.at, zone).isoformat()}</td><td>{escape(r.skill)}</td>"
        f'<td>{escape(r.provider)}/{escape(r.model)}</td><td class="reason">{escape(r.reason)}</td></tr>'
        for r in report.reasons
    )
    return f"<section><h2>{title}</h2><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>"


def _card(key: str, value: str) -> str:
    return f'<div class="card"><div class="k">{escape(key)}</div><div class="v">{escape(value)}</div></div>'


def render_feedback(report: FeedbackReport, lang: Lang, admin_name: str) -> str:
    flt = report.filter
    scope = flt.allowed_org if flt.allowed_org is not None else flt.organisation
    params = {"from": flt.start.isoformat(), "to": flt.end.isoformat(), **({"org": scope} if scope else {})}
    org_field = (
        f'<label>{escape(t(lang, "web.usage.organisation"))}<input name="org" value="{escape(scope or "")}"'
        f"{' readonly' if flt.allowed_org is not None else ''}></label>"
    )
    form = (
        f'<form class="filters" method="get" action="{FEEDBACK_PATH}">'
        f'<label>{escape(t(lang, "web.usage.from"))}<input type="date" name="from" value="{flt.start.isoformat()}">'
        f'</label><label>{escape(t(lang, "web.usage.to"))}<input type="date" name="to" value="{flt.end.isoformat()}">'
        f'</label>{org_field}<input type="hidden" name="lang" value="{lang}">'
        f'<button type="submit">{escape(t(lang, "web.usage.apply"))}</button></form>'
    )
    total = report.totals
    if not total.ratings:
        body = f'<section><p class="empty">{escape(t(lang, "web.feedback.empty"))}</p></section>'
    else:
        cards = "".join(
            _card(t(lang, f"web.feedback.{key}"), value)
            for key, value in (
                ("ratings", f"{total.ratings:,}"),
                ("up", f"{total.up:,}"),
                ("down", f"{total.down:,}"),
                ("share", _share(total, lang)),
                ("with_reason", f"{total.reasons:,}"),
            )
        )
        body = (
            f'<div class="cards">{cards}</div>'
            f"<section><h2>{escape(t(lang, 'web.feedback.by_skill'))}</h2>"
            f"{_table(report.by_skill, 'web.feedback.key_skill', lang)}</section>"
            f"<section><h2>{escape(t(lang, 'web.feedback.by_model'))}</h2>"
            f"{_table(report.by_model, 'web.feedback.key_model', lang)}"
            f'<p class="note">{escape(t(lang, "web.feedback.note"))}</p></section>' + _reasons(report, lang)
        )
    title = t(lang, "web.feedback.title")
    scope_text = t(lang, "web.usage.scope_one", org=scope) if scope else t(lang, "web.usage.scope_all")
    subtitle = t(lang, "web.usage.subtitle", start=flt.start.isoformat(), end=flt.end.isoformat(), zone=flt.timezone)
    page = f'<p class="sub">{escape(subtitle)} · {escape(scope_text)}</p>{form}{body}'
    return shell(lang, here=FEEDBACK_PATH, title=title, admin_name=admin_name, body=page, query=params, css=_EXTRA_CSS)


def add_feedback_routes(app: web.Application, services: Services) -> None:
    async def api(request: web.Request) -> web.Response:
        try:
            flt = parse_filter(request, services)
        except BadQuery as error:
            return bad_request(request, error)
        return web.json_response(feedback_json(await feedback_report(services.db, flt)))

    async def page(request: web.Request) -> web.Response:
        admin = current_admin(request)
        try:
            flt = parse_filter(request, services)
        except BadQuery as error:
            return bad_request(request, error)
        html = render_feedback(await feedback_report(services.db, flt), request_lang(request), admin.name)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    app.router.add_get("/admin/api/feedback", api)
    app.router.add_get(FEEDBACK_PATH, page)
