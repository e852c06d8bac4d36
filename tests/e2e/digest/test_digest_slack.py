"""Digests through signed Slack payloads against the Slack stand-in: subscribe, preview, the scheduled send,
the Snooze and Turn off buttons, and channel digests only for the channel's members."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from genai_bot.clock import FixedClock
from genai_bot.digest_port import DigestItem, DigestSection
from genai_bot.messages import Person
from genai_bot.services import Services
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.world import FakeSlackAPI, block_actions_payload

JST = ZoneInfo("Asia/Tokyo")


def at(*wall: int) -> datetime:
    return datetime(*wall, tzinfo=JST).astimezone(UTC)


async def _item(services: Services, person: Person, day: date) -> list[DigestItem]:
    return [DigestItem(f"承認待ち {person.user_id}", "出張 大阪", kind="test")]


async def command(bot: SlackBot, text: str, *, user: str = "U1", channel: str = "C1") -> dict[str, Any]:
    seen = len(bot.slack.responses)
    status, _, _ = await bot.sender.slash_command(text, user_id=user, channel_id=channel)
    assert status == 200
    return (await bot.slack.wait_for_response(seen + 1, timeout=15))[seen].body


async def click(bot: SlackBot, value: str, *, user: str = "U1") -> dict[str, Any]:
    seen = len(bot.slack.responses)
    payload = block_actions_payload("genai:digest", value=value, user_id=user, channel_id="C1")
    status, _, _ = await bot.sender.interactive(payload)
    assert status == 200
    return (await bot.slack.wait_for_response(seen + 1, timeout=15))[seen].body


async def test_subscribe_preview_scheduled_send_and_buttons(slack: FakeSlackAPI, database_url: str) -> None:
    slack.add_user("U2", "suzuki")
    slack.add_channel("C9", "budget", members=["U1", "UBOT"])
    clock = FixedClock(at(2026, 11, 24, 8))
    async with running_http_bot(slack, database_url, clock=clock) as bot:
        bot.core.services.digest_sections.add(DigestSection("test", _item))
        answer = await command(bot, "digest subscribe daily 08:30")
        assert "11月24日(火) 08:30" in answer["text"]
        preview = await command(bot, "digest preview")
        assert "承認待ち U1" in str(preview) and preview.get("response_type") != "in_channel"
        refused = await command(bot, "digest channel <#C9|budget> daily 17:30", user="U2")
        assert "メンバーではない" in refused["text"]
        assert "budget" in (await command(bot, "digest channel <#C9|budget> daily 17:30"))["text"]

        clock.set(at(2026, 11, 24, 8, 31))
        await bot.core.scheduler.run_minutely("digest.find_due")
        assert bot.core.services.outbox is not None
        await bot.core.services.outbox.sweep(now=clock.now())
        [post] = slack.calls_to("chat.postMessage")
        assert "承認待ち U1" in str(post.params.get("text")) and "genai:digest" in str(post.params.get("blocks"))

        assert "止めます" in (await click(bot, "snooze 1"))["text"]
        clock.set(at(2026, 11, 25, 8, 31))
        await bot.core.scheduler.run_minutely("digest.find_due")
        await bot.core.services.outbox.sweep(now=clock.now())
        assert len(slack.calls_to("chat.postMessage")) == 1  # snoozed for a day
        assert "停止" in (await click(bot, "off 1"))["text"]
        assert "#2" in (await command(bot, "digest list"))["text"]  # the channel digest stays


async def test_a_digest_slack_rate_limits_comes_back_when_asked_and_goes_once(
    slack: FakeSlackAPI, database_url: str
) -> None:
    from sqlmodel import select

    from genai_bot.db.models import OutboxMessage

    clock = FixedClock(at(2026, 11, 24, 8))
    async with running_http_bot(slack, database_url, clock=clock) as bot:
        bot.core.services.digest_sections.add(DigestSection("test", _item))
        await command(bot, "digest subscribe daily 08:30")
        clock.set(at(2026, 11, 24, 8, 31))
        await bot.core.scheduler.run_minutely("digest.find_due")
        outbox, pacer = bot.core.services.outbox, bot.core.services.pacer
        assert outbox is not None and pacer is not None
        pacer.clock = lambda: clock.now().timestamp()  # the pause Slack asks for passes on the test's clock
        slack.fail_next("chat.postMessage", times=1, retry_after=40)
        await outbox.sweep(now=clock.now())
        async with bot.core.db.session() as s:
            [row] = (await s.exec(select(OutboxMessage).where(OutboxMessage.kind.startswith("digest.")))).all()  # type: ignore[attr-defined]
        assert row.status == "pending" and row.attempts == 0  # slowed down, not failed: the try is not counted
        assert (row.due_at - clock.now()).total_seconds() >= 39  # back when Slack said
        clock.set(at(2026, 11, 24, 8, 32))
        await outbox.sweep(now=clock.now())
        sent = [c for c in slack.calls_to("chat.postMessage") if c.ok]
        assert len(sent) == 1 and "承認待ち U1" in str(sent[0].params.get("text"))
