"""The usage API: `GET /admin/api/usage` (JSON) and `GET /admin/export.csv` (CSV, UTF-8 with BOM).

Query parameters: `from`, `to` (YYYY-MM-DD, local days in GENAI_TIMEZONE, `to` inclusive; default the 30 days
ending today), `group_by` (org|skill|model|day; default day), `org` (one organisation), `lang` (ja|en, for
messages). A bad value gives 400 with `{"error": "...", "message": "..."}`. The signed-in admin's scope
(`Admin.allowed_org()`) is part of every query.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

import genai_bot.web.messages_usage  # noqa: F401  (registers the messages)
from genai_bot.i18n import t
from genai_bot.services import Services
from genai_bot.spreadsheet import excel_csv
from genai_bot.text import nfkc
from genai_bot.web.identity import current_admin
from genai_bot.web.page import csv_download, request_lang
from genai_bot.web.usage_query import GROUPS, GroupBy, UsageFilter, UsageReport, usage_report

__all__ = [
    "MAX_DAYS",
    "BadQuery",
    "add_usage_routes",
    "bad_request",
    "parse_filter",
    "parse_range",
    "report_json",
]

MAX_DAYS = 732
_MAX_ORG = 200


class BadQuery(Exception):
    """A query value the dashboard cannot use: 400 with a message (`<messages>.<code>` in the request's language)."""

    def __init__(self, code: str, *, messages: str = "web.usage", **args: Any) -> None:
        super().__init__(code)
        self.code = code
        self.messages = messages
        self.args_ = args


def _day(request: web.Request, name: str, default: date) -> date:
    raw = request.query.get(name, "")
    if not raw.strip():
        return default
    try:
        return date.fromisoformat(nfkc(raw).strip())
    except ValueError:
        raise BadQuery("bad_date", field=name, value=raw[:40]) from None


def parse_range(request: web.Request, services: Services) -> tuple[date, date]:
    """The local days `from`..`to` (inclusive; default the 30 days ending today); BadQuery when unreadable,
    reversed or longer than MAX_DAYS. Every dashboard page with a date range reads it here."""
    today = services.clock.now().astimezone(ZoneInfo(services.settings.timezone)).date()
    end = _day(request, "to", today)
    start = _day(request, "from", end - timedelta(days=29))
    if start > end:
        raise BadQuery("bad_range", start=start.isoformat(), end=end.isoformat())
    if (end - start).days + 1 > MAX_DAYS:
        raise BadQuery("too_long", days=(end - start).days + 1, limit=MAX_DAYS)
    return start, end


def parse_filter(request: web.Request, services: Services) -> UsageFilter:
    """The filter a request asks for, confined to the signed-in admin's organisation."""
    admin = current_admin(request)
    zone = services.settings.timezone
    start, end = parse_range(request, services)
    org = nfkc(request.query.get("org", "")).strip() or None
    if org is not None and len(org) > _MAX_ORG:
        raise BadQuery("bad_org", limit=_MAX_ORG)
    return UsageFilter(start, end, organisation=org, allowed_org=admin.allowed_org(), timezone=zone)


def parse_group(request: web.Request) -> GroupBy:
    value = request.query.get("group_by", "day").strip() or "day"
    if value not in GROUPS:
        raise BadQuery("bad_group", value=value[:40])
    return value


def bad_request(request: web.Request, error: BadQuery) -> web.Response:
    message = t(request_lang(request), f"{error.messages}.{error.code}", **error.args_)
    return web.json_response({"error": error.code, "message": message}, status=400)


def report_json(report: UsageReport) -> dict[str, Any]:
    flt = report.filter
    return {
        "from": flt.start.isoformat(),
        "to": flt.end.isoformat(),
        "timezone": flt.timezone,
        "group_by": report.group_by,
        "organisation": flt.organisation if flt.allowed_org is None else flt.allowed_org,
        "rows": [
            {
                "key": g.key,
                **({"provider": g.provider, "model": g.model} if report.group_by == "model" else {}),
                **g.measures.to_json(),
            }
            for g in report.groups
        ],
        "totals": report.totals.to_json(),
        "active_users": {
            "as_of": report.active.as_of.isoformat(),
            "daily": report.active.daily,
            "weekly": report.active.weekly,
            "monthly": report.active.monthly,
        },
    }


_CSV_COLUMNS = (
    "calls",
    "active_users",
    "prompt_tokens",
    "completion_tokens",
    "tokens",
    "cost",
    "latency_p50_ms",
    "latency_p95_ms",
    "errors",
    "error_rate",
)


def report_csv(report: UsageReport) -> bytes:
    start, end = report.filter.start.isoformat(), report.filter.end.isoformat()
    rows = ([start, end, g.key, *(g.measures.to_json()[c] for c in _CSV_COLUMNS)] for g in report.groups)
    return excel_csv(["from", "to", report.group_by, *_CSV_COLUMNS], rows)


def add_usage_routes(app: web.Application, services: Services) -> None:
    async def api(request: web.Request) -> web.Response:
        try:
            flt, group_by = parse_filter(request, services), parse_group(request)
        except BadQuery as error:
            return bad_request(request, error)
        return web.json_response(report_json(await usage_report(services.db, flt, group_by)))

    async def export(request: web.Request) -> web.Response:
        try:
            flt, group_by = parse_filter(request, services), parse_group(request)
        except BadQuery as error:
            return bad_request(request, error)
        report = await usage_report(services.db, flt, group_by)
        name = f"usage-{group_by}-{flt.start.isoformat()}-{flt.end.isoformat()}.csv"
        return csv_download(report_csv(report), name)

    app.router.add_get("/admin/api/usage", api)
    app.router.add_get("/admin/export.csv", export)
