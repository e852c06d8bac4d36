"""Dates as people type them and as they read them (ja and en)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from genai_bot.dates import format_day, next_date
from skills.committee.dates import format_span, parse_duration, parse_window

TODAY = date(2026, 11, 25)  # a Wednesday
JST = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026/12/01", date(2026, 12, 1)),
        ("2026年12月1日", date(2026, 12, 1)),
        ("12/1", date(2026, 12, 1)),
        ("１２／１", date(2026, 12, 1)),
        ("12月1日", date(2026, 12, 1)),
        ("１２月１日(火)", date(2026, 12, 1)),
        ("明日", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 26)),
        ("今日", TODAY),
        ("1/10", date(2027, 1, 10)),  # long past this year: next year
        ("11/1", date(2026, 11, 1)),  # just past: stays (and is refused later as "in the past")
        ("2/30", None),
        ("someday", None),
    ],
)
def test_next_date(word: str, expected: date | None) -> None:
    assert next_date(word, TODAY) == expected


def test_windows_two_dates_a_range_a_week_or_one_day() -> None:
    assert parse_window(["12/1", "12/12"], TODAY) == (date(2026, 12, 1), date(2026, 12, 12), 2)
    assert parse_window(["12/1〜12/12"], TODAY) == (date(2026, 12, 1), date(2026, 12, 12), 1)
    assert parse_window(["12月1日～12月12日"], TODAY) == (date(2026, 12, 1), date(2026, 12, 12), 1)
    assert parse_window(["12/1-12/5"], TODAY) == (date(2026, 12, 1), date(2026, 12, 5), 1)
    assert parse_window(["来週"], TODAY) == (date(2026, 11, 30), date(2026, 12, 4), 1)
    assert parse_window(["next", "week"], TODAY) == (date(2026, 11, 30), date(2026, 12, 4), 2)
    assert parse_window(["今週"], TODAY) == (TODAY, date(2026, 11, 27), 1)
    assert parse_window(["12/3", "--duration"], TODAY) == (date(2026, 12, 3), date(2026, 12, 3), 1)
    assert parse_window(["予算"], TODAY) is None


def test_a_window_over_new_year_ends_in_the_coming_january() -> None:
    assert parse_window(["12/28〜1/8"], TODAY) == (date(2026, 12, 28), date(2027, 1, 8), 1)


@pytest.mark.parametrize(
    ("word", "minutes"),
    [
        ("90", 90),
        ("９０分", 90),
        ("90min", 90),
        ("1.5h", 90),
        ("2時間", 120),
        ("1時間30分", 90),
        ("0", None),
        ("abc", None),
    ],
)
def test_durations(word: str, minutes: int | None) -> None:
    assert parse_duration(word) == minutes


def test_spans_read_naturally_in_each_language_and_time_zone() -> None:
    start, end = datetime(2026, 12, 1, 10, 0, tzinfo=JST), datetime(2026, 12, 1, 11, 30, tzinfo=JST)
    assert format_span(start, end, "ja", "Asia/Tokyo") == "12月1日(火) 10:00–11:30"
    assert format_span(start, end, "en", "Asia/Tokyo") == "Tue 1 Dec 10:00–11:30"
    assert format_span(start, end, "en", "Europe/London") == "Tue 1 Dec 01:00–02:30"
    assert format_day(date(2027, 1, 5), "ja", this_year=2026) == "2027年1月5日(火)"
