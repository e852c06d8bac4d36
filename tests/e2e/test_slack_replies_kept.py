"""Replies survive a bad minute at Slack: kept in the database, delivered later by the outbox, each exactly once.

Time is moved by sweeping the outbox "as of" a later moment (`sweep(now=…)`), so nothing here sleeps for the
outage or for Retry-After; the only real waits are slack_sdk's own short retries.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import select

from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.messages import Reply
from genai_bot.outbox import SweepResult
from handlers.slack.answer import Origin, deliver
from handlers.slack.kept import REPLY_KIND
from tests.e2e.conftest import SlackBot
from tests.waiting import settled
from tests.world import FakeSlackAPI, app_mention_event, message_event


async def _kept(bot: SlackBot) -> list[OutboxMessage]:
    async with bot.core.db.session() as s:
        rows = (await s.exec(select(OutboxMessage).where(OutboxMessage.kind == REPLY_KIND))).all()
    return sorted(rows, key=lambda r: r.id or 0)


async def _sweep(bot: SlackBot, at: datetime) -> SweepResult:
    outbox = bot.core.services.outbox
    assert outbox is not None
    return await outbox.sweep(now=at, limit=50)


def _delivered(slack: FakeSlackAPI) -> dict[str, int]:
    """What reached the person, by way back (successful calls only)."""
    return {
        "response_url": len(slack.responses),
        "chat.postEphemeral": sum(c.ok for c in slack.calls_to("chat.postEphemeral")),
        "chat.postMessage": sum(c.ok for c in slack.calls_to("chat.postMessage")),
    }


async def test_slack_down_for_ten_seconds_then_back_every_reply_is_delivered_once(
    http_bot: SlackBot, slack: FakeSlackAPI
) -> None:
    await http_bot.sender.slash_command("status")  # Bolt checks the token (auth.test) once, at the first request
    await slack.wait_for_response(1)
    slack.clear_calls()
    start = utcnow()
    await slack.go_down()
    # three requests while Slack is unreachable: a slash command (response_url), a command in a mention
    # (ephemeral) and a DM (posted in the DM thread)
    await http_bot.sender.slash_command("help")
    await http_bot.sender.event(app_mention_event("<@UBOT> status", channel="C1"))
    dm = message_event("こんにちは", channel="D1", channel_type="im")
    await http_bot.sender.event(dm)
    await settled(http_bot.core, timeout=20)
    kept = await _kept(http_bot)
    assert len(kept) == 3 and {r.status for r in kept} == {"pending"}

    # 5 s into the outage the outbox tries again: still down, nothing is lost
    result = await _sweep(http_bot, start + timedelta(seconds=5))
    assert result.retried == 3 and result.sent == 0

    await slack.come_back()  # 10 s after it went down
    result = await _sweep(http_bot, start + timedelta(minutes=5))  # past the outbox's backoff
    assert result.sent == 3
    assert _delivered(slack) == {"response_url": 1, "chat.postEphemeral": 1, "chat.postMessage": 1}
    [response] = slack.responses
    assert response.body["response_type"] == "ephemeral" and "genai-bot の使い方" in response.body["text"]
    [ephemeral] = [c for c in slack.calls_to("chat.postEphemeral") if c.ok]
    assert ephemeral.params["user"] == "U1" and "genai-bot の状態" in ephemeral.params["text"]
    [dm_answer] = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    assert dm_answer.params["channel"] == "D1" and dm_answer.params["thread_ts"] == dm["ts"]

    # nothing is sent twice, however often the outbox sweeps
    assert (await _sweep(http_bot, start + timedelta(hours=1))).sent == 0
    assert _delivered(slack) == {"response_url": 1, "chat.postEphemeral": 1, "chat.postMessage": 1}
    assert {r.status for r in await _kept(http_bot)} == {"sent"}


async def test_post_message_rate_limited_six_times_is_delivered_at_retry_after_once(http_bot: SlackBot) -> None:
    slack = http_bot.slack
    # slack_sdk waits out 5 short 429s itself; the 6th asks for 30 s, which the bot honours through the outbox
    slack.fail_next("chat.postMessage", times=5, status=429, retry_after=0)
    slack.fail_next("chat.postMessage", times=1, status=429, retry_after=30)
    before = utcnow()
    event = app_mention_event("<@UBOT> 会議の資料をまとめて", channel="C1")
    await http_bot.sender.event(event)
    await settled(http_bot.core, timeout=20)
    assert len(slack.calls_to("chat.postMessage", include_limited=True)) == 6
    [row] = await _kept(http_bot)
    assert before + timedelta(seconds=29) <= row.due_at <= utcnow() + timedelta(seconds=31)

    assert (await _sweep(http_bot, before + timedelta(seconds=10))).sent == 0  # not before Retry-After
    pacer = http_bot.core.services.pacer
    assert pacer is not None
    pacer.clock = lambda: time.time() + 31  # the pacer honours Retry-After too: 30 s later, as the sweep's
    assert (await _sweep(http_bot, row.due_at)).sent == 1
    [call] = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    assert call.params["channel"] == "C1" and call.params["thread_ts"] == event["ts"]
    assert "OPENAI_API_KEY" in call.params["text"]
    assert (await _sweep(http_bot, row.due_at + timedelta(hours=1))).sent == 0
    assert sum(c.ok for c in slack.calls_to("chat.postMessage")) == 1


async def test_post_message_failing_with_500_three_times_is_delivered_later_once(http_bot: SlackBot) -> None:
    slack = http_bot.slack
    slack.fail_next("chat.postMessage", times=3, status=500)
    event = app_mention_event("<@UBOT> 会議の資料をまとめて", channel="C1")
    await http_bot.sender.event(event)
    await settled(http_bot.core, timeout=20)
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [500, 500, 500]  # slack_sdk's own 2 retries
    assert [r.status for r in await _kept(http_bot)] == ["pending"]
    assert (await _sweep(http_bot, utcnow() + timedelta(seconds=1))).sent == 1
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [500, 500, 500, 200]
    assert slack.calls_to("chat.postMessage")[-1].params["thread_ts"] == event["ts"]
    assert (await _sweep(http_bot, utcnow() + timedelta(hours=1))).sent == 0


async def test_a_reply_slack_refuses_for_good_is_not_kept(http_bot: SlackBot) -> None:
    slack = http_bot.slack
    slack.fail_next("chat.postMessage", times=1, status=200, error="invalid_blocks")
    await http_bot.sender.event(app_mention_event("<@UBOT> 会議の資料をまとめて", channel="C1"))
    await settled(http_bot.core)
    assert await _kept(http_bot) == []  # retrying cannot help: logged as the failure it is, as before


async def test_parts_slack_took_before_a_failure_are_never_sent_again(http_bot: SlackBot) -> None:
    slack = http_bot.slack
    thread = "1700000000.000100"
    text = "\n".join(f"段落 {i:04d} " + "あ" * 200 for i in range(400))  # three messages
    client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)  # as Bolt hands it to a listener
    slack.set_rate_limit("chat.postMessage", max_calls=1, per_seconds=3600, retry_after=0)
    await deliver(Reply.text(text, ephemeral=False), Origin(client, "U1", "C1", thread))
    [first] = await _kept(http_bot)
    assert len(first.payload["parcel"]["messages"]) == 2  # the first part got through; two are owed

    slack.set_rate_limit("chat.postMessage", max_calls=1, per_seconds=3600, retry_after=0)
    assert (await _sweep(http_bot, utcnow() + timedelta(seconds=1))).sent == 1  # one more part, then limited
    first_row, second = await _kept(http_bot)
    assert first_row.status == "sent" and len(second.payload["parcel"]["messages"]) == 1

    slack.clear_rate_limit("chat.postMessage")
    assert (await _sweep(http_bot, utcnow() + timedelta(seconds=1))).sent == 1
    posted = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    assert len(posted) == 3 and {c.params["thread_ts"] for c in posted} == {thread}
    numbers = [w for c in posted for b in c.params["blocks"] for w in b["text"]["text"].split() if w.isdigit()]
    assert numbers == [f"{i:04d}" for i in range(400)]  # every paragraph once, in order


async def _age_response_urls(bot: SlackBot) -> None:
    """Let the kept replies' response_url expire (30 minutes pass)."""
    async with bot.core.db.session() as s:
        for row in (await s.exec(select(OutboxMessage).where(OutboxMessage.kind == REPLY_KIND))).all():
            row.payload = {**row.payload, "parcel": {**row.payload["parcel"], "response_url_expires": 0.0}}
            s.add(row)


async def test_a_kept_answer_goes_through_the_response_url_while_it_is_valid(http_bot: SlackBot) -> None:
    slack = http_bot.slack
    slack.fail_next("response_url", times=1, status=503)
    await http_bot.sender.slash_command("help")
    await settled(http_bot.core)
    assert slack.responses == [] and len(await _kept(http_bot)) == 1
    assert (await _sweep(http_bot, utcnow() + timedelta(seconds=1))).sent == 1
    [response] = slack.responses
    assert response.body["response_type"] == "ephemeral" and "genai-bot の使い方" in response.body["text"]
    assert slack.calls_to("chat.postEphemeral") == []


async def test_once_the_response_url_expired_a_kept_answer_is_ephemeral_or_else_a_direct_message(
    http_bot: SlackBot,
) -> None:
    slack = http_bot.slack
    slack.fail_next("response_url", times=2, status=429, retry_after=0)
    await http_bot.sender.slash_command("help", channel_id="C1")
    await http_bot.sender.slash_command("status", channel_id="C-elsewhere")  # the bot is not in that channel
    slack.not_in_channel.add("C-elsewhere")
    await settled(http_bot.core)
    assert len(await _kept(http_bot)) == 2
    await _age_response_urls(http_bot)
    assert (await _sweep(http_bot, utcnow() + timedelta(seconds=1))).sent == 2
    assert slack.responses == []
    [ephemeral] = [c for c in slack.calls_to("chat.postEphemeral") if c.ok]
    assert ephemeral.params["channel"] == "C1" and "genai-bot の使い方" in ephemeral.params["text"]
    [direct] = [c for c in slack.calls_to("chat.postMessage") if c.ok]
    assert direct.params["channel"] == "U1" and "genai-bot の状態" in direct.params["text"]
