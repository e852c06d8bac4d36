"""The audit-log view: `GET /admin/audit` (page), `GET /admin/api/audit` (JSON), `GET /admin/audit.csv`.

Query parameters: `from`, `to` (as the usage API: YYYY-MM-DD local days, default the last 30), `actor`, `target`
(contained), `action` (prefix), `before` (an entry id: the next, older page), `limit` (1–200, default 50), `lang`.
A bad value gives 400 with `{"error": "...", "message": "..."}`. An organisation admin sees only entries whose actor
is a member of their organisation (the organisation file); a global admin sees every entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from html import escape
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

import genai_bot.web.messages_controls  # noqa: F401  (registers the messages)
from genai_bot.i18n import Lang, t
from genai_bot.llm.usage import organisations_from
from genai_bot.services import Services
from genai_bot.spreadsheet import excel_csv
from genai_bot.text import nfkc
from genai_bot.web.audit_query import MAX_PAGE, AuditFilter, AuditPage, actors_of, audit_page, entry_json
from genai_bot.web.identity import Admin, current_admin
from genai_bot.web.page import csv_download, request_lang
from genai_bot.web.shell import shell
from genai_bot.web.usage_api import BadQuery, bad_request, parse_range

__all__ = ["add_audit_routes", "parse_audit_filter"]

_MAX_TEXT = 200
MAX_EXPORT = 10_000
"""The most entries one CSV export holds (newest first; narrow the filters or page with `before` for more)."""
_TEXT_FIELDS = ("actor", "action", "target")


def _text(request: web.Request, name: str) -> str | None:
    value = nfkc(request.query.get(name, "")).strip()
    if len(value) > _MAX_TEXT:
        raise BadQuery("too_long_text", messages="web.audit", field=name, limit=_MAX_TEXT)
    return value or None


def _number(request: web.Request, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = nfkc(request.query.get(name, "")).strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise BadQuery("bad_number", messages="web.audit", field=name, low=low, high=high)
    return int(raw)


def parse_audit_filter(request: web.Request, services: Services) -> AuditFilter:
    """The filter the request asks for (scope not yet applied); BadQuery on a bad value."""
    start, end = parse_range(request, services)
    return AuditFilter(
        start,
        end,
        timezone=services.settings.timezone,
        actor=_text(request, "actor"),
        action=_text(request, "action"),
        target=_text(request, "target"),
        before=_number(request, "before", None, 1, 2**62),
        limit=_number(request, "limit", 50, 1, MAX_PAGE) or 50,
    )


def _belongs(services: Services, org: str) -> Callable[[str], bool]:
    if services.org is None:
        return lambda actor: False
    organisation_of = organisations_from(services.org)
    return lambda actor: organisation_of(actor) == org


async def _scoped_page(request: web.Request, services: Services, *, export: bool = False) -> tuple[Admin, AuditPage]:
    admin = current_admin(request)
    flt = parse_audit_filter(request, services)
    org = admin.allowed_org()
    if org is not None:
        actors = await actors_of(services.db, flt, _belongs(services, org)) if org else ()
        flt = replace(flt, actors_in=actors)
    if export:
        flt = replace(flt, limit=MAX_EXPORT)
    return admin, await audit_page(services.db, flt, max_limit=MAX_EXPORT if export else MAX_PAGE)


def _query_of(flt: AuditFilter, lang: Lang) -> dict[str, str]:
    values = {"from": flt.start.isoformat(), "to": flt.end.isoformat(), "lang": lang}
    values |= {name: value for name in _TEXT_FIELDS if (value := getattr(flt, name))}
    return values


def _cell(value: str | None) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(page: AuditPage) -> bytes:
    rows = []
    for entry in page.entries:
        row = entry_json(entry, page.filter.timezone)
        detail = json.dumps(row["detail"], ensure_ascii=False, sort_keys=True)
        rows.append([row["id"], row["at"], *(row[k] for k in ("actor", "organisation", "action", "target")), detail])
    return excel_csv(["id", "at", "actor", "organisation", "action", "target", "detail"], rows)


def _when(at: datetime, zone: str) -> str:
    return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M:%S")


def _render(page: AuditPage, lang: Lang, admin: Admin) -> str:
    flt = page.filter
    query = _query_of(flt, lang)

    def field(name: str, kind: str = "text") -> str:
        value = query.get(name, "")
        label = escape(t(lang, f"web.audit.{name}"))
        return f'<label>{label}<input type="{kind}" name="{name}" value="{escape(value)}"></label>'

    form = (
        '<form class="filters" method="get" action="/admin/audit">'
        + "".join(field(n, "date") for n in ("from", "to"))
        + "".join(field(n) for n in _TEXT_FIELDS)
        + f'<input type="hidden" name="lang" value="{lang}">'
        f'<button type="submit">{escape(t(lang, "web.usage.apply"))}</button>'
        f'<a class="csv" href="{escape("/admin/audit.csv?" + urlencode(query))}">'
        f"{escape(t(lang, 'web.usage.csv'))}</a></form>"
    )
    if not page.entries:
        table = f'<p class="empty">{escape(t(lang, "web.audit.empty"))}</p>'
    else:
        heads = "".join(
            f'<th class="l">{escape(t(lang, f"web.audit.col.{h}"))}</th>'
            for h in ("at", "actor", "action", "target", "detail")
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f'<td class="l">{escape(str(v or ""))}</td>'
                for v in (_when(e.at, flt.timezone), e.actor, e.action, e.target)
            )
            + f'<td class="l"><code>{escape(json.dumps(e.detail, ensure_ascii=False, sort_keys=True))}</code></td>'
            "</tr>"
            for e in page.entries
        )
        table = f"<table><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>"
    pager = ""
    if page.next_before is not None:
        older = escape("/admin/audit?" + urlencode({**query, "before": str(page.next_before)}))
        pager = f'<p class="pager"><a href="{older}">{escape(t(lang, "web.audit.older"))}</a></p>'
    org = admin.allowed_org()
    scope = t(lang, "web.audit.scope_all") if org is None else t(lang, "web.audit.scope_org", org=org)
    sub = t(lang, "web.usage.subtitle", start=flt.start.isoformat(), end=flt.end.isoformat(), zone=flt.timezone)
    body = f'<p class="sub">{escape(sub)} · {escape(scope)}</p>{form}<section>{table}{pager}</section>'
    title = t(lang, "web.audit.title")
    return shell(lang, here="/admin/audit", title=title, admin_name=admin.name, body=body, query=query)


def add_audit_routes(app: web.Application, services: Services) -> None:
    async def api(request: web.Request) -> web.Response:
        try:
            _, page = await _scoped_page(request, services)
        except BadQuery as error:
            return bad_request(request, error)
        flt = page.filter
        return web.json_response(
            {
                "from": flt.start.isoformat(),
                "to": flt.end.isoformat(),
                "timezone": flt.timezone,
                "entries": [entry_json(e, flt.timezone) for e in page.entries],
                "next_before": page.next_before,
            }
        )

    async def view(request: web.Request) -> web.Response:
        try:
            admin, page = await _scoped_page(request, services)
        except BadQuery as error:
            return bad_request(request, error)
        html = _render(page, request_lang(request), admin)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    async def export(request: web.Request) -> web.Response:
        try:
            _, page = await _scoped_page(request, services, export=True)
        except BadQuery as error:
            return bad_request(request, error)
        name = f"audit-{page.filter.start.isoformat()}-{page.filter.end.isoformat()}.csv"
        return csv_download(_csv(page), name)

    app.router.add_get("/admin/audit", view)
    app.router.add_get("/admin/api/audit", api)
    app.router.add_get("/admin/audit.csv", export)
