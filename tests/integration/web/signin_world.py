"""The dashboard served for real (aiohttp on a free port) against the Entra ID stand-in, for sign-in tests.

async with dashboard(tmp_path, entra) as world:
    async with world.browser_session() as http:
        page = await sign_in(http, world)      # follows /admin → sign-in → Entra → callback → /admin
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.llm import LLMSettings
from genai_bot.settings_base import EnvSettings
from genai_bot.web.admin_app import build_admin_app
from genai_bot.web.settings import WebSettings
from tests.conftest import make_settings, running_core
from tests.world.entra_graph import FakeEntraGraph

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
SECRET = "a-test-secret-key-for-cookies-0123456789"
ORG_YAML = """
units:
  - {id: mof, name: 財務省, name_en: Ministry of Finance}
  - {id: mof/budget, name: 主計局, name_en: Budget Bureau}
  - {id: mic, name: 総務省, name_en: Ministry of Internal Affairs and Communications}
members:
  - {name: 佐藤 花子, grade: 課長, unit: mof/budget, ids: [U0SATO, sato@example.go.jp]}
  - {name: 鈴木 一郎, grade: 課長, unit: mic, ids: [U0SUZUKI, suzuki@example.go.jp]}
  - {name: 田中 次郎, grade: 係長, unit: mof, ids: [U0TANAKA, tanaka@example.go.jp]}
"""


@dataclass
class DashboardWorld:
    core: Core
    entra: FakeEntraGraph
    clock: FixedClock
    url: str
    """The dashboard's base address (http://127.0.0.1:<port>)."""

    @asynccontextmanager
    async def browser_session(self) -> AsyncIterator[aiohttp.ClientSession]:
        """An HTTP client that keeps cookies (also for 127.0.0.1) and trusts the stand-in's CA, like a browser."""
        connector = aiohttp.TCPConnector(ssl=self.entra.client_ssl_context())
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            yield http


@asynccontextmanager
async def dashboard(
    tmp_path: Path,
    entra: FakeEntraGraph,
    *,
    web_settings: WebSettings | None = None,
    database_url: str | None = None,
    skill_settings: Iterable[EnvSettings] = (),
    llm_settings: LLMSettings | None = None,
    **settings_env: Any,
) -> AsyncIterator[DashboardWorld]:
    org_file = tmp_path / "org.yaml"
    org_file.write_text(ORG_YAML, encoding="utf-8")
    values: dict[str, Any] = {
        "GENAI_DATABASE_URL": database_url or f"sqlite+aiosqlite:///{tmp_path}/dash.db",
        "GENAI_SECRET_KEY": SECRET,
        "GENAI_ORG_FILE": str(org_file),
        **entra.settings_env(),
        **settings_env,
    }
    settings = make_settings(**values)
    clock = FixedClock(NOW)
    web_settings = web_settings or WebSettings(_env_file=None, GENAI_WEB_SECURE_COOKIES=False)  # type: ignore[call-arg]
    options: dict[str, Any] = {"llm_settings": llm_settings} if llm_settings is not None else {}
    async with running_core(settings, clock=clock, skill_settings=[web_settings, *skill_settings], **options) as core:
        runner = web.AppRunner(build_admin_app(core.services, settings), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = int(runner.addresses[0][1])
        try:
            yield DashboardWorld(core, entra, clock, f"http://127.0.0.1:{port}")
        finally:
            await runner.cleanup()


async def sign_in(http: aiohttp.ClientSession, world: DashboardWorld, path: str = "/admin") -> aiohttp.ClientResponse:
    """Open `path` signed out: the dashboard sends the browser through Entra ID and back; the final response."""
    async with http.get(world.url + path) as response:
        await response.read()
        return response
