"""Microsoft Graph ``getSchedule`` on the wire: request bodies, batching, windows, and reading the answer.

Limits (Graph docs): at most 20 schedules per request, a range under 62 days, ``availabilityViewInterval``
5–1440 minutes. Items with status busy, tentative or oof count as busy; free and workingElsewhere do not.
A per-schedule ``error`` (mailbox not found, no permission on that mailbox) means "no data for this person".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from genai_bot.calendar.port import Span, person_key
from genai_bot.calendar.spans import merge_spans

MAX_SCHEDULES = 20
MAX_WINDOW = timedelta(days=61)
BUSY_STATUSES = frozenset({"busy", "tentative", "oof"})
# availabilityView digits: 0 free, 1 tentative, 2 busy, 3 oof, 4 working elsewhere.
_BUSY_VIEW_DIGITS = frozenset("123")


@dataclass
class ScheduleAnswer:
    """What one getSchedule response said, keyed by ``person_key`` of the e-mail address."""

    busy: dict[str, list[Span]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)

    def absorb(self, other: ScheduleAnswer) -> None:
        for key, spans in other.busy.items():
            self.busy[key] = merge_spans([*self.busy.get(key, []), *spans])
        self.unknown |= other.unknown


def batches(items: Sequence[str], size: int = MAX_SCHEDULES) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def windows(start: datetime, end: datetime, longest: timedelta = MAX_WINDOW) -> Iterator[Span]:
    """``[start, end)`` cut into consecutive pieces no longer than ``longest``."""
    cursor = start
    while cursor < end:
        piece_end = min(cursor + longest, end)
        yield cursor, piece_end
        cursor = piece_end


def schedule_request(
    emails: Sequence[str], start: datetime, end: datetime, interval_minutes: int = 15
) -> dict[str, Any]:
    if not 5 <= interval_minutes <= 1440:
        raise ValueError("availabilityViewInterval must be 5–1440 minutes")
    return {
        "schedules": list(emails),
        "startTime": graph_datetime(start),
        "endTime": graph_datetime(end),
        "availabilityViewInterval": interval_minutes,
    }


def graph_datetime(value: datetime) -> dict[str, str]:
    """Graph's dateTimeTimeZone in UTC."""
    return {"dateTime": value.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds"), "timeZone": "UTC"}


def parse_graph_datetime(value: dict[str, Any]) -> datetime:
    """A dateTimeTimeZone (``"2026-12-01T01:00:00.0000000"`` + zone name, IANA or Windows) as aware UTC."""
    text = str(value["dateTime"])
    head, dot, fraction = text.partition(".")
    moment = datetime.fromisoformat(head + (dot + fraction[:6].rstrip("Z") if dot else ""))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone(str(value.get("timeZone") or "UTC")))
    return moment.astimezone(UTC)


def _zone(name: str) -> tzinfo:
    if name.upper() in {"UTC", "Z", "GMT", "COORDINATED UNIVERSAL TIME"}:
        return UTC
    try:
        return ZoneInfo(WINDOWS_TO_OLSON.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def parse_schedule_response(
    payload: dict[str, Any], asked: Sequence[str], start: datetime, interval: int
) -> ScheduleAnswer:
    """Busy spans per asked e-mail; people with an error or missing from the answer are unknown."""
    answer = ScheduleAnswer()
    asked_keys = {person_key(email) for email in asked}
    for entry in payload.get("value") or []:
        key = person_key(str(entry.get("scheduleId", "")))
        if key not in asked_keys or entry.get("error"):
            continue
        answer.busy[key] = merge_spans(_entry_spans(entry, start, interval))
    answer.unknown = asked_keys - set(answer.busy)
    return answer


def _entry_spans(entry: dict[str, Any], start: datetime, interval: int) -> list[Span]:
    items = entry.get("scheduleItems")
    if items is None:  # only the availability view came back
        return _view_spans(str(entry.get("availabilityView") or ""), start, interval)
    spans: list[Span] = []
    for item in items:
        if str(item.get("status", "busy")).lower() not in BUSY_STATUSES:
            continue
        try:
            spans.append((parse_graph_datetime(item["start"]), parse_graph_datetime(item["end"])))
        except (KeyError, TypeError, ValueError):
            continue
    return spans


def _view_spans(view: str, start: datetime, interval: int) -> list[Span]:
    step = timedelta(minutes=interval)
    return [(start + i * step, start + (i + 1) * step) for i, digit in enumerate(view) if digit in _BUSY_VIEW_DIGITS]
