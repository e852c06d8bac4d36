from __future__ import annotations

from datetime import date, datetime

import pytest

from genai_bot.calendar.workdays import business_days, is_business_day, is_year_end_closure


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 1), True),  # Tuesday
        (date(2026, 12, 5), False),  # Saturday
        (date(2026, 12, 6), False),  # Sunday
        (date(2026, 11, 23), False),  # 勤労感謝の日 (Monday)
        (date(2026, 11, 24), True),
        (date(2026, 9, 21), False),  # 敬老の日
        (date(2026, 9, 22), False),  # 国民の休日 (sandwiched)
        (date(2026, 9, 23), False),  # 秋分の日
        (date(2026, 9, 24), True),
        (date(2026, 5, 6), False),  # 振替休日 for 5/3 (Sunday)
        (date(2026, 5, 7), True),
        (date(2026, 12, 28), True),  # last working day of the year
        (date(2026, 12, 29), False),  # year-end closure (a Tuesday)
        (date(2026, 12, 31), False),
        (date(2027, 1, 1), False),
        (date(2027, 1, 3), False),
        (date(2027, 1, 4), True),  # offices reopen (Monday)
    ],
)
def test_is_business_day(day: date, expected: bool) -> None:
    assert is_business_day(day) is expected


def test_year_end_closure_bounds() -> None:
    assert not is_year_end_closure(date(2026, 12, 28))
    assert is_year_end_closure(date(2026, 12, 29))
    assert is_year_end_closure(date(2027, 1, 3))
    assert not is_year_end_closure(date(2027, 1, 4))


def test_closure_applies_even_on_weekdays_without_a_holiday() -> None:
    # 2025-12-29 (Mon) and 2025-12-30 (Tue) are ordinary weekdays that are not national holidays.
    assert not is_business_day(date(2025, 12, 29))
    assert not is_business_day(date(2025, 12, 30))


def test_datetime_is_accepted_by_its_date() -> None:
    assert is_business_day(datetime(2026, 12, 1, 23, 59))
    assert not is_business_day(datetime(2026, 11, 23, 10, 0))


def test_business_days_over_new_year() -> None:
    assert list(business_days(date(2026, 12, 25), date(2027, 1, 6))) == [
        date(2026, 12, 25),
        date(2026, 12, 28),
        date(2027, 1, 4),
        date(2027, 1, 5),
        date(2027, 1, 6),
    ]


def test_business_days_golden_week() -> None:
    assert list(business_days(date(2026, 4, 29), date(2026, 5, 8))) == [
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 5, 7),
        date(2026, 5, 8),
    ]
