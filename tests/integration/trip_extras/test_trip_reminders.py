"""An approved trip's reminders go out through the outbox on working days, survive a restart, and are dropped for a
trip cancelled or changed in the meantime."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from skills.trip.reminders import schedule_trip_reminders
from tests.integration.trip_extras.conftest import JST, TripOffice, office_settings, open_office

DAY_BEFORE = datetime(2026, 12, 9, 9, 0, tzinfo=JST)  # Wed, the working day before Thu 10 Dec
REPORT_DUE = datetime(2026, 12, 16, 9, 0, tzinfo=JST)  # Wed: 3rd working day after Fri 11 Dec


async def _sweep(office: TripOffice, at: datetime) -> None:
    office.clock.set(at)
    outbox = office.core.services.outbox
    assert outbox is not None
    await outbox.sweep(now=at)


async def test_the_traveller_is_reminded_the_working_day_before_and_when_the_report_is_due(office: TripOffice) -> None:
    trip = await office.add_trip()
    assert await schedule_trip_reminders(office.core.services, trip) == 2
    assert await schedule_trip_reminders(office.core.services, trip) == 0  # idempotent
    await _sweep(office, datetime(2026, 12, 9, 8, 59, tzinfo=JST))
    assert "明日から出張です" not in office.posted()
    await _sweep(office, DAY_BEFORE)
    assert f"明日から出張です: #{trip.id} 大阪市（12月10日(木)〜12月11日(金)）" in office.posted()
    await _sweep(office, REPORT_DUE)
    assert f"出張 #{trip.id} 大阪市（12月10日(木)〜12月11日(金)）の出張報告書の提出期限は本日です" in office.posted()
    assert office.posted().count("明日から出張です") == 1


async def test_a_cancelled_trip_gets_no_reminder_and_a_filed_report_none_either(office: TripOffice) -> None:
    cancelled = await office.add_trip()
    reported = await office.add_trip(destination="名古屋市")
    for trip in (cancelled, reported):
        await schedule_trip_reminders(office.core.services, trip)
    async with office.core.db.session() as s:
        row = await s.get(type(cancelled), cancelled.id)
        assert row is not None
        row.state, row.version = "cancelled", row.version + 1
        s.add(row)
    await _sweep(office, DAY_BEFORE)
    assert "大阪市" not in office.posted() and "名古屋市" in office.posted()
    async with office.core.db.session() as s:
        row = await s.get(type(reported), reported.id)
        assert row is not None
        row.state, row.version, row.report_filed_at = "completed", row.version + 1, office.clock.now()
        s.add(row)
    await _sweep(office, REPORT_DUE)
    assert "提出期限" not in office.posted()


async def test_reminders_already_past_are_skipped(office: TripOffice) -> None:
    trip = await office.add_trip(depart=date(2026, 12, 2), return_on=date(2026, 12, 3))  # reminder was Tue 1 Dec 9:00
    assert await schedule_trip_reminders(office.core.services, trip) == 1  # only the report reminder
    draft = await office.add_trip(state="submitted")
    assert await schedule_trip_reminders(office.core.services, draft) == 0


async def test_a_reminder_survives_a_restart(settings: Settings, tmp_path: Path) -> None:
    settings = office_settings(settings, tmp_path)
    async with open_office(settings) as office:
        trip = await office.add_trip()
        await schedule_trip_reminders(office.core.services, trip)
    async with open_office(settings, clock=FixedClock(DAY_BEFORE)) as office:  # a new core on the same database
        await _sweep(office, DAY_BEFORE)
        assert f"明日から出張です: #{trip.id}" in office.posted()


async def test_the_reminder_is_in_the_travellers_language(office: TripOffice) -> None:
    await office.person("tanaka", lang="en")
    trip = await office.add_trip(destination="Osaka")
    await schedule_trip_reminders(office.core.services, trip)
    await _sweep(office, DAY_BEFORE)
    assert f"Your trip starts tomorrow: #{trip.id} Osaka (Thu 10 Dec – Fri 11 Dec)" in office.posted()
