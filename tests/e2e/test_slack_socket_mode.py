"""Socket Mode end to end: the real Bolt AsyncSocketModeHandler against the stand-in websocket."""

from __future__ import annotations

import time

from genai_bot.app import Core
from tests.waiting import settled
from tests.world import FakeSlackAPI, FakeSocketModeServer, app_mention_event


async def test_slash_command_over_socket_mode_is_acked_and_answered(
    socket_bot: tuple[FakeSocketModeServer, Core], slack: FakeSlackAPI
) -> None:
    server, _core = socket_bot
    started = time.monotonic()
    envelope = await server.send_slash_command("help", response_url=slack.response_url("C1", "U1"))
    ack = await server.wait_for_ack(envelope, timeout=3)
    assert ack["envelope_id"] == envelope and time.monotonic() - started < 3.0
    [response] = await slack.wait_for_response(1)
    assert "genai-bot の使い方" in response.body["text"]


async def test_mention_over_socket_mode_is_answered_once_despite_a_retry(
    socket_bot: tuple[FakeSocketModeServer, Core], slack: FakeSlackAPI
) -> None:
    server, core = socket_bot
    event = app_mention_event("<@UBOT> status")
    first = await server.send_event(event, event_id="Ev-socket-1")
    await server.wait_for_ack(first)
    retry = await server.send_event(event, event_id="Ev-socket-1", retry_attempt=1)
    await server.wait_for_ack(retry)
    [call] = await slack.wait_for("chat.postEphemeral")
    assert "Socket Mode" in call.params["text"]
    await settled(core)
    assert len(slack.calls_to("chat.postEphemeral")) == 1


async def test_start_up_asks_slack_who_the_bot_is_once(
    socket_bot: tuple[FakeSocketModeServer, Core], slack: FakeSlackAPI
) -> None:
    """The start-up token check and Bolt's authorization share one auth.test, before and after requests."""
    server, core = socket_bot
    envelope = await server.send_slash_command("help", response_url=slack.response_url("C1", "U1"))
    await server.wait_for_ack(envelope, timeout=3)
    await slack.wait_for_response(1)
    await settled(core)
    assert len(slack.calls_to("auth.test")) == 1
