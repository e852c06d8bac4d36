"""Run the Slack adapter: HTTP mode (aiohttp at /slack/events + /healthz, and the admin dashboard at /admin when
its sign-in is configured) or Socket Mode.

In HTTP mode nothing reaches Bolt before the door has checked it: body size, signature on the raw bytes
(`handlers.slack.guard`), then encoding and shape (`handlers.slack.shape`). A refusal is answered 4xx with one
log line that names the reason and never the body.
"""

from __future__ import annotations

import asyncio
from typing import Any

import structlog
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest

from genai_bot.app import Core
from genai_bot.errors import ConfigError
from genai_bot.stopping import unless_stopped
from genai_bot.web.admin_app import dashboard_problem, mount_admin
from genai_bot.web.health import health_routes
from genai_bot.web.listen import serve_until_stopped
from genai_bot.web.metrics_route import metrics_routes
from handlers.slack.app import build_bolt_app
from handlers.slack.connect import check_bot_token, socket_mode_url
from handlers.slack.guard import Refused, read_signed_body
from handlers.slack.shape import Ignored, parse_request

log = structlog.get_logger(__name__)
EVENTS_PATH = "/slack/events"


def build_http_app(core: Core, bolt: AsyncApp) -> web.Application:
    secret = core.settings.slack_signing_secret
    if secret is None:
        raise ConfigError("Setting SLACK_SIGNING_SECRET is missing: HTTP mode verifies Slack's signatures with it.")
    key, max_bytes = secret.get_secret_value().encode(), core.settings.slack_max_body_bytes

    async def slack_events(request: web.Request) -> web.Response:
        content_type = request.headers.get("Content-Type", "").split(";")[0] or None  # as Bolt reads it
        try:
            raw = await read_signed_body(request, key, max_bytes)
            body = parse_request(raw, content_type)
        except Refused as refused:
            return _refusal(request, refused)
        except Ignored as ignored:
            log.warning("slack_event_ignored", reason=ignored.reason)
            return web.Response(status=200)
        return await to_aiohttp_response(await bolt.async_dispatch(_bolt_request(request, raw, body)))

    web_app = web.Application()
    web_app.add_routes([web.post(EVENTS_PATH, slack_events), *health_routes(core.db), *metrics_routes(core.services)])
    if _has_admin(core):  # the dashboard at /admin, when its sign-in is configured (else `genai-bot web` says why)
        mount_admin(web_app, core.services, core.settings)
    return web_app


def _has_admin(core: Core) -> bool:
    return dashboard_problem(core.settings) is None


def _bolt_request(request: web.Request, raw: bytes, body: dict[str, Any]) -> AsyncBoltRequest:
    bolt_request = AsyncBoltRequest(body=raw.decode("utf-8"), query=request.query_string, headers=request.headers)  # type: ignore[arg-type]
    if bolt_request.body != body:  # Bolt reads any form containing the word "payload" as an empty interaction
        bolt_request.body = body
        bolt_request.context = build_async_context(AsyncBoltContext({}), body)
    return bolt_request


def _refusal(request: web.Request, refused: Refused) -> web.Response:
    log.warning(
        "slack_request_refused",
        status=refused.status,
        reason=refused.reason,
        declared_bytes=request.content_length,
        remote=request.remote,
    )
    response = web.json_response({"error": refused.reason}, status=refused.status)
    response.force_close()  # the rest of an unread body is not drained
    return response


async def serve_http(core: Core, port: int, stop: asyncio.Event, host: str = "0.0.0.0") -> None:
    bolt = build_bolt_app(core, http_mode=True)
    await serve_until_stopped(
        build_http_app(core, bolt),
        port,
        stop,
        host=host,
        shutdown_timeout=core.settings.shutdown_timeout_seconds,
        ready=lambda: check_bot_token(bolt.client),
        on_listening=lambda: log.info("slack_http_listening", port=port, path=EVENTS_PATH, admin=_has_admin(core)),
    )


async def serve_socket(core: Core, stop: asyncio.Event) -> None:
    """Connect over Socket Mode and serve until `stop`, which ends it in every state (checking the tokens, waiting
    for Slack, connecting, connected)."""
    token = core.settings.slack_app_token
    if token is None:
        raise ConfigError("Setting SLACK_APP_TOKEN is missing: Socket Mode needs an app-level token (xapp-…).")
    bolt = build_bolt_app(core, http_mode=False)
    handler = AsyncSocketModeHandler(bolt, token.get_secret_value())

    async def connect() -> None:
        await check_bot_token(bolt.client)
        url = await socket_mode_url(bolt.client, token.get_secret_value(), stop)
        if url is not None:
            handler.client.wss_uri = url  # the first connection uses the URL just checked
            await handler.connect_async()  # type: ignore[no-untyped-call]

    try:
        if not await unless_stopped(connect(), stop):
            return
        log.info("slack_socket_mode_connected")
        await stop.wait()
    finally:
        await handler.close_async()  # type: ignore[no-untyped-call]
