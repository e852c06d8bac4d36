"""Read busy periods out of an iCalendar (.ics) file — pure, no database.

Handles what Outlook, Google Calendar and Apple Calendar export: VEVENTs with DTEND or DURATION, all-day
events (DATE values become whole days in the calendar's time zone), TZID parameters with or without
VTIMEZONE (Windows zone names included), floating times (read in the calendar's ``X-WR-TIMEZONE`` or the
given zone, Asia/Tokyo by default), RRULE/RDATE/EXDATE recurrences expanded within a horizon, and
RECURRENCE-ID overrides of single occurrences. Cancelled events and ones marked free (TRANSP:TRANSPARENT,
Outlook's X-MICROSOFT-CDO-BUSYSTATUS:FREE) are skipped. UTF-8 (with or without BOM) and Shift_JIS files
are accepted. A file that is not iCalendar raises ``UserFacingError("calendar.ics_invalid")``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Component, Event

from genai_bot.calendar.recurrence import MAX_STEPS, Expansion, RecurrenceError, expand, wall_time
from genai_bot.errors import UserFacingError

DEFAULT_ZONE = "Asia/Tokyo"
DEFAULT_HORIZON_DAYS = 180
MAX_ICS_BYTES = 5 * 1024 * 1024
MAX_BLOCKS = 20_000
"""Busy blocks one file may yield; beyond that the rest is left out (issue ``too_many_events``)."""
MAX_RECURRENCE_STEPS = 400_000
"""Recurrence occurrences one file may make us generate in all, so a hostile file cannot pin a CPU."""
_UID_MAX = 300
_ENCODINGS = ("utf-8-sig", "cp932")


@dataclass(frozen=True)
class ParsedBlock:
    start: datetime
    """UTC."""
    end: datetime
    """UTC."""
    uid: str | None


@dataclass(frozen=True)
class IcsIssue:
    """One event that could not be read; ``code`` names why (i18n: calendar.issue.<code>)."""

    uid: str | None
    code: str


@dataclass
class ParsedCalendar:
    blocks: list[ParsedBlock] = field(default_factory=list)
    events: int = 0
    """VEVENTs in the file."""
    skipped: int = 0
    """Events deliberately left out: cancelled, free/transparent, or taking no time."""
    outside: int = 0
    """Events with no occurrence between the look-back and the horizon."""
    issues: list[IcsIssue] = field(default_factory=list)


@dataclass(frozen=True)
class _Window:
    start: datetime
    end: datetime


@dataclass
class _Budget:
    blocks: int
    steps: int


class _Skip(Exception):
    """The event is valid but takes no busy time."""


class _Unreadable(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_busy_blocks(
    data: bytes,
    *,
    now: datetime,
    zone: str | tzinfo = DEFAULT_ZONE,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
    lookback_days: int = 1,
    max_bytes: int = MAX_ICS_BYTES,
) -> ParsedCalendar:
    """Busy blocks between ``now - lookback_days`` and ``now + horizon_days``, in UTC."""
    if len(data) > max_bytes:
        raise UserFacingError(
            "calendar.ics_too_large", size_mb=_megabytes(len(data)), limit_mb=_megabytes(max_bytes)
        )
    calendars = _read_calendars(data)
    fallback = zone if isinstance(zone, tzinfo) else ZoneInfo(zone)
    moment = now.astimezone(UTC)
    window = _Window(moment - timedelta(days=lookback_days), moment + timedelta(days=horizon_days))
    result, budget = ParsedCalendar(), _Budget(blocks=MAX_BLOCKS, steps=MAX_RECURRENCE_STEPS)
    for calendar in calendars:
        _parse_calendar(calendar, _calendar_zone(calendar, fallback), window, result, budget)
    return result


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _read_calendars(data: bytes) -> list[Component]:
    text = _decode(data)
    if "BEGIN:VCALENDAR" not in text.upper() and "BEGIN:VEVENT" not in text.upper():
        raise UserFacingError("calendar.ics_invalid")
    try:
        parsed = Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise UserFacingError("calendar.ics_invalid") from exc
    if not parsed:
        raise UserFacingError("calendar.ics_invalid")
    return list(parsed)


def _decode(data: bytes) -> str:
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserFacingError("calendar.ics_invalid")


def _calendar_zone(calendar: Component, fallback: tzinfo) -> tzinfo:
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def _parse_calendar(
    calendar: Component, zone: tzinfo, window: _Window, result: ParsedCalendar, budget: _Budget
) -> None:
    events = [event for event in calendar.walk("VEVENT") if isinstance(event, Event)]
    overridden = _overridden_occurrences(events)
    for event in events:
        if budget.blocks <= 0:
            result.issues.append(IcsIssue(None, "too_many_events"))
            return
        result.events += 1
        uid = _uid(event)
        if _takes_no_time(event):
            result.skipped += 1
            continue
        excluded = [] if "RECURRENCE-ID" in event else overridden.get(uid or "", [])
        try:
            blocks, truncated = _event_blocks(event, zone, window, excluded, budget)
        except _Skip:
            result.skipped += 1
            continue
        except _Unreadable as exc:
            result.issues.append(IcsIssue(uid, exc.code))
            continue
        except RecurrenceError as exc:
            result.issues.append(IcsIssue(uid, exc.code))
            continue
        if truncated:
            result.issues.append(IcsIssue(uid, "too_many_occurrences"))
        if not blocks:
            result.outside += 1
        blocks = blocks[: budget.blocks]
        budget.blocks -= len(blocks)
        result.blocks.extend(ParsedBlock(start, end, uid) for start, end in blocks)


def _uid(event: Component) -> str | None:
    value = event.get("UID")
    return str(value)[:_UID_MAX] if value is not None and str(value).strip() else None


def _takes_no_time(event: Component) -> bool:
    status = str(event.get("STATUS", "")).strip().upper()
    transparency = str(event.get("TRANSP", "")).strip().upper()
    outlook_status = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).strip().upper()
    return status == "CANCELLED" or transparency == "TRANSPARENT" or outlook_status == "FREE"


def _overridden_occurrences(events: list[Event]) -> dict[str, list[date | datetime]]:
    """RECURRENCE-ID values by UID: occurrences of a series replaced (or cancelled) by their own VEVENT."""
    overridden: dict[str, list[date | datetime]] = defaultdict(list)
    for event in events:
        uid = _uid(event)
        if uid and "RECURRENCE-ID" in event:
            value = _dt_value(event, "RECURRENCE-ID")
            if value is not None:
                overridden[uid].append(value)
    return overridden


def _dt_value(event: Component, name: str) -> date | datetime | None:
    prop: Any = event.get(name)
    if prop is None:
        return None
    try:
        value = prop.dt
    except (ValueError, AttributeError) as exc:
        raise _Unreadable(f"bad_{name.lower().replace('-', '_')}") from exc
    return value if isinstance(value, date) else None


def _event_blocks(
    event: Event, zone: tzinfo, window: _Window, excluded: list[date | datetime], budget: _Budget
) -> tuple[list[tuple[datetime, datetime]], bool]:
    start_value = _dt_value(event, "DTSTART")
    if start_value is None:
        raise _Unreadable("no_start")
    event_zone = _zone_of(start_value, zone)
    first = wall_time(start_value, event_zone)
    length = _length(event, start_value, first, event_zone)
    truncated = False
    if "RRULE" in event or "RDATE" in event:
        expansion = _expand(event, first, length, event_zone, window, excluded, budget.steps)
        budget.steps -= expansion.steps
        starts, truncated = expansion.starts, expansion.truncated
    else:
        starts = [first]
    blocks = [_localised(s, s + length, event_zone) for s in starts]
    return [(s, e) for s, e in blocks if s < window.end and e > window.start], truncated


def _zone_of(value: date | datetime, fallback: tzinfo) -> tzinfo:
    if isinstance(value, datetime) and value.tzinfo is not None and value.utcoffset() is not None:
        return value.tzinfo
    return fallback


def _length(event: Component, start_value: date | datetime, first: datetime, zone: tzinfo) -> timedelta:
    all_day = not isinstance(start_value, datetime)
    end_value = _dt_value(event, "DTEND")
    if end_value is not None:
        length = wall_time(end_value, zone) - first
    elif "DURATION" in event:
        length = _duration(event)
    else:
        length = timedelta(days=1) if all_day else timedelta(0)
    if length < timedelta(0):
        raise _Unreadable("end_before_start")
    if length == timedelta(0):
        raise _Skip
    return length


def _duration(event: Component) -> timedelta:
    try:
        prop: Any = event["DURATION"]
        value = prop.dt
    except (ValueError, AttributeError) as exc:
        raise _Unreadable("bad_duration") from exc
    if not isinstance(value, timedelta):
        raise _Unreadable("bad_duration")
    return value


def _expand(
    event: Event,
    first: datetime,
    length: timedelta,
    zone: tzinfo,
    window: _Window,
    excluded: list[date | datetime],
    steps_left: int,
) -> Expansion:
    try:
        rules = list(event.rrules)
        rdates = [start for start, _end in event.rdates]
        exdates = [*event.exdates, *excluded]
    except (ValueError, AttributeError, TypeError) as exc:
        raise RecurrenceError("bad_recurrence") from exc
    return expand(
        first,
        rules,
        zone,
        rdates=rdates,
        exdates=exdates,
        after=wall_time(window.start, zone) - length - timedelta(days=1),
        before=wall_time(window.end, zone) + timedelta(days=1),
        max_steps=min(MAX_STEPS, max(steps_left, 0)),
    )


def _localised(start: datetime, end: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    return start.replace(tzinfo=zone).astimezone(UTC), end.replace(tzinfo=zone).astimezone(UTC)
