"""HTTP mode end to end: signed requests in, real Bolt + slack_sdk out to the stand-in Web API."""

from __future__ import annotations

import json

import aiohttp
import pytest

from tests.e2e.conftest import SlackBot, running_http_bot
from tests.waiting import settled
from tests.world import (
    FakeSlackAPI,
    app_mention_event,
    block_actions_payload,
    message_event,
    message_shortcut_payload,
)


async def test_signed_help_command_is_acked_within_3_seconds_and_answered(http_bot: SlackBot) -> None:
    status, _, elapsed = await http_bot.sender.slash_command("help")
    assert status == 200 and elapsed < 3.0
    [response] = await http_bot.slack.wait_for_response(1)
    assert response.body["response_type"] == "ephemeral"
    assert "genai-bot の使い方" in response.body["text"]
    assert any(b["type"] == "section" for b in response.body["blocks"])


async def test_bad_or_stale_signature_is_refused_with_401(http_bot: SlackBot) -> None:
    assert (await http_bot.sender.slash_command("help", bad_signature=True))[0] == 401
    assert (await http_bot.sender.slash_command("help", timestamp_offset=-400))[0] == 401
    await settled(http_bot.core)
    assert http_bot.slack.responses == []  # nothing was run


async def test_unknown_verb_gets_an_ephemeral_suggestion(http_bot: SlackBot) -> None:
    await http_bot.sender.slash_command("sumarize")
    [response] = await http_bot.slack.wait_for_response(1)
    assert response.body["response_type"] == "ephemeral"
    assert "/genai summarize" in response.body["text"]


async def test_mention_is_answered_in_the_thread(http_bot: SlackBot) -> None:
    event = app_mention_event("<@UBOT> 会議の資料をまとめて", channel="C1")
    status, _, _ = await http_bot.sender.event(event)
    assert status == 200
    [call] = await http_bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "C1" and call.params["thread_ts"] == event["ts"]
    assert "OPENAI_API_KEY" in call.params["text"]  # no LLM configured yet: says which setting to add


async def test_mention_with_a_verb_runs_that_command(http_bot: SlackBot) -> None:
    await http_bot.sender.event(app_mention_event("<@UBOT> status"))
    [call] = await http_bot.slack.wait_for("chat.postEphemeral")  # a command's private answer stays private
    assert "genai-bot の状態" in call.params["text"] and "HTTP" in call.params["text"]


async def test_same_event_delivered_twice_is_handled_once_even_by_another_instance(
    http_bot: SlackBot, slack: FakeSlackAPI, database_url: str
) -> None:
    event = message_event("こんにちは", channel="D1", channel_type="im")
    await http_bot.sender.event(event, event_id="Ev-dup-1")
    await http_bot.slack.wait_for("chat.postMessage")
    # Slack retries against a second instance behind the load balancer (same database)
    async with running_http_bot(slack, database_url) as other:
        status, _, _ = await other.sender.event(event, event_id="Ev-dup-1", retry_num=1)
        assert status == 200
        status, _, _ = await http_bot.sender.event(event, event_id="Ev-dup-1", retry_num=2)
        assert status == 200
        await settled(http_bot.core, other.core)
        assert len(http_bot.slack.calls_to("chat.postMessage")) == 1


async def test_a_mistyped_command_in_a_mention_is_answered_to_the_asker_only(http_bot: SlackBot) -> None:
    await http_bot.sender.event(app_mention_event("<@UBOT> help nosuch", channel="C1"))
    [call] = await http_bot.slack.wait_for("chat.postEphemeral")
    assert call.params["user"] == "U1" and "nosuch" in call.params["text"]
    assert http_bot.slack.calls_to("chat.postMessage") == []


async def test_bot_and_edited_messages_in_dms_are_ignored(http_bot: SlackBot) -> None:
    edited = message_event("x", channel="D1", channel_type="im") | {"subtype": "message_changed"}
    await http_bot.sender.event(edited)
    await http_bot.sender.event(message_event("ch", channel="C1"))  # not a DM, not a mention
    await settled(http_bot.core)
    assert http_bot.slack.calls_to("chat.postMessage") == []


async def test_app_home_lists_the_commands(http_bot: SlackBot) -> None:
    await http_bot.sender.event(
        {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1.0"}
    )
    [call] = await http_bot.slack.wait_for("views.publish")
    view = json.loads(call.params["view"]) if isinstance(call.params["view"], str) else call.params["view"]
    text = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home"
    for verb in ("summarize", "translate", "committee", "trip", "status"):
        assert f"`{verb}`" in text
    assert "genai:status" in text  # a button that runs /genai status


async def test_message_shortcut_runs_the_verb_on_the_message(http_bot: SlackBot) -> None:
    message = {"type": "message", "ts": "1732500000.000100", "text": "Budget meeting moved", "user": "U1"}
    status, _, _ = await http_bot.sender.interactive(message_shortcut_payload("genai_translate", message))
    assert status == 200
    [response] = await http_bot.slack.wait_for_response(1)
    assert response.body["response_type"] == "ephemeral"
    assert "translate" in response.body["text"]  # the verb ran (its skill reads the message from ctx.extra)


async def test_button_click_runs_the_command_and_answers_ephemerally(http_bot: SlackBot) -> None:
    await http_bot.sender.interactive(block_actions_payload("genai:help", value="committee"))
    [response] = await http_bot.slack.wait_for_response(1)
    assert "/genai committee" in response.body["text"]
    assert response.body.get("replace_original") is False


async def test_rate_limited_post_waits_for_retry_after_and_succeeds(http_bot: SlackBot) -> None:
    http_bot.slack.fail_next("chat.postEphemeral", times=1, status=429, retry_after=1)
    await http_bot.sender.event(app_mention_event("<@UBOT> help"))
    [call] = await http_bot.slack.wait_for("chat.postEphemeral", timeout=10)
    limited = [c for c in http_bot.slack.calls_to("chat.postEphemeral", include_limited=True) if c.limited]
    assert len(limited) == 1 and call.at - limited[0].at >= 1.0


async def test_healthz_reports_the_database(http_bot: SlackBot) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{http_bot.base_url}/healthz") as resp:
        assert resp.status == 200
        body = await resp.json()
    assert body["status"] == "ok" and body["database"] in {"sqlite", "postgresql"}


async def test_healthz_is_503_when_the_database_is_gone(http_bot: SlackBot) -> None:
    await http_bot.core.db.engine.dispose()
    http_bot.core.db.engine.pool._creator = _refuse  # type: ignore[attr-defined]
    async with aiohttp.ClientSession() as session, session.get(f"{http_bot.base_url}/healthz") as resp:
        assert resp.status == 503


def _refuse(*_args: object, **_kw: object) -> object:
    raise ConnectionRefusedError("database down")


@pytest.mark.parametrize("challenge", ["abc123"])
async def test_url_verification_echoes_the_challenge(http_bot: SlackBot, challenge: str) -> None:
    status, body, _ = await http_bot.sender.url_verification(challenge)
    assert status == 200 and challenge in body


@pytest.mark.parametrize("line", ["help", "ヘルプ", "/genai help"])
async def test_help_in_a_direct_message_runs_help_as_in_the_console(http_bot: SlackBot, line: str) -> None:
    await http_bot.sender.event(message_event(line, channel="D1", channel_type="im"))
    [call] = await http_bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "D1" and "genai-bot の使い方" in call.params["text"]


async def test_an_ordinary_sentence_in_a_direct_message_goes_to_chat(http_bot: SlackBot) -> None:
    await http_bot.sender.event(message_event("Help me write a notice", channel="D1", channel_type="im"))
    [call] = await http_bot.slack.wait_for("chat.postMessage")
    assert "OPENAI_API_KEY" in call.params["text"] and "genai-bot の使い方" not in call.params["text"]


async def test_a_button_in_app_home_is_answered_in_the_direct_message(http_bot: SlackBot) -> None:
    payload = block_actions_payload("genai:help", value="committee")
    del payload["channel"], payload["message"], payload["response_url"]
    payload["container"] = {"type": "view", "view_id": "V1"}
    payload["view"] = {"id": "V1", "type": "home", "blocks": []}
    await http_bot.sender.interactive(payload)
    [call] = await http_bot.slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "U1" and "/genai committee" in call.params["text"]
    assert http_bot.slack.responses == [] and http_bot.slack.calls_to("chat.postEphemeral") == []
