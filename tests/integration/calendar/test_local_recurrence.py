"""Recurring meetings imported from .ics files block the right hours, stored and read back on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from genai_bot.app import Core
from genai_bot.calendar import LocalCalendar, import_ics
from skills.committee.slots import BusyInterval, MemberAvailability, SlotRequest, find_common_slots

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 30, tzinfo=UTC)
CHAIR = "chair@example.go.jp"


def jst(day: int, hour: int) -> datetime:
    return datetime(2026, 12, day, hour, tzinfo=JST)


def calendar(*lines: str, header: str = "") -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *filter(None, [header]), *lines, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode()


WEEKLY_MOVED_FROM_15_DEC = calendar(
    "BEGIN:VEVENT",
    "UID:teiki",
    "DTSTAMP:20261101T000000Z",
    "SUMMARY:定例",
    "DTSTART;TZID=Asia/Tokyo:20261201T100000",
    "DTEND;TZID=Asia/Tokyo:20261201T110000",
    "RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "UID:teiki",
    "DTSTAMP:20261201T000000Z",
    "SEQUENCE:1",
    "SUMMARY:定例（午後に変更）",
    "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Asia/Tokyo:20261215T100000",
    "DTSTART;TZID=Asia/Tokyo:20261215T140000",
    "DTEND;TZID=Asia/Tokyo:20261215T150000",
    "END:VEVENT",
)


async def busy_on(core: Core, day: int) -> list[tuple[datetime, datetime]]:
    found = await LocalCalendar(core.db).busy([CHAIR], jst(day, 0), jst(day + 1, 0))
    return [(start.astimezone(JST), end.astimezone(JST)) for start, end in found.busy[CHAIR]]


async def test_a_meeting_moved_this_and_future_blocks_the_new_hour_from_then_on(core: Core) -> None:
    result = await import_ics(core.db, CHAIR, WEEKLY_MOVED_FROM_15_DEC, now=NOW)
    assert result.errors == []

    assert await busy_on(core, 8) == [(jst(8, 10), jst(8, 11))]
    assert await busy_on(core, 15) == [(jst(15, 14), jst(15, 15))]
    assert await busy_on(core, 22) == [(jst(22, 14), jst(22, 15))]
    assert await busy_on(core, 29) == [(jst(29, 14), jst(29, 15))]


async def test_the_slot_finder_offers_10_00_and_not_14_00_after_the_move(core: Core) -> None:
    await import_ics(core.db, CHAIR, WEEKLY_MOVED_FROM_15_DEC, now=NOW)
    found = await LocalCalendar(core.db).busy([CHAIR], jst(15, 0), jst(16, 0))
    request = SlotRequest(
        window_start=jst(15, 0),
        window_end=jst(16, 0),
        duration_minutes=60,
        working_hours=(time(10), time(15)),
        max_candidates=20,
        members=[MemberAvailability(CHAIR, busy=[BusyInterval(s, e) for s, e in found.busy[CHAIR]])],
    )
    starts = [candidate.start for candidate in find_common_slots(request).candidates]
    # 10:00 is free again; the meeting now sits at 14:00-15:00, so the last hour-long slot starts at 13:00.
    assert starts == [jst(15, 10) + timedelta(minutes=15 * i) for i in range(13)]


async def test_an_x_wr_timezone_calendar_keeps_its_wall_time(core: Core) -> None:
    google = calendar(
        "BEGIN:VEVENT",
        "UID:g",
        "DTSTAMP:20261101T000000Z",
        "DTSTART:20261201T010000Z",
        "DTEND:20261201T020000Z",
        "RRULE:FREQ=DAILY;COUNT=3",
        "END:VEVENT",
        header="X-WR-TIMEZONE:Asia/Tokyo",
    )
    await import_ics(core.db, CHAIR, google, now=NOW)
    assert await busy_on(core, 3) == [(jst(3, 10), jst(3, 11))]
