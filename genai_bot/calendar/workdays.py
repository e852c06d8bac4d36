"""Japanese government business-day calendar.

A day is a business day unless it is a Saturday or Sunday, a national holiday
(``jpholiday`` covers 振替休日 substitute holidays and 国民の休日 sandwiched days),
or part of the government year-end closure (12/29 – 1/3 inclusive, 行政機関の休日).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import lru_cache

import jpholiday

__all__ = [
    "business_days",
    "is_business_day",
    "is_year_end_closure",
    "next_business_day",
    "nth_business_day_after",
    "previous_business_day",
]

_SATURDAY = 5


def is_year_end_closure(d: date) -> bool:
    """True for Dec 29 – Jan 3 inclusive."""
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


@lru_cache(maxsize=4096)
def _is_business_day(d: date) -> bool:
    if d.weekday() >= _SATURDAY or is_year_end_closure(d):
        return False
    return not bool(jpholiday.is_holiday(d))


def is_business_day(d: date) -> bool:
    """True when government offices are open on ``d``.

    A ``datetime`` is accepted too; only its calendar date (as written) counts.
    """
    if isinstance(d, datetime):
        d = d.date()
    return _is_business_day(d)


def business_days(first: date, last: date) -> Iterator[date]:
    """Yield the business days from ``first`` to ``last`` inclusive, in order."""
    day = first
    while day <= last:
        if is_business_day(day):
            yield day
        day += timedelta(days=1)


_LOOKAHEAD = 30
"""Business days are never further apart than this (the year-end closure with a weekend is the longest gap)."""


def previous_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the closest business day before it."""
    for _ in range(_LOOKAHEAD):
        if is_business_day(day):
            return day
        day -= timedelta(days=1)
    return day


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the closest business day after it."""
    for _ in range(_LOOKAHEAD):
        if is_business_day(day):
            return day
        day += timedelta(days=1)
    return day


def nth_business_day_after(day: date, n: int) -> date:
    """The `n`-th business day after `day` (`day` itself not counted)."""
    for _ in range(n):
        day = next_business_day(day + timedelta(days=1))
    return day
