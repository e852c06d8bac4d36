"""A running bot against the stand-in Slack: HTTP mode on a free port, or Socket Mode on the fake websocket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import web

from genai_bot.app import Core, build_core
from genai_bot.config import Settings
from handlers.slack.app import build_bolt_app
from handlers.slack.server import build_http_app, serve_socket
from tests.conftest import make_settings
from tests.world import FakeSlackAPI, FakeSocketModeServer, SlackEventSender

SIGNING_SECRET = "test-signing-secret"


@dataclass
class SlackBot:
    slack: FakeSlackAPI
    core: Core
    sender: SlackEventSender
    base_url: str


def slack_settings(slack: FakeSlackAPI, database_url: str, **extra: str) -> Settings:
    return make_settings(
        GENAI_DATABASE_URL=database_url, SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=SIGNING_SECRET,
        GENAI_SLACK_API_URL=slack.base_url, **extra,
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


@pytest.fixture
async def http_bot(slack: FakeSlackAPI, database_url: str, core: Core) -> AsyncIterator[SlackBot]:
    # `core` has migrated the database; this instance serves HTTP mode against the stand-in Slack.
    bot_core = build_core(slack_settings(slack, database_url), adapter="http")
    await bot_core.start()
    runner, base_url = await start_http(bot_core)
    try:
        async with SlackEventSender(base_url, SIGNING_SECRET, slack_api=slack) as sender:
            yield SlackBot(slack, bot_core, sender, base_url)
    finally:
        await runner.cleanup()
        await bot_core.close()


@pytest.fixture
async def socket_bot(slack: FakeSlackAPI, database_url: str, core: Core) -> AsyncIterator[
        tuple[FakeSocketModeServer, Core]]:
    async with FakeSocketModeServer() as server:
        slack.socket_mode_url = server.url
        bot_core = build_core(slack_settings(slack, database_url, SLACK_APP_TOKEN="xapp-test"), adapter="socket")
        await bot_core.start()
        stop = asyncio.Event()
        serving = asyncio.create_task(serve_socket(bot_core, stop))
        try:
            await server.wait_connected(timeout=5)
            yield server, bot_core
        finally:
            stop.set()
            await serving
            await bot_core.close()
