"""Budget routes: the page `GET/POST /admin/budgets` and the API `GET/POST /admin/api/budgets`.

POST fields (form or JSON): `scope` (org|user), `key` (organisation unit id or user id), `tokens` and/or `cost`
(the monthly limits), or `lift` (true: no limit). A global admin changes any budget; an organisation admin only
their organisation's and its members'. Bad input: 400, another organisation: 403, with `{"error", "message"}`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from aiohttp import web

import genai_bot.web.messages_budgets  # noqa: F401  (registers the messages)
from genai_bot.i18n import Lang, t
from genai_bot.services import Services
from genai_bot.web.budget_admin import BudgetProblem, apply_change, budget_rows, parse_change
from genai_bot.web.budgets_page import render_budgets
from genai_bot.web.identity import current_admin
from genai_bot.web.page import request_lang

__all__ = ["BUDGETS_PATH", "add_budget_routes"]

BUDGETS_PATH = "/admin/budgets"
_API_PATH = "/admin/api/budgets"


def _message(lang: Lang, problem: BudgetProblem) -> str:
    return t(lang, f"web.budgets.{problem.code}", **problem.args_)


def add_budget_routes(app: web.Application, services: Services) -> None:
    async def page(request: web.Request, *, status: int = 200, problem: str | None = None) -> web.Response:
        admin = current_admin(request)
        lang = request_lang(request)
        month, rows = await budget_rows(services, admin)
        done, target = request.query.get("done"), request.query.get("target", "")[:200]
        flash = t(lang, f"web.budgets.{done}", target=target) if done in ("saved", "lifted") else None
        html = render_budgets(
            org=services.organisation(),
            admin=admin,
            month=month,
            rows=rows,
            lang=lang,
            zone=services.settings.timezone,
            flash=flash,
            problem=problem,
        )
        return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)

    async def show(request: web.Request) -> web.Response:
        return await page(request)

    async def submit(request: web.Request) -> web.StreamResponse:
        admin = current_admin(request)
        lang = request_lang(request)
        form = dict(await request.post())
        try:
            change = parse_change(form)
            key, _ = await apply_change(services, admin, change)
        except BudgetProblem as problem:
            return await page(request, status=problem.status, problem=_message(lang, problem))
        done = "lifted" if change.lift else "saved"
        query = urlencode({"lang": lang, "done": done, "target": f"{change.scope}:{key}"})
        raise web.HTTPSeeOther(f"{BUDGETS_PATH}?{query}")

    async def api_list(request: web.Request) -> web.Response:
        month, rows = await budget_rows(services, current_admin(request))
        return web.json_response({"month": month.label, "budgets": [r.to_json() for r in rows]})

    async def api_change(request: web.Request) -> web.Response:
        admin = current_admin(request)
        lang = request_lang(request)
        try:
            data: Any = (
                await request.json() if request.content_type == "application/json" else dict(await request.post())
            )
        except ValueError:  # not JSON
            data = None
        if not isinstance(data, dict):
            return web.json_response({"error": "bad_body", "message": t(lang, "web.budgets.bad_body")}, status=400)
        try:
            change = parse_change(data)
            key, row = await apply_change(services, admin, change)
        except BudgetProblem as problem:
            return web.json_response({"error": problem.code, "message": _message(lang, problem)}, status=problem.status)
        if row is None:
            return web.json_response({"scope": change.scope, "key": key, "lifted": True})
        return web.json_response({"lifted": False, **row.to_json()})

    app.router.add_get(BUDGETS_PATH, show)
    app.router.add_post(BUDGETS_PATH, submit)
    app.router.add_get(_API_PATH, api_list)
    app.router.add_post(_API_PATH, api_change)
