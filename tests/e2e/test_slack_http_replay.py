"""One execution per signed request: the same slash command, button click, shortcut or form sent again inside
the replay window (same signature and timestamp, or same trigger_id) is acknowledged and runs once — also when the
copy reaches another instance sharing the database."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import aiohttp

from tests.e2e.conftest import SIGNING_SECRET, SlackBot, running_http_bot
from tests.waiting import settled
from tests.world import FakeSlackAPI, block_actions_payload, message_shortcut_payload, view_submission_payload
from tests.world.signing import FORM, sign
from tests.world.slack_payloads import new_trigger_id, slash_command_payload


async def replay(bot: SlackBot, body: str, headers: dict[str, str], times: int = 3) -> list[int]:
    """Post exactly the same bytes with exactly the same signature headers, as an eavesdropper would."""
    statuses = []
    async with aiohttp.ClientSession() as session:
        for _ in range(times):
            async with session.post(
                bot.sender.url, data=body.encode(), headers={"Content-Type": FORM, **headers}
            ) as resp:
                statuses.append(resp.status)
    return statuses


def _slash_body(bot: SlackBot, text: str, **fields: str) -> str:
    payload = slash_command_payload(text, response_url=bot.slack.response_url(), **fields)
    return urlencode(payload)


async def test_the_same_signed_slash_command_sent_three_times_runs_once(http_bot: SlackBot) -> None:
    body = _slash_body(http_bot, "help")
    assert await replay(http_bot, body, sign(SIGNING_SECRET, body)) == [200, 200, 200]
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 1 and "genai-bot の使い方" in http_bot.slack.responses[0].body["text"]


async def test_a_signed_command_without_trigger_id_is_known_by_its_signature(http_bot: SlackBot) -> None:
    fields = slash_command_payload("help", response_url=http_bot.slack.response_url())
    del fields["trigger_id"]
    body = urlencode(fields)
    assert await replay(http_bot, body, sign(SIGNING_SECRET, body)) == [200, 200, 200]
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 1


async def test_the_same_trigger_id_with_a_fresh_signature_runs_once(http_bot: SlackBot) -> None:
    trigger = new_trigger_id()
    for second in range(3):  # re-signed each time (another timestamp): still the same Slack invocation
        body = _slash_body(http_bot, "help", trigger_id=trigger)
        headers = sign(SIGNING_SECRET, body, int(time.time()) - second)
        assert await replay(http_bot, body, headers, times=1) == [200]
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 1


async def test_a_replay_to_another_instance_runs_nowhere(
    http_bot: SlackBot, slack: FakeSlackAPI, database_url: str
) -> None:
    body = _slash_body(http_bot, "help")
    headers = sign(SIGNING_SECRET, body)
    assert await replay(http_bot, body, headers, times=1) == [200]
    async with running_http_bot(slack, database_url) as other:
        assert await replay(other, body, headers, times=2) == [200, 200]
        await settled(http_bot.core, other.core)
    assert len(slack.responses) == 1


async def test_different_commands_still_run_each(http_bot: SlackBot) -> None:
    for text in ("help", "help committee", "help"):
        assert (await http_bot.sender.slash_command(text))[0] == 200
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 3


async def test_the_same_button_click_sent_three_times_runs_once(http_bot: SlackBot) -> None:
    payload = block_actions_payload("genai:help", value="committee", trigger_id=new_trigger_id())
    for _ in range(3):
        assert (await http_bot.sender.interactive(payload))[0] == 200
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 1 and "/genai committee" in http_bot.slack.responses[0].body["text"]


async def test_the_same_signed_button_click_replayed_byte_for_byte_runs_once(http_bot: SlackBot) -> None:
    payload = block_actions_payload("genai:help", value="committee", response_url=http_bot.slack.response_url())
    body = urlencode({"payload": json.dumps(payload)})
    assert await replay(http_bot, body, sign(SIGNING_SECRET, body)) == [200, 200, 200]
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 1


async def test_the_same_shortcut_sent_three_times_runs_once(http_bot: SlackBot) -> None:
    message = {"type": "message", "ts": "1732500000.000100", "text": "Budget meeting moved", "user": "U1"}
    payload = message_shortcut_payload("genai_translate", message, trigger_id=new_trigger_id())
    for _ in range(3):
        assert (await http_bot.sender.interactive(payload))[0] == 200
    await settled(http_bot.core)
    assert len(http_bot.slack.responses) == 1


async def test_a_replayed_form_submission_is_acknowledged_and_runs_once(http_bot: SlackBot) -> None:
    metadata = json.dumps({"command": "help", "channel_id": "C1", "thread_id": None})
    payload = view_submission_payload("genai_form", {}, private_metadata=metadata)
    statuses = [(await http_bot.sender.interactive(payload))[0] for _ in range(3)]
    await settled(http_bot.core)
    assert statuses == [200, 200, 200]
    posts = [c for c in http_bot.slack.calls if c.method.startswith("chat.post")]
    assert len(posts) == 1 and "genai-bot の使い方" in posts[0].params["text"]
