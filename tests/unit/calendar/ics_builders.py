"""Small builders for .ics test data, shared by the calendar parsing tests."""

from __future__ import annotations

from datetime import UTC, datetime

from genai_bot.calendar import parse_busy_blocks
from genai_bot.calendar.ics_parse import ParsedCalendar

NOW = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)  # 09:00 JST, Monday 30 Nov 2026


def ics(*events: str, header: str = "") -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *filter(None, [header]), *events, "END:VCALENDAR"]
    return ("\r\n".join(body) + "\r\n").encode("utf-8")


def vevent(*lines: str, uid: str = "ev-1") -> str:
    return "\r\n".join(["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z", *lines, "END:VEVENT"])


def parse(data: bytes, **kwargs: object) -> ParsedCalendar:
    return parse_busy_blocks(data, now=NOW, **kwargs)  # type: ignore[arg-type]


def spans(parsed: ParsedCalendar) -> list[tuple[datetime, datetime]]:
    return sorted((b.start, b.end) for b in parsed.blocks)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)
