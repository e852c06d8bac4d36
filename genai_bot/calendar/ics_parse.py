"""Read busy periods out of an iCalendar (.ics) file — pure, no database.

Handles what Outlook, Google Calendar and Apple Calendar export: VEVENTs with DTEND or DURATION, all-day
events (DATE values become whole days in the calendar's time zone), TZID parameters with or without
VTIMEZONE (Windows zone names included), floating times (read in the calendar's ``X-WR-TIMEZONE`` or the
given zone, Asia/Tokyo by default; UTC times of an ``X-WR-TIMEZONE`` calendar repeat in that zone, via
``x-wr-timezone``), and recurrences expanded within a horizon by ``recurring-ical-events`` (``ics_expand``):
RRULE, RDATE, EXDATE, RECURRENCE-ID overrides of single occurrences and of "this and future" ones
(``RANGE=THISANDFUTURE``). Cancelled events and ones marked free (TRANSP:TRANSPARENT, Outlook's
X-MICROSOFT-CDO-BUSYSTATUS:FREE) are skipped, and so are the occurrences they replace. UTF-8 (with or
without BOM) and Shift_JIS files are accepted. A file that is not iCalendar raises
``UserFacingError("calendar.ics_invalid")``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import x_wr_timezone  # type: ignore[import-untyped]
from icalendar import Calendar, Component, Event

from genai_bot.calendar.ics_expand import MAX_STEPS, RecurrenceError, as_utc, expand_series
from genai_bot.errors import UserFacingError

__all__ = ["DEFAULT_HORIZON_DAYS", "DEFAULT_ZONE", "IcsIssue", "ParsedBlock", "ParsedCalendar", "parse_busy_blocks"]

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
        raise UserFacingError("calendar.ics_too_large", size_mb=_megabytes(len(data)), limit_mb=_megabytes(max_bytes))
    calendars = _read_calendars(data)
    fallback = zone if isinstance(zone, tzinfo) else ZoneInfo(zone)
    moment = now.astimezone(UTC)
    window = _Window(moment - timedelta(days=lookback_days), moment + timedelta(days=horizon_days))
    result, budget = ParsedCalendar(), _Budget(blocks=MAX_BLOCKS, steps=MAX_RECURRENCE_STEPS)
    for calendar in calendars:
        standard, calendar_zone = _standardised(calendar, fallback)
        _parse_calendar(standard, calendar_zone, window, result, budget)
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


def _standardised(calendar: Component, fallback: tzinfo) -> tuple[Component, tzinfo]:
    """The calendar with ``X-WR-TIMEZONE`` applied (RFC 5545 form), and the zone its floating times are in."""
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not name:
        return calendar, fallback
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return calendar, fallback
    return x_wr_timezone.to_standard(calendar, timezone=zone), zone


def _parse_calendar(
    calendar: Component, zone: tzinfo, window: _Window, result: ParsedCalendar, budget: _Budget
) -> None:
    events = [event for event in calendar.walk("VEVENT") if isinstance(event, Event)]
    result.events += len(events)
    series: dict[str, list[Event]] = {}
    busy_events: dict[str, int] = {}
    for index, event in enumerate(events):
        uid = _uid(event)
        try:
            takes_time = _check(event)
        except _Unreadable as exc:
            result.issues.append(IcsIssue(uid, exc.code))
            continue
        key = uid if uid is not None else f"\0{index}"
        series.setdefault(key, []).append(event)  # a free or cancelled override still replaces its occurrence
        busy_events[key] = busy_events.get(key, 0) + takes_time
        if not takes_time:
            result.skipped += 1
    for key, members in series.items():
        if budget.blocks <= 0:
            result.issues.append(IcsIssue(None, "too_many_events"))
            return
        uid = _uid(members[0])
        try:
            blocks, truncated = _series_blocks(members, zone, window, budget)
        except RecurrenceError as exc:
            result.issues.append(IcsIssue(uid, exc.code))
            continue
        if truncated:
            result.issues.append(IcsIssue(uid, "too_many_occurrences"))
        if not blocks:
            result.outside += busy_events[key]
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


def _dt_value(event: Component, name: str) -> date | datetime | None:
    prop: Any = event.get(name)
    if prop is None:
        return None
    try:
        value = prop.dt
    except (ValueError, AttributeError) as exc:
        raise _Unreadable(f"bad_{name.lower().replace('-', '_')}") from exc
    return value if isinstance(value, date) else None


def _check(event: Event) -> bool:
    """Whether the event blocks time; raises _Unreadable for one that cannot be read."""
    start = _dt_value(event, "DTSTART")
    if start is None:
        raise _Unreadable("no_start")
    _dt_value(event, "RECURRENCE-ID")
    end = _dt_value(event, "DTEND")
    if end is not None:
        length = as_utc(end, UTC) - as_utc(start, UTC)
    elif "DURATION" in event:
        length = _duration(event)
    else:
        length = timedelta(0) if isinstance(start, datetime) else timedelta(days=1)
    if length < timedelta(0):
        raise _Unreadable("end_before_start")
    return length > timedelta(0) and not _takes_no_time(event)


def _duration(event: Component) -> timedelta:
    try:
        prop: Any = event["DURATION"]
        value = prop.dt
    except (ValueError, AttributeError) as exc:
        raise _Unreadable("bad_duration") from exc
    if not isinstance(value, timedelta):
        raise _Unreadable("bad_duration")
    return value


def _series_blocks(
    events: list[Event], zone: tzinfo, window: _Window, budget: _Budget
) -> tuple[list[tuple[datetime, datetime]], bool]:
    # Floating and all-day occurrences are compared in wall time by the library: a day's margin covers that.
    margin = timedelta(days=1)
    expansion = expand_series(
        events, window.start - margin, window.end + margin, max_steps=min(MAX_STEPS, budget.steps)
    )
    budget.steps -= expansion.steps
    blocks = []
    for occurrence in expansion.occurrences:
        if _takes_no_time(occurrence):
            continue
        start, end = _dt_value(occurrence, "DTSTART"), _dt_value(occurrence, "DTEND")
        if start is None or end is None:
            continue
        start_utc, end_utc = as_utc(start, zone), as_utc(end, zone)
        if start_utc < end_utc and start_utc < window.end and end_utc > window.start:
            blocks.append((start_utc, end_utc))
    return sorted(blocks), expansion.truncated
