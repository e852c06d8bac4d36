"""Signed HTTP requests and Socket Mode envelopes reach the REAL slack_bolt / slack_sdk code."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from tests.waiting import wait_until
from tests.world.signing import SlackEventSender, sign
from tests.world.slack_api import FakeSlackAPI
from tests.world.slack_payloads import (
    app_mention_event,
    block_actions_payload,
    message_shortcut_payload,
    view_submission_payload,
)
from tests.world.socket_mode import FakeSocketModeServer

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def test_sign_matches_slack_sdk_signature_verifier() -> None:
    verifier = SignatureVerifier(SECRET)
    body = "token=x&text=hello%20world"
    headers = sign(SECRET, body)
    assert headers["X-Slack-Signature"].startswith("v0=")
    assert verifier.is_valid(body, headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    assert not verifier.is_valid(body + "x", headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"])
    stale = sign(SECRET, body, int(time.time()) - 400)
    assert not verifier.is_valid(body, stale["X-Slack-Request-Timestamp"], stale["X-Slack-Signature"])
    fixed = sign(SECRET, body, 1531420618)
    assert fixed["X-Slack-Signature"] == verifier.generate_signature(timestamp="1531420618", body=body)


def build_bolt_app(slack: FakeSlackAPI, seen: list[AsyncBoltRequest]) -> AsyncApp:
    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token="xoxb-test", base_url=slack.base_url))

    @app.command("/genai")
    async def command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await respond(text=f"echo: {command['text']}", response_type="ephemeral")

    @app.event("app_mention")
    async def mention(event: dict[str, Any], say: AsyncSay, request: AsyncBoltRequest) -> None:
        seen.append(request)
        await say(text=f"hi <@{event['user']}>", thread_ts=event["ts"])

    @app.action("approve")
    async def approve(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await respond(text=f"approved {body['actions'][0]['value']}", replace_original=False)

    @app.shortcut("summarise")
    async def summarise(ack: AsyncAck, shortcut: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(
            trigger_id=shortcut["trigger_id"],
            view={"type": "modal", "callback_id": "trip", "title": {"type": "plain_text", "text": "t"}, "blocks": []},
        )

    @app.view("trip")
    async def submit(ack: AsyncAck, view: dict[str, Any]) -> None:
        dest = view["state"]["values"]["dest"]["input"]["value"]
        await ack(response_action="errors", errors={"dest": f"no trips to {dest}"})

    return app


@pytest.fixture
async def bolt_http(slack: FakeSlackAPI) -> AsyncIterator[tuple[str, list[AsyncBoltRequest]]]:
    seen: list[AsyncBoltRequest] = []
    runner = web.AppRunner(build_bolt_app(slack, seen).web_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}", seen
    await runner.cleanup()


async def test_sender_drives_a_real_bolt_app(
    slack: FakeSlackAPI, bolt_http: tuple[str, list[AsyncBoltRequest]]
) -> None:
    url, seen = bolt_http
    sender = SlackEventSender(url, SECRET, slack_api=slack)

    status, body, elapsed = await sender.url_verification("chal-123")
    assert status == 200 and "chal-123" in body and elapsed > 0

    status, _, _ = await sender.slash_command("summarise today", channel_id="C5", user_id="U5")
    assert status == 200
    (response,) = await slack.wait_for_response()
    assert response.body["text"] == "echo: summarise today" and (response.channel, response.user) == ("C5", "U5")

    event = app_mention_event("<@UBOT> hello", user="U2", channel="C1", ts="1732500001.000100")
    status, _, _ = await sender.event(event, event_id="Ev1", retry_num=1)
    assert status == 200
    await slack.wait_for("chat.postMessage")
    assert slack.posted_texts("C1") == ["hi <@U2>"]
    assert slack.last("chat.postMessage").params["thread_ts"] == "1732500001.000100"
    assert seen[0].headers["x-slack-retry-num"] == ["1"]
    assert seen[0].headers["x-slack-retry-reason"] == ["http_timeout"]
    assert seen[0].body["event_id"] == "Ev1" and seen[0].body["authorizations"][0]["user_id"] == "UBOT"


async def test_sender_interactive_payloads(slack: FakeSlackAPI, bolt_http: tuple[str, list[Any]]) -> None:
    url, _ = bolt_http
    async with SlackEventSender(url, SECRET, slack_api=slack) as sender:
        status, _, _ = await sender.interactive(block_actions_payload("approve", value="trip-42"))
        assert status == 200
        (response,) = await slack.wait_for_response()
        assert response.body["text"] == "approved trip-42"

        message = {"type": "message", "ts": "1732500002.000100", "text": "long thread", "user": "U1"}
        status, _, _ = await sender.interactive(message_shortcut_payload("summarise", message))
        assert status == 200
        (opened,) = await slack.wait_for("views.open")
        assert opened.params["view"]["callback_id"] == "trip"

        values = {"dest": {"input": {"type": "plain_text_input", "value": "Osaka"}}}
        status, body, _ = await sender.interactive(view_submission_payload("trip", values))
        assert status == 200 and "no trips to Osaka" in body


async def test_sender_bad_signature_and_stale_timestamp_are_rejected(
    slack: FakeSlackAPI, bolt_http: tuple[str, list[Any]]
) -> None:
    url, _ = bolt_http
    sender = SlackEventSender(url, SECRET, slack_api=slack)
    assert (await sender.slash_command("x", bad_signature=True))[0] == 401
    assert (await sender.event(app_mention_event("<@UBOT> x"), timestamp_offset=-400))[0] == 401
    await asyncio.sleep(0.05)
    assert slack.responses == [] and slack.posted_texts() == []


async def test_socket_mode_client_connects_receives_and_acks(
    slack: FakeSlackAPI, socket_server: FakeSocketModeServer
) -> None:
    received: list[SocketModeRequest] = []
    messages: list[dict[str, Any]] = []

    async def on_request(client: AsyncBaseSocketModeClient, req: SocketModeRequest) -> None:
        received.append(req)
        payload = {"text": "got it"} if req.type == "slash_commands" else None
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload=payload))

    async def on_message(client: AsyncBaseSocketModeClient, message: dict[str, Any], raw: str | None) -> None:
        messages.append(message)

    client = SocketModeClient(app_token="xapp-test", web_client=AsyncWebClient(base_url=slack.base_url))
    client.socket_mode_request_listeners.append(on_request)
    client.message_listeners.append(on_message)
    try:
        await client.connect()
        await socket_server.wait_connected()
        assert slack.last("apps.connections.open").token == "xapp-test"

        event_id = await socket_server.send_event(app_mention_event("<@UBOT> hi"))
        assert await socket_server.wait_for_ack(event_id) == {"envelope_id": event_id}
        command_id = await socket_server.send_slash_command("help", user_id="U3")
        ack = await socket_server.wait_for_ack(command_id)
        assert ack == {"envelope_id": command_id, "payload": {"text": "got it"}}
        assert [r.type for r in received] == ["events_api", "slash_commands"]
        assert received[1].payload["user_id"] == "U3"
        assert messages[0]["type"] == "hello" and messages[0]["num_connections"] == 1

        await socket_server.send_disconnect()  # Slack's periodic refresh: the client reconnects
        await slack.wait_for("apps.connections.open", count=2)
        await wait_until(lambda: socket_server.connect_count == 2 and socket_server.connected, what="the reconnect")
        again = await socket_server.send_envelope("events_api", {"type": "event_callback", "event": {}})
        assert (await socket_server.wait_for_ack(again))["envelope_id"] == again
    finally:
        await client.close()


async def test_bolt_socket_mode_handler_acks_with_payload(
    slack: FakeSlackAPI, socket_server: FakeSocketModeServer
) -> None:
    app = AsyncApp(client=AsyncWebClient(token="xoxb-test", base_url=slack.base_url))

    @app.command("/genai")
    async def command(ack: AsyncAck, command: dict[str, Any]) -> None:
        await ack(text=f"working on {command['text']}")

    handler = AsyncSocketModeHandler(app, app_token="xapp-test")
    await handler.connect_async()
    try:
        envelope_id = await socket_server.send_slash_command("minutes")
        ack = await socket_server.wait_for_ack(envelope_id)
        assert ack["payload"]["text"] == "working on minutes"
    finally:
        await handler.close_async()


async def test_wait_for_ack_times_out(socket_server: FakeSocketModeServer) -> None:
    with pytest.raises(TimeoutError):
        await socket_server.wait_connected(timeout=0.05)
    with pytest.raises(TimeoutError):
        await socket_server.wait_for_ack("never", timeout=0.05)
