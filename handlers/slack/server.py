"""Run the Slack adapter: HTTP mode (aiohttp at /slack/events + /healthz) or Socket Mode."""

from __future__ import annotations

import asyncio

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from genai_bot.app import Core
from genai_bot.errors import ConfigError
from genai_bot.web.health import health_routes
from handlers.slack.app import build_bolt_app

log = structlog.get_logger(__name__)
EVENTS_PATH = "/slack/events"


def build_http_app(core: Core, bolt: AsyncApp) -> web.Application:
    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    web_app = web.Application()
    web_app.add_routes([web.post(EVENTS_PATH, slack_events), *health_routes(core.db)])
    return web_app


async def serve_http(core: Core, port: int, stop: asyncio.Event, host: str = "0.0.0.0") -> None:
    runner = web.AppRunner(build_http_app(core, build_bolt_app(core, http_mode=True)),
                           shutdown_timeout=core.settings.shutdown_timeout_seconds)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("slack_http_listening", port=port, path=EVENTS_PATH)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()  # stops accepting, lets in-flight requests finish


async def serve_socket(core: Core, stop: asyncio.Event) -> None:
    token = core.settings.slack_app_token
    if token is None:
        raise ConfigError("Setting SLACK_APP_TOKEN is missing: Socket Mode needs an app-level token (xapp-…).")
    bolt = build_bolt_app(core, http_mode=False)
    handler = AsyncSocketModeHandler(bolt, token.get_secret_value())
    await handler.connect_async()  # type: ignore[no-untyped-call]
    log.info("slack_socket_mode_connected")
    try:
        await stop.wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
