"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for meetings confirmed by the bot.

``build_invitation`` makes a METHOD:REQUEST file every calendar app can add (external attendees included);
``build_cancellation`` makes the matching METHOD:CANCEL. Send a later change with the same ``uid`` and a
higher ``sequence``. Times are written with a TZID (Asia/Tokyo by default) and its VTIMEZONE; text is UTF-8,
Japanese included.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from genai_bot.calendar.port import Attendee, Contact

PRODID = "-//genai-bot//Committee scheduling//JA"
METHODS = frozenset({"REQUEST", "PUBLISH", "CANCEL"})


def build_invitation(
    uid: str,
    organiser: Contact | tuple[str, str],
    attendees: Sequence[Attendee | tuple[str, str, bool]],
    subject: str,
    description: str,
    start: datetime,
    end: datetime,
    location: str | None = None,
    sequence: int = 0,
    method: str = "REQUEST",
    *,
    alarm_minutes: int | None = None,
    zone: str = "Asia/Tokyo",
    now: datetime | None = None,
) -> bytes:
    """The .ics bytes of an invitation; naive ``start``/``end`` are wall times in ``zone``."""
    method = method.upper()
    if method not in METHODS:
        raise ValueError(f"method must be one of {sorted(METHODS)}")
    tz = ZoneInfo(zone)
    first, last = _in_zone(start, tz), _in_zone(end, tz)
    if last <= first:
        raise ValueError("an invitation needs its end after its start")
    if sequence < 0:
        raise ValueError("sequence must not be negative")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = _event(uid, Contact(*organiser), [Attendee(*a) for a in attendees], subject, description, location)
    event.add("dtstamp", (now or datetime.now(UTC)).astimezone(UTC))
    event.add("dtstart", first)
    event.add("dtend", last)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if alarm_minutes is not None and method != "CANCEL":
        event.add_component(_alarm(alarm_minutes, subject))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def build_cancellation(
    uid: str,
    organiser: Contact | tuple[str, str],
    attendees: Sequence[Attendee | tuple[str, str, bool]],
    subject: str,
    start: datetime,
    end: datetime,
    *,
    sequence: int = 1,
    description: str = "",
    location: str | None = None,
    zone: str = "Asia/Tokyo",
    now: datetime | None = None,
) -> bytes:
    """METHOD:CANCEL for an invitation sent before (same ``uid``; ``sequence`` above the last one sent)."""
    return build_invitation(
        uid, organiser, attendees, subject, description, start, end, location, sequence, "CANCEL", zone=zone, now=now
    )


def _in_zone(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=tz)
    return value.astimezone(tz)


def _event(
    uid: str, organiser: Contact, attendees: list[Attendee], subject: str, description: str, location: str | None
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", subject)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    event.add("transp", "OPAQUE")
    event.add("organizer", _mailto(organiser.email), parameters={"CN": organiser.name or organiser.email})
    for attendee in attendees:
        event.add(
            "attendee",
            _mailto(attendee.email),
            parameters={
                "CN": attendee.name or attendee.email,
                "CUTYPE": "INDIVIDUAL",
                "ROLE": "REQ-PARTICIPANT" if attendee.required else "OPT-PARTICIPANT",
                "PARTSTAT": "NEEDS-ACTION",
                "RSVP": "TRUE",
            },
        )
    return event


def _alarm(minutes: int, subject: str) -> Alarm:
    if minutes < 0:
        raise ValueError("alarm_minutes must not be negative")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", subject)
    alarm.add("trigger", -timedelta(minutes=minutes))
    return alarm


def _mailto(email: str) -> str:
    return f"mailto:{email.strip()}"
