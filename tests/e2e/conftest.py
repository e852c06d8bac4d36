"""A running bot against the stand-in Slack: HTTP mode on a free port, or Socket Mode on the fake websocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
from aiohttp import web

from genai_bot.app import Core
from genai_bot.clock import Clock
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from genai_bot.settings_base import EnvSettings
from handlers.slack.app import build_bolt_app
from handlers.slack.server import build_http_app, serve_socket
from tests.conftest import llm_settings_for, make_settings, running_core
from tests.world import FakeSlackAPI, FakeSocketModeServer, SlackEventSender
from tests.world.openai_api import FakeOpenAI

SIGNING_SECRET = "test-signing-secret"


@dataclass
class SlackBot:
    slack: FakeSlackAPI
    core: Core
    sender: SlackEventSender
    base_url: str


def slack_settings(slack: FakeSlackAPI, database_url: str, **extra: str) -> Settings:
    return make_settings(
        GENAI_DATABASE_URL=database_url,
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        GENAI_SLACK_API_URL=slack.base_url,
        **extra,
    )


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as api:
        api.add_user("U1", "tanaka", email="tanaka@example.go.jp")
        api.add_channel("C1", "general", members=["U1", "UBOT"])
        yield api


async def start_http(core: Core) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(build_http_app(core, build_bolt_app(core, http_mode=True)))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@asynccontextmanager
async def running_http_bot(
    slack: FakeSlackAPI,
    database_url: str,
    *,
    llm_settings: LLMSettings | None = None,
    clock: Clock | None = None,
    backoff_seconds: float | None = None,
    skill_settings: Iterable[EnvSettings] = (),
    setup: Callable[[Core], object] | None = None,
    **extra_settings: str,
) -> AsyncIterator[SlackBot]:
    """A bot serving Slack HTTP mode on a free port against the stand-in Slack, and a signed sender for it.

    No LLM unless `llm_settings` is given; `extra_settings` by env name (Graph/Entra, …); `clock`, `backoff_seconds`,
    `skill_settings` and `setup` as for `start_core`."""
    settings = slack_settings(slack, database_url, **extra_settings)
    async with running_core(
        settings,
        adapter="http",
        llm_settings=llm_settings,
        clock=clock,
        backoff_seconds=backoff_seconds,
        skill_settings=skill_settings,
        setup=setup,
    ) as core:
        runner, base_url = await start_http(core)
        try:
            async with SlackEventSender(base_url, SIGNING_SECRET, slack_api=slack) as sender:
                yield SlackBot(slack, core, sender, base_url)
        finally:
            await runner.cleanup()


@pytest.fixture
async def http_bot(slack: FakeSlackAPI, database_url: str) -> AsyncIterator[SlackBot]:
    """HTTP mode without an LLM."""
    async with running_http_bot(slack, database_url) as bot:
        yield bot


@pytest.fixture
async def llm_http_bot(slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI) -> AsyncIterator[SlackBot]:
    """HTTP mode whose LLM is `fake_llm` (the real gateway, retries backing off briefly)."""
    async with running_http_bot(
        slack, database_url, llm_settings=llm_settings_for(fake_llm), backoff_seconds=0.01
    ) as bot:
        yield bot


@pytest.fixture
async def socket_bot(slack: FakeSlackAPI, database_url: str) -> AsyncIterator[tuple[FakeSocketModeServer, Core]]:
    async with FakeSocketModeServer() as server:
        slack.socket_mode_url = server.url
        settings = slack_settings(slack, database_url, SLACK_APP_TOKEN="xapp-test")
        async with running_core(settings, adapter="socket") as bot_core:
            stop = asyncio.Event()
            serving = asyncio.create_task(serve_socket(bot_core, stop))
            try:
                await server.wait_connected(timeout=5)
                yield server, bot_core
            finally:
                stop.set()
                await serving
