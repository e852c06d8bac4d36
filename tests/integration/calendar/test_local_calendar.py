"""Busy blocks imported from .ics files, stored and read back on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from genai_bot.app import Core
from genai_bot.calendar import LocalCalendar, import_ics
from genai_bot.db.calendar_models import BusyBlock
from genai_bot.errors import UserFacingError

NOW = datetime(2026, 11, 30, tzinfo=UTC)
T0 = datetime(2026, 12, 1, tzinfo=UTC)  # 09:00 JST


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def ics(*events: tuple[str, str, str]) -> bytes:
    """Events as (uid, DTSTART line value, DTEND line value) in UTC basic format."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for uid, start, end in events:
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTART:{start}", f"DTEND:{end}", "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""]).encode()


async def test_imported_blocks_are_busy_and_clipped(core: Core) -> None:
    result = await import_ics(
        core.db,
        "taro@example.go.jp",
        ics(("a", "20261201T010000Z", "20261201T020000Z"), ("b", "20261201T230000Z", "20261202T030000Z")),
        now=NOW,
    )
    assert (result.count, result.skipped, result.errors) == (2, 0, [])

    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, T0 + timedelta(days=1))

    assert busy.busy == {"taro@example.go.jp": [(at(1), at(2)), (at(23), at(24))]}
    assert busy.sources == {"taro@example.go.jp": "local"}
    assert busy.unknown == set()


async def test_times_survive_the_database_in_utc(core: Core) -> None:
    jst_event = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:jst\r\n"
        b"DTSTART;TZID=Asia/Tokyo:20261201T100000\r\nDTEND;TZID=Asia/Tokyo:20261201T113000\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    await import_ics(core.db, "taro@example.go.jp", jst_event, now=NOW)
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, T0 + timedelta(days=1))
    (span,) = busy.busy["taro@example.go.jp"]
    assert span == (at(1), at(2.5))
    assert span[0].tzinfo is not None


async def test_people_without_an_import_are_unknown_and_an_empty_import_means_free(core: Core) -> None:
    await import_ics(core.db, "member:42", ics(), now=NOW)
    busy = await LocalCalendar(core.db).busy(["member:42", "member:43"], T0, T0 + timedelta(days=1))
    assert busy.busy == {"member:42": []}
    assert busy.unknown == {"member:43"}


async def test_owner_keys_accept_full_width_and_any_case(core: Core) -> None:
    full_width = "ＴＡＲＯ＠ｅｘａｍｐｌｅ．ｇｏ．ｊｐ"
    await import_ics(core.db, full_width, ics(("a", "20261201T010000Z", "20261201T020000Z")), now=NOW)
    busy = await LocalCalendar(core.db).busy(["Taro@Example.go.jp"], T0, T0 + timedelta(days=1))
    assert busy.busy == {"Taro@Example.go.jp": [(at(1), at(2))]}


async def test_reimport_replaces_the_previous_file(core: Core) -> None:
    await import_ics(core.db, "taro@example.go.jp", ics(("a", "20261201T010000Z", "20261201T020000Z")), now=NOW)
    await import_ics(core.db, "taro@example.go.jp", ics(("b", "20261201T050000Z", "20261201T060000Z")), now=NOW)
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, T0 + timedelta(days=1))
    assert busy.busy["taro@example.go.jp"] == [(at(5), at(6))]


async def test_merge_import_keeps_other_events_and_updates_same_uid(core: Core) -> None:
    await import_ics(
        core.db,
        "taro@example.go.jp",
        ics(("a", "20261201T010000Z", "20261201T020000Z"), ("b", "20261201T050000Z", "20261201T060000Z")),
        now=NOW,
    )
    await import_ics(
        core.db, "taro@example.go.jp", ics(("b", "20261201T070000Z", "20261201T080000Z")), replace=False, now=NOW
    )
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, T0 + timedelta(days=1))
    assert busy.busy["taro@example.go.jp"] == [(at(1), at(2)), (at(7), at(8))]


async def test_one_persons_import_never_touches_anothers(core: Core) -> None:
    await import_ics(core.db, "taro@example.go.jp", ics(("a", "20261201T010000Z", "20261201T020000Z")), now=NOW)
    await import_ics(core.db, "hanako@example.go.jp", ics(("a", "20261201T030000Z", "20261201T040000Z")), now=NOW)
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp", "hanako@example.go.jp"], T0, at(24))
    assert busy.busy == {"taro@example.go.jp": [(at(1), at(2))], "hanako@example.go.jp": [(at(3), at(4))]}


async def test_recurring_meeting_is_stored_once_per_occurrence(core: Core) -> None:
    weekly = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:weekly\r\n"
        b"DTSTART;TZID=Asia/Tokyo:20261201T100000\r\nDTEND;TZID=Asia/Tokyo:20261201T110000\r\n"
        b"RRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Asia/Tokyo:20261208T100000\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = await import_ics(core.db, "taro@example.go.jp", weekly, now=NOW)
    assert result.count == 3
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, T0 + timedelta(days=30))
    assert [s for s, _ in busy.busy["taro@example.go.jp"]] == [at(1), at(1 + 14 * 24), at(1 + 21 * 24)]


async def test_a_junk_file_changes_nothing(core: Core) -> None:
    await import_ics(core.db, "taro@example.go.jp", ics(("a", "20261201T010000Z", "20261201T020000Z")), now=NOW)
    with pytest.raises(UserFacingError) as caught:
        await import_ics(core.db, "taro@example.go.jp", b"name,start\nmeeting,2026-12-01\n", now=NOW)
    assert caught.value.message_key == "calendar.ics_invalid"
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, at(24))
    assert busy.busy["taro@example.go.jp"] == [(at(1), at(2))]


async def test_graph_cache_is_replaced_for_the_window_and_read_back(core: Core) -> None:
    local = LocalCalendar(core.db)
    await local.cache_graph({"taro@example.go.jp": [(at(1), at(2)), (at(30), at(31))]}, T0, at(48))
    await local.cache_graph({"taro@example.go.jp": [(at(3), at(4))], "jiro@example.go.jp": []}, T0, at(24))
    busy = await local.busy(["taro@example.go.jp", "jiro@example.go.jp"], T0, at(48))
    assert busy.busy == {"taro@example.go.jp": [(at(3), at(4)), (at(30), at(31))], "jiro@example.go.jp": []}


async def test_forget_removes_a_persons_data(core: Core) -> None:
    await import_ics(core.db, "taro@example.go.jp", ics(("a", "20261201T010000Z", "20261201T020000Z")), now=NOW)
    assert await LocalCalendar(core.db).forget("TARO@example.go.jp") == 2  # the block and the import marker
    busy = await LocalCalendar(core.db).busy(["taro@example.go.jp"], T0, at(24))
    assert busy.unknown == {"taro@example.go.jp"}
    async with core.db.session() as session:
        assert (await session.exec(select(BusyBlock))).all() == []


async def test_many_people_at_once(core: Core) -> None:
    people = [f"member:{i}" for i in range(700)]
    for person in people[:3]:
        await import_ics(core.db, person, ics(("a", "20261201T010000Z", "20261201T020000Z")), now=NOW)
    busy = await LocalCalendar(core.db).busy(people, T0, at(24))
    assert set(busy.busy) == set(people[:3]) and len(busy.unknown) == 697
