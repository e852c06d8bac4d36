"""Invitations (.ics) for a confirmed meeting: what a calendar app reads back from them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from genai_bot.calendar import Attendee, Contact, build_cancellation, build_invitation, parse_busy_blocks

JST = ZoneInfo("Asia/Tokyo")
START = datetime(2026, 12, 10, 14, 0, tzinfo=JST)
END = START + timedelta(hours=2)
STAMP = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
CHAIR = Contact("委員長 山田太郎", "yamada@example.go.jp")
PEOPLE = [
    Attendee("佐藤 花子", "sato@example.go.jp"),
    Attendee("Prof. John Smith", "smith@university.example.ac.uk", required=False),
    ("鈴木, 一郎（外部委員）", "suzuki@gmail.example.com", True),
]


def invitation(**overrides: Any) -> bytes:
    values: dict[str, Any] = {
        "uid": "meeting-42@genai-bot",
        "organiser": CHAIR,
        "attendees": PEOPLE,
        "subject": "第3回 予算検討委員会",
        "description": "議題: 令和9年度予算案について\n資料は前日までに共有します。",
        "start": START,
        "end": END,
        "location": "本館 5階 第1会議室",
        "now": STAMP,
    }
    values.update(overrides)
    return build_invitation(**values)


def the_event(data: bytes) -> Any:
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_invitation_round_trips_through_icalendar() -> None:
    calendar, event = the_event(invitation())
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert str(event["UID"]) == "meeting-42@genai-bot"
    assert str(event["SUMMARY"]) == "第3回 予算検討委員会"
    assert str(event["LOCATION"]) == "本館 5階 第1会議室"
    assert "令和9年度予算案" in str(event["DESCRIPTION"])
    assert event["DTSTART"].dt == START and event["DTEND"].dt == END
    assert event["DTSTAMP"].dt == STAMP
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"


def test_times_carry_the_tokyo_zone_with_its_vtimezone() -> None:
    data = invitation()
    assert b"DTSTART;TZID=Asia/Tokyo:20261210T140000" in data
    calendar, _ = the_event(data)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Tokyo"]


def test_naive_times_are_read_as_tokyo_wall_time() -> None:
    _, event = the_event(invitation(start=datetime(2026, 12, 10, 14), end=datetime(2026, 12, 10, 16)))
    assert event["DTSTART"].dt == START


def test_aware_times_in_another_zone_are_converted() -> None:
    _, event = the_event(invitation(start=START.astimezone(UTC), end=END.astimezone(UTC)))
    assert event["DTSTART"].dt == START and event["DTSTART"].dt.tzinfo == JST


def test_organiser_and_every_attendee_including_external_ones() -> None:
    _, event = the_event(invitation())
    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:yamada@example.go.jp"
    assert organizer.params["CN"] == "委員長 山田太郎"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {
        "mailto:sato@example.go.jp",
        "mailto:smith@university.example.ac.uk",
        "mailto:suzuki@gmail.example.com",
    }
    assert attendees["mailto:sato@example.go.jp"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:smith@university.example.ac.uk"]["ROLE"] == "OPT-PARTICIPANT"
    assert attendees["mailto:suzuki@gmail.example.com"]["CN"] == "鈴木, 一郎（外部委員）"
    assert all(p["RSVP"] == "TRUE" and p["PARTSTAT"] == "NEEDS-ACTION" for p in attendees.values())


def test_file_is_utf8_with_crlf_lines() -> None:
    data = invitation()
    assert "第3回 予算検討委員会".encode() in data
    assert data.count(b"\r\n") >= data.count(b"\n")


def test_optional_reminder_alarm() -> None:
    _, event = the_event(invitation(alarm_minutes=15))
    alarms = event.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0]["TRIGGER"].dt == -timedelta(minutes=15)
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    _, without = the_event(invitation())
    assert without.walk("VALARM") == []


def test_an_update_keeps_the_uid_and_raises_the_sequence() -> None:
    _, event = the_event(invitation(sequence=2, start=START + timedelta(days=1), end=END + timedelta(days=1)))
    assert str(event["UID"]) == "meeting-42@genai-bot" and int(event["SEQUENCE"]) == 2


def test_cancellation_matches_the_invitation() -> None:
    data = build_cancellation("meeting-42@genai-bot", CHAIR, PEOPLE, "第3回 予算検討委員会", START, END, now=STAMP)
    calendar, event = the_event(data)
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert str(event["UID"]) == "meeting-42@genai-bot"
    assert len(event["ATTENDEE"]) == 3


def test_an_invitation_imports_as_a_busy_block() -> None:
    parsed = parse_busy_blocks(invitation(), now=STAMP)
    assert [(b.start, b.end) for b in parsed.blocks] == [(START.astimezone(UTC), END.astimezone(UTC))]


def test_a_cancellation_imports_as_nothing_busy() -> None:
    data = build_cancellation("m@x", CHAIR, PEOPLE, "s", START, END, now=STAMP)
    assert parse_busy_blocks(data, now=STAMP).blocks == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end": START}, "end after its start"),
        ({"end": START - timedelta(hours=1)}, "end after its start"),
        ({"method": "PUBLISHED"}, "method must be"),
        ({"sequence": -1}, "sequence"),
        ({"alarm_minutes": -5}, "alarm_minutes"),
    ],
)
def test_programming_mistakes_are_refused(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        invitation(**overrides)
