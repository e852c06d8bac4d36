"""Occurrences of one event series (the VEVENTs sharing a UID) inside a window, via ``recurring-ical-events``.

The library does the RFC 5545 work: RRULE, RDATE, EXDATE, moved single occurrences (RECURRENCE-ID), overrides
with ``RANGE=THISANDFUTURE``, all-day events and wall-clock expansion across daylight-saving changes. This
module adds what an import of untrusted files needs on top: sub-hourly rules are refused, and a rule that would
make the library generate more than ``max_steps`` occurrences (counted from DTSTART, as the expansion
iterates from there) is cut short and reported, so a hostile file cannot pin a CPU.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from math import prod
from typing import Any

import recurring_ical_events  # type: ignore[import-untyped]
from icalendar import Calendar, Component, Event

__all__ = ["MAX_STEPS", "Expansion", "RecurrenceError", "as_utc", "expand_series"]

MAX_STEPS = 20_000
"""How many occurrences (including ones before the window) one series may generate before we give up."""

_UNSUPPORTED_FREQ = frozenset({"SECONDLY", "MINUTELY"})
# The shortest each period can be, so that the step estimate is an upper bound.
_PERIOD = {
    "YEARLY": timedelta(days=365),
    "MONTHLY": timedelta(days=28),
    "WEEKLY": timedelta(days=7),
    "DAILY": timedelta(days=1),
    "HOURLY": timedelta(hours=1),
}
# BY* parts that can give more than one occurrence per period.
_EXPANDING = ("BYMONTH", "BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYHOUR", "BYMINUTE", "BYSECOND")


class RecurrenceError(ValueError):
    """The series cannot be expanded; ``code`` is an import issue code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Expansion:
    occurrences: list[Component]
    """One VEVENT per occurrence overlapping the window, with its own DTSTART and DTEND."""
    truncated: bool
    """True when the series would have generated more than ``max_steps`` occurrences and was cut short."""
    steps: int = 0
    """Occurrences the expansion was allowed to generate (what it cost)."""


def expand_series(events: Sequence[Event], start: datetime, end: datetime, *, max_steps: int = MAX_STEPS) -> Expansion:
    """Occurrences of the series made of ``events`` that overlap ``[start, end]`` (aware datetimes).

    Floating and all-day occurrences come back as the library gives them (naive / ``date``); compare them
    with a margin. Raises RecurrenceError("unsupported_recurrence" | "bad_recurrence")."""
    master = next((event for event in events if "RECURRENCE-ID" not in event), None)
    stop, steps, truncated = end, 0, False
    if master is not None and "RRULE" in master:
        steps, cutoff = _budgeted(master, end, max(max_steps, 0))
        if cutoff is not None:
            stop, truncated = min(end, cutoff), True
    if stop <= start:
        return Expansion([], truncated, steps)
    calendar = Calendar()
    for event in events:
        calendar.add_component(event)
    try:
        found = list(recurring_ical_events.of(calendar).between(start, stop))
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise RecurrenceError("bad_recurrence") from exc
    return Expansion(found, truncated, steps)


def _budgeted(master: Event, end: datetime, max_steps: int) -> tuple[int, datetime | None]:
    """(steps the rules may take up to ``end``, the moment to stop at when that exceeds ``max_steps``)."""
    try:
        first = as_utc(master.DTSTART)
        rules: list[dict[str, list[Any]]] = [dict(rule) for rule in master.rrules]
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RecurrenceError("bad_recurrence") from exc
    steps, cutoff = 0, None
    for rule in rules:
        freq = str(rule.get("FREQ", [""])[0]).upper()
        if freq in _UNSUPPORTED_FREQ:
            raise RecurrenceError("unsupported_recurrence")
        if freq not in _PERIOD:
            raise RecurrenceError("bad_recurrence")
        period = _PERIOD[freq] * max(_first_int(rule, "INTERVAL", 1), 1)
        per_period = prod(len(rule.get(part, [])) or 1 for part in _EXPANDING)
        last = _rule_end(rule, end)
        rule_steps = max(int((last - first) / period) + 1, 0) * per_period
        if "COUNT" in rule:
            rule_steps = min(rule_steps, _first_int(rule, "COUNT", 0))
        if steps + rule_steps > max_steps:
            stop = first + period * max((max_steps - steps) // per_period, 0)
            cutoff = stop if cutoff is None else min(cutoff, stop)
            rule_steps = max_steps - steps
        steps += rule_steps
    return steps, cutoff


def _rule_end(rule: dict[str, list[Any]], end: datetime) -> datetime:
    untils = rule.get("UNTIL")
    if not untils or not isinstance(untils[0], date):
        return as_utc(end)
    return min(as_utc(end), as_utc(untils[0]))


def _first_int(rule: dict[str, list[Any]], part: str, default: int) -> int:
    try:
        return int(rule.get(part, [default])[0])
    except (TypeError, ValueError, IndexError) as exc:
        raise RecurrenceError("bad_recurrence") from exc


def as_utc(value: date | datetime, zone: tzinfo = UTC) -> datetime:
    """`value` in UTC; dates (midnight) and floating times are wall time in `zone` (UTC: a rough estimate)."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)
