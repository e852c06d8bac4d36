"""RRULE / RDATE / EXDATE expansion (RFC 5545) with ``dateutil.rrule``.

The installed ``icalendar`` parses recurrence rules but does not expand them, and ``recurring_ical_events`` is
not a dependency, so this module does it. Expansion runs on naive *wall-clock* times in the event's own time
zone, which is what RFC 5545 means by "every Monday at 10:00" across a daylight-saving change; callers attach
the zone to each occurrence afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any, cast

from dateutil.rrule import rruleset, rrulestr  # type: ignore[import-untyped]
from icalendar import vRecur

# Sub-hourly rules are not meetings, and expanding them from an old DTSTART would take far too long.
_UNSUPPORTED_FREQ = frozenset({"SECONDLY", "MINUTELY"})
MAX_STEPS = 20_000
"""How many occurrences (including ones before the window) one event may generate before we give up."""


class RecurrenceError(ValueError):
    """The rule cannot be expanded; ``code`` is an import issue code."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Expansion:
    starts: list[datetime]
    """Naive wall-clock starts of occurrences inside the window, ascending."""
    truncated: bool
    """True when the rule produced more than ``max_steps`` occurrences and expansion stopped early."""
    steps: int = 0
    """Occurrences generated, including those before the window (what the expansion cost)."""


def wall_time(value: date | datetime, zone: tzinfo) -> datetime:
    """``value`` as a naive wall-clock datetime in ``zone`` (dates become midnight; naive stays as is)."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=None)
    return value.astimezone(zone).replace(tzinfo=None)


def expand(
    first: datetime,
    rules: Iterable[vRecur],
    zone: tzinfo,
    *,
    rdates: Iterable[date | datetime] = (),
    exdates: Iterable[date | datetime] = (),
    after: datetime,
    before: datetime,
    max_steps: int = MAX_STEPS,
) -> Expansion:
    """Occurrence starts (naive wall time in ``zone``) with ``after <= start < before``.

    ``first`` is DTSTART as naive wall time; it is always an occurrence (RFC 5545), even when it does not
    match the rule. Raises RecurrenceError("unsupported_recurrence" | "bad_recurrence").
    """
    recurrence = rruleset()
    recurrence.rdate(first)
    for rule in rules:
        recurrence.rrule(_dateutil_rule(rule, first, zone))
    for extra in rdates:
        recurrence.rdate(wall_time(extra, zone))
    for excluded in exdates:
        recurrence.exdate(wall_time(excluded, zone))
    return _collect(recurrence, after, before, max_steps)


def _dateutil_rule(rule: vRecur, first: datetime, zone: tzinfo) -> Any:
    freq = [str(f).upper() for f in rule.get("FREQ", [])]
    if any(f in _UNSUPPORTED_FREQ for f in freq):
        raise RecurrenceError("unsupported_recurrence")
    without_until = vRecur(rule)
    untils = without_until.pop("UNTIL", None)
    try:
        text = cast(Any, without_until).to_ical().decode("ascii")
        parsed = rrulestr(text, dtstart=first)
        if untils:
            parsed = parsed.replace(until=_until_wall_time(untils[0], zone))
    except (ValueError, TypeError, KeyError) as exc:
        raise RecurrenceError("bad_recurrence") from exc
    return parsed


def _until_wall_time(until: date | datetime, zone: tzinfo) -> datetime:
    if not isinstance(until, datetime):  # a DATE: the whole day is included
        return datetime.combine(until, time.max)
    return wall_time(until, zone)


def _collect(recurrence: Any, after: datetime, before: datetime, max_steps: int) -> Expansion:
    starts: list[datetime] = []
    steps = 0
    try:
        for occurrence in recurrence:
            if occurrence >= before:
                return Expansion(starts, truncated=False, steps=steps)
            if steps >= max_steps:
                return Expansion(starts, truncated=True, steps=steps)
            steps += 1
            if occurrence >= after:
                starts.append(occurrence)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RecurrenceError("bad_recurrence") from exc
    return Expansion(starts, truncated=False, steps=steps)
