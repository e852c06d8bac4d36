"""Digest schedules: what people type (ja, en, full-width) and when a digest falls due in JST."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from genai_bot.errors import UserFacingError
from skills.digest.schedule import next_occurrence, parse_quiet, parse_schedule, quiet_shift

JST = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("typed", "weekday", "at"),
    [
        ("daily 08:30", None, time(8, 30)),
        ("毎日 8:30", None, time(8, 30)),
        ("ＤＡＩＬＹ　０８：３０", None, time(8, 30)),
        ("weekly mon 09:00", 0, time(9, 0)),
        ("毎週 月曜 9:00", 0, time(9, 0)),
        ("weekly 金 9時半", 4, time(9, 30)),
    ],
)
def test_schedules_people_type(typed: str, weekday: int | None, at: time) -> None:
    schedule = parse_schedule(typed)
    assert (schedule.weekday, schedule.at) == (weekday, at)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("daily 25:00", "digest.error.time"),
        ("weekly funday 09:00", "digest.error.weekday"),
        ("hourly 09:00", "digest.error.frequency"),
        ("", "digest.error.schedule_missing"),
    ],
)
def test_bad_schedules_say_what_is_wrong(typed: str, key: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_schedule(typed)
    assert caught.value.message_key == key


def test_weekly_on_a_holiday_is_skipped_unless_holidays_are_included() -> None:
    after = datetime(2026, 11, 20, 12, tzinfo=JST)
    due = next_occurrence(after, parse_schedule("weekly mon 09:00"), JST)
    assert due is not None and due.astimezone(JST).date().isoformat() == "2026-11-30"  # 11/23 勤労感謝の日
    due = next_occurrence(after, parse_schedule("weekly mon 09:00 --include-holidays"), JST)
    assert due is not None and due.astimezone(JST).date().isoformat() == "2026-11-23"


def test_quiet_hours_over_midnight_move_the_send_to_their_end() -> None:
    quiet = parse_quiet("22:00〜07:00")
    moved = quiet_shift(datetime(2026, 11, 24, 23, 30, tzinfo=JST), quiet, JST)
    assert moved.astimezone(JST) == datetime(2026, 11, 25, 7, 0, tzinfo=JST)
    kept = datetime(2026, 11, 24, 8, 30, tzinfo=JST)
    assert quiet_shift(kept, quiet, JST) == kept
    assert parse_quiet("off") is None
