"""An admin app for route tests before sign-in exists: a test-only middleware hands every request `admin`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from genai_bot.services import Services
from genai_bot.web.budgets import add_budget_routes
from genai_bot.web.feedback_pages import add_feedback_routes
from genai_bot.web.identity import Admin, set_admin
from genai_bot.web.pages import add_dashboard_routes
from genai_bot.web.usage_api import add_usage_routes

GLOBAL = Admin("s-1", "Sato", "sato@example.go.jp", frozenset({"admin"}), None)
MIC_ADMIN = Admin("s-2", "Suzuki", "suzuki@example.go.jp", frozenset({"org_admin"}), "mic")


@asynccontextmanager
async def admin_client(services: Services, admin: Admin) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    @web.middleware
    async def signed_in(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        set_admin(request, admin)
        return await handler(request)

    app = web.Application(middlewares=[signed_in])
    add_usage_routes(app, services)
    add_dashboard_routes(app, services)
    add_budget_routes(app, services)
    add_feedback_routes(app, services)
    async with TestClient(TestServer(app)) as client:
        yield client
