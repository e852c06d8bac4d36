"""Recurring events in imported .ics files: what a busy calendar looks like after overrides and exceptions."""

from __future__ import annotations

from genai_bot.calendar import IcsIssue
from tests.unit.calendar.ics_builders import ics, parse, spans, utc, vevent

WEEKLY_TUESDAY_10 = vevent(  # Tuesdays 1, 8, 15, 22 Dec 2026, 10:00-11:00 JST
    "SUMMARY:定例会議",
    "DTSTART;TZID=Asia/Tokyo:20261201T100000",
    "DTEND;TZID=Asia/Tokyo:20261201T110000",
    "RRULE:FREQ=WEEKLY;COUNT=4",
)


def test_this_and_future_override_moves_every_later_occurrence() -> None:
    """Issue 8: a weekly 10:00 meeting moved to 14:00 "from 12/15 on" blocks 14:00, not 10:00, on 12/15 and 12/22."""
    moved = vevent(
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Asia/Tokyo:20261215T100000",
        "DTSTART;TZID=Asia/Tokyo:20261215T140000",
        "DTEND;TZID=Asia/Tokyo:20261215T150000",
        "SEQUENCE:1",
    )
    assert spans(parse(ics(WEEKLY_TUESDAY_10, moved))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),  # 10:00 JST
        (utc(2026, 12, 8, 1), utc(2026, 12, 8, 2)),
        (utc(2026, 12, 15, 5), utc(2026, 12, 15, 6)),  # 14:00 JST
        (utc(2026, 12, 22, 5), utc(2026, 12, 22, 6)),
    ]


def test_this_and_future_override_can_also_change_the_length() -> None:
    longer = vevent(
        "RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Asia/Tokyo:20261215T100000",
        "DTSTART;TZID=Asia/Tokyo:20261215T100000",
        "DTEND;TZID=Asia/Tokyo:20261215T120000",
        "SEQUENCE:1",
    )
    assert spans(parse(ics(WEEKLY_TUESDAY_10, longer)))[2:] == [
        (utc(2026, 12, 15, 1), utc(2026, 12, 15, 3)),
        (utc(2026, 12, 22, 1), utc(2026, 12, 22, 3)),
    ]


def test_moved_single_occurrence_frees_its_old_time_only() -> None:
    moved = vevent(
        "RECURRENCE-ID;TZID=Asia/Tokyo:20261208T100000",
        "DTSTART;TZID=Asia/Tokyo:20261209T160000",
        "DTEND;TZID=Asia/Tokyo:20261209T170000",
    )
    assert spans(parse(ics(WEEKLY_TUESDAY_10, moved))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),
        (utc(2026, 12, 9, 7), utc(2026, 12, 9, 8)),  # Wed 16:00 JST instead of Tue 8 Dec
        (utc(2026, 12, 15, 1), utc(2026, 12, 15, 2)),
        (utc(2026, 12, 22, 1), utc(2026, 12, 22, 2)),
    ]


def test_override_marked_free_frees_that_occurrence() -> None:
    free = vevent(
        "RECURRENCE-ID;TZID=Asia/Tokyo:20261215T100000",
        "DTSTART;TZID=Asia/Tokyo:20261215T100000",
        "DTEND;TZID=Asia/Tokyo:20261215T110000",
        "TRANSP:TRANSPARENT",
    )
    parsed = parse(ics(WEEKLY_TUESDAY_10, free))
    assert utc(2026, 12, 15, 1) not in [start for start, _ in spans(parsed)]
    assert len(parsed.blocks) == 3 and parsed.skipped == 1


def test_rdate_and_exdate_together_with_a_rule() -> None:
    event = vevent(
        "DTSTART;TZID=Asia/Tokyo:20261201T100000",
        "DTEND;TZID=Asia/Tokyo:20261201T110000",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "EXDATE;TZID=Asia/Tokyo:20261208T100000",
        "RDATE;TZID=Asia/Tokyo:20261210T130000,20261211T090000",
    )
    assert [start for start, _ in spans(parse(ics(event)))] == [
        utc(2026, 12, 1, 1),
        utc(2026, 12, 10, 4),
        utc(2026, 12, 11, 0),
        utc(2026, 12, 15, 1),
    ]


def test_rdate_with_a_period_keeps_its_own_length() -> None:
    event = vevent(
        "DTSTART:20261201T010000Z",
        "DURATION:PT1H",
        "RDATE;VALUE=PERIOD:20261203T050000Z/20261203T080000Z",
    )
    assert spans(parse(ics(event))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),
        (utc(2026, 12, 3, 5), utc(2026, 12, 3, 8)),
    ]


def test_weekly_all_day_event_with_an_exception_covers_whole_japanese_days() -> None:
    event = vevent(
        "DTSTART;VALUE=DATE:20261204",
        "DTEND;VALUE=DATE:20261205",
        "RRULE:FREQ=WEEKLY;COUNT=3",
        "EXDATE;VALUE=DATE:20261211",
    )
    assert spans(parse(ics(event))) == [
        (utc(2026, 12, 3, 15), utc(2026, 12, 4, 15)),
        (utc(2026, 12, 17, 15), utc(2026, 12, 18, 15)),
    ]


def test_google_export_repeats_in_the_x_wr_timezone_across_daylight_saving() -> None:
    """Google writes UTC times and names the zone in X-WR-TIMEZONE: 09:00 New York stays 09:00 after 14 Mar."""
    event = vevent("DTSTART:20270301T140000Z", "DTEND:20270301T150000Z", "RRULE:FREQ=WEEKLY;COUNT=3")
    parsed = parse(ics(event, header="X-WR-TIMEZONE:America/New_York"), horizon_days=180)
    assert [start for start, _ in spans(parsed)] == [utc(2027, 3, 1, 14), utc(2027, 3, 8, 14), utc(2027, 3, 15, 13)]


def test_floating_recurrence_repeats_in_the_calendar_zone() -> None:
    event = vevent("DTSTART:20261201T100000", "DTEND:20261201T110000", "RRULE:FREQ=DAILY;COUNT=2")
    assert spans(parse(ics(event, header="X-WR-TIMEZONE:Europe/London"))) == [
        (utc(2026, 12, 1, 10), utc(2026, 12, 1, 11)),
        (utc(2026, 12, 2, 10), utc(2026, 12, 2, 11)),
    ]


def test_unknown_x_wr_timezone_falls_back_to_the_given_zone() -> None:
    event = vevent("DTSTART:20261201T100000", "DTEND:20261201T110000")
    assert spans(parse(ics(event, header="X-WR-TIMEZONE:Mars/Olympus_Mons"))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),
    ]


def test_an_unreadable_rule_is_reported_for_its_series_only() -> None:
    broken = vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;BYDAY=XX", uid="broken")
    fine = vevent("DTSTART:20261202T010000Z", "DURATION:PT1H", uid="fine")
    parsed = parse(ics(broken, fine))
    assert [b.uid for b in parsed.blocks] == ["fine"]
    assert parsed.issues == [IcsIssue("broken", "bad_recurrence")]
