"""Digests in the console: subscribing, bad input, preview, and a clock travelling across holidays and the
year-end closure, with the fan-out job and the outbox run as the timers would."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlmodel import select

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.db.models import OutboxMessage
from genai_bot.digest_port import DigestItem, DigestSection
from genai_bot.messages import Person
from genai_bot.services import Services
from handlers.console.chat_port import ConsoleChatPort
from tests.conftest import TestBot, running_core

JST = ZoneInfo("Asia/Tokyo")


def at(*wall: int) -> datetime:
    return datetime(*wall, tzinfo=JST).astimezone(UTC)


async def _always(services: Services, person: Person, day: object) -> list[DigestItem]:
    return [DigestItem(f"something for {person.user_id}", "waiting", ref="`/genai something`", kind="test")]


def _with_section(core: Core) -> ConsoleChatPort:
    core.services.digest_sections.add(DigestSection("test", _always))
    port = ConsoleChatPort(core.db, io.StringIO())
    core.services.chat_ports["console"] = port
    return port


async def _tick(core: Core, clock: FixedClock, when: datetime) -> int:
    clock.set(when)
    await core.scheduler.run_minutely("digest.find_due")
    assert core.services.outbox is not None
    return (await core.services.outbox.sweep(now=when, limit=100)).sent


async def _sent_days(core: Core) -> list[str]:
    async with core.db.session() as s:
        rows = (await s.exec(select(OutboxMessage).where(OutboxMessage.status == "sent"))).all()
    return sorted(r.payload["day"] for r in rows if r.kind.startswith("digest.build"))


async def test_bad_input_is_answered_in_japanese_and_english(settings: Settings) -> None:
    async with running_core(settings, clock=FixedClock(at(2026, 11, 20, 9))) as core:
        bot = await TestBot.signed_in(core)
        assert "25:00" in await bot.text("/genai digest subscribe daily 25:00")
        assert "曜日" in await bot.text("/genai ダイジェスト subscribe weekly xyz 09:00")
        await bot.as_user("U-en", lang="en")
        assert "not a time of day" in await bot.text("/genai digest subscribe daily 25:00")
        assert "not a weekday" in await bot.text("/genai digest subscribe weekly funday 09:00")


async def test_a_week_with_a_holiday_and_the_year_end_closure(settings: Settings) -> None:
    clock = FixedClock(at(2026, 11, 20, 9))  # a Friday
    async with running_core(settings, clock=clock) as core:
        _with_section(core)
        bot = await TestBot.signed_in(core)
        answer = await bot.text("/genai digest subscribe 毎日 ８：３０")
        assert "11月24日(火) 08:30" in answer  # Sat, Sun and 勤労感謝の日 (Mon 11/23) skipped
        for day in range(21, 28):
            await _tick(core, clock, at(2026, 11, day, 8, 31))
        assert await _sent_days(core) == ["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"]
        for day in range(1, 32):
            await _tick(core, clock, at(2026, 12, day, 8, 31))
        for day in (1, 2, 3, 4):
            await _tick(core, clock, at(2027, 1, day, 8, 31))
        days = await _sent_days(core)
        assert "2026-12-28" in days and "2027-01-04" in days
        assert not [d for d in days if "2026-12-29" <= d <= "2027-01-03"]
        await _tick(core, clock, at(2027, 1, 4, 8, 45))  # nothing twice
        assert (await _sent_days(core)).count("2027-01-04") == 1


async def test_weekly_on_a_weekday_and_quiet_hours(settings: Settings) -> None:
    clock = FixedClock(at(2026, 11, 18, 12))  # a Wednesday
    async with running_core(settings, clock=clock) as core:
        _with_section(core)
        bot = await TestBot.signed_in(core)
        await bot.text("/genai digest quiet 22:00-07:00")
        assert "11月25日(水) 06:30" in await bot.text("/genai digest subscribe weekly wed 6:30")
        await _tick(core, clock, at(2026, 11, 25, 6, 31))
        assert await _sent_days(core) == []  # quiet until 07:00
        await _tick(core, clock, at(2026, 11, 25, 7, 0))
        assert await _sent_days(core) == ["2026-11-25"]
        for day in range(26, 31):
            await _tick(core, clock, at(2026, 11, day, 7, 1))
        await _tick(core, clock, at(2026, 12, 1, 7, 1))
        assert await _sent_days(core) == ["2026-11-25"]
        await _tick(core, clock, at(2026, 12, 2, 7, 1))
        assert await _sent_days(core) == ["2026-11-25", "2026-12-02"]


async def test_preview_snooze_and_turn_off_in_the_console(settings: Settings) -> None:
    clock = FixedClock(at(2026, 11, 24, 8))
    async with running_core(settings, clock=clock) as core:
        bot = await TestBot.signed_in(core)
        assert "送りません" in await bot.text("/genai digest preview")  # nothing: empty digests are not sent
        port = _with_section(core)
        preview = await bot.text("/genai digest preview")
        assert "11月24日(火) のダイジェスト" in preview and "something for U-test" in preview
        await bot.text("/genai digest subscribe daily 08:30")
        await bot.text("/genai digest snooze 1")
        await _tick(core, clock, at(2026, 11, 24, 8, 31))
        assert await _sent_days(core) == []
        await _tick(core, clock, at(2026, 11, 25, 8, 31))
        assert await _sent_days(core) == ["2026-11-25"]
        assert "digest snooze 1" in port.out.getvalue()  # the console says what to type instead of buttons
        assert "停止" in await bot.text("/genai digest off 1")
        await _tick(core, clock, at(2026, 11, 26, 8, 31))
        assert await _sent_days(core) == ["2026-11-25"]
        assert "申し込みはありません" in await bot.text("/genai digest list")


async def test_a_restart_mid_fan_out_sends_the_rest_and_nothing_twice(settings: Settings) -> None:
    clock = FixedClock(at(2026, 11, 24, 8))
    async with running_core(settings, clock=clock) as core:
        for n in range(6):
            bot = await TestBot.signed_in(core, f"U{n}")
            await bot.text("/genai digest subscribe daily 08:30")
        clock.set(at(2026, 11, 24, 8, 31))
        await core.scheduler.run_minutely("digest.find_due")
        _with_section(core)
        assert core.services.outbox is not None
        first = await core.services.outbox.sweep(now=clock.now(), limit=2)  # then the process dies
        assert first.sent == 2
    async with running_core(settings, clock=clock) as again:
        _with_section(again)
        await again.scheduler.run_minutely("digest.find_due")  # the job runs again: no second row
        assert again.services.outbox is not None
        rest = await again.services.outbox.sweep(now=clock.now(), limit=100)
        assert rest.sent == 4
        assert await _sent_days(again) == ["2026-11-24"] * 6


async def test_preview_shows_my_committee_polls_meetings_and_followed_channels(settings: Settings) -> None:
    from genai_bot.db.models import ChannelMessage
    from skills.committee.models import Committee, CommitteeMember, Meeting, Poll

    clock = FixedClock(at(2026, 11, 24, 8))
    async with running_core(settings, clock=clock) as core:
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, io.StringIO())
        async with core.db.session() as s:
            committee = Committee(platform="console", team_id="T-test", name="予算検討委員会", created_by="U-x")
            s.add(committee)
            await s.flush()
            assert committee.id is not None
            s.add(CommitteeMember(committee_id=committee.id, user_id="U-test", name="田中"))
            meeting = Meeting(
                committee_id=committee.id,
                title="第3回会合",
                created_by="U-x",
                status="confirmed",
                start=at(2026, 11, 24, 14),
                end=at(2026, 11, 24, 15),
            )
            polled = Meeting(committee_id=committee.id, title="第4回会合", created_by="U-x", status="polling")
            s.add_all([meeting, polled])
            await s.flush()
            assert polled.id is not None
            s.add(Poll(meeting_id=polled.id, deadline=at(2026, 11, 27, 17)))
            for n in range(3):
                s.add(
                    ChannelMessage(
                        platform="console",
                        channel_id="soumu",
                        author="U-y",
                        text=f"来週の会議室は第{n + 1}会議室に決定しました。資料は金曜までにお願いします。",
                        created_at=at(2026, 11, 23, 15, n),
                    )
                )
        bot = await TestBot.signed_in(core)
        assert "soumu" in await bot.text("/genai digest follow #soumu")
        preview = await bot.text("/genai digest preview")
        assert "第4回会合" in preview and "未回答" in preview  # the poll waiting for my answer
        assert "第3回会合" in preview and "今日" in preview  # my meeting today
        assert "#soumu" in preview and "会議室" in preview  # the followed channel, summarised without an LLM


async def _broken(services: Services, person: Person, day: object) -> list[DigestItem]:
    raise RuntimeError("the committee tables are unreachable")


async def test_a_section_that_fails_is_left_out_and_the_digest_still_goes(settings: Settings) -> None:
    clock = FixedClock(at(2026, 11, 24, 8))
    async with running_core(settings, clock=clock) as core:
        bot = await TestBot.signed_in(core)
        port = _with_section(core)
        core.services.digest_sections.add(DigestSection("broken", _broken, order=1))
        assert "something for U-test" in await bot.text("/genai digest preview")
        await bot.text("/genai digest subscribe daily 08:30")
        assert await _tick(core, clock, at(2026, 11, 24, 8, 31)) >= 1
        assert await _sent_days(core) == ["2026-11-24"] and "something for U-test" in port.out.getvalue()
