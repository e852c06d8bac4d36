"""Reading busy periods out of .ics files as Outlook, Google and Apple export them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from genai_bot import i18n
from genai_bot.calendar import IcsIssue, ics_parse, issue_message
from genai_bot.errors import UserFacingError
from tests.unit.calendar.ics_builders import NOW, ics, parse, spans, utc, vevent


def test_utc_event_with_dtend_becomes_one_block() -> None:
    parsed = parse(ics(vevent("SUMMARY:局議", "DTSTART:20261201T010000Z", "DTEND:20261201T020000Z")))
    assert spans(parsed) == [(utc(2026, 12, 1, 1), utc(2026, 12, 1, 2))]
    assert parsed.blocks[0].uid == "ev-1"
    assert (parsed.events, parsed.skipped, parsed.issues) == (1, 0, [])


def test_duration_instead_of_dtend() -> None:
    parsed = parse(ics(vevent("DTSTART:20261201T010000Z", "DURATION:PT90M")))
    assert spans(parsed) == [(utc(2026, 12, 1, 1), utc(2026, 12, 1, 2, 30))]


def test_floating_time_is_read_in_tokyo_by_default() -> None:
    parsed = parse(ics(vevent("DTSTART:20261201T100000", "DTEND:20261201T110000")))
    assert spans(parsed) == [(utc(2026, 12, 1, 1), utc(2026, 12, 1, 2))]


def test_floating_time_follows_the_calendar_x_wr_timezone() -> None:
    data = ics(vevent("DTSTART:20261201T100000", "DTEND:20261201T110000"), header="X-WR-TIMEZONE:Europe/London")
    assert spans(parse(data)) == [(utc(2026, 12, 1, 10), utc(2026, 12, 1, 11))]


def test_floating_time_in_an_explicit_zone() -> None:
    parsed = parse(ics(vevent("DTSTART:20261201T100000", "DTEND:20261201T110000")), zone="America/New_York")
    assert spans(parsed) == [(utc(2026, 12, 1, 15), utc(2026, 12, 1, 16))]


def test_tzid_with_outlook_windows_zone_name_and_vtimezone() -> None:
    vtimezone = "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            "TZID:Tokyo Standard Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0900",
            "TZOFFSETTO:+0900",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    )
    event = vevent("DTSTART;TZID=Tokyo Standard Time:20261201T140000", "DTEND;TZID=Tokyo Standard Time:20261201T153000")
    assert spans(parse(ics(vtimezone, event))) == [(utc(2026, 12, 1, 5), utc(2026, 12, 1, 6, 30))]


def test_tzid_defined_only_by_its_own_vtimezone() -> None:
    vtimezone = "\r\n".join(
        [
            "BEGIN:VTIMEZONE",
            "TZID:Ministry Custom Time",
            "BEGIN:STANDARD",
            "DTSTART:16010101T000000",
            "TZOFFSETFROM:+0530",
            "TZOFFSETTO:+0530",
            "END:STANDARD",
            "END:VTIMEZONE",
        ]
    )
    event = vevent("DTSTART;TZID=Ministry Custom Time:20261201T100000", "DURATION:PT1H")
    assert spans(parse(ics(vtimezone, event))) == [(utc(2026, 12, 1, 4, 30), utc(2026, 12, 1, 5, 30))]


def test_iana_tzid_across_the_date_line() -> None:
    event = vevent("DTSTART;TZID=America/Los_Angeles:20261201T170000", "DTEND;TZID=America/Los_Angeles:20261201T180000")
    assert spans(parse(ics(event))) == [(utc(2026, 12, 2, 1), utc(2026, 12, 2, 2))]


def test_all_day_event_covers_the_whole_japanese_day() -> None:
    parsed = parse(ics(vevent("DTSTART;VALUE=DATE:20261202", "DTEND;VALUE=DATE:20261203", "SUMMARY:出張")))
    assert spans(parsed) == [(utc(2026, 12, 1, 15), utc(2026, 12, 2, 15))]


def test_all_day_event_without_dtend_lasts_one_day() -> None:
    assert spans(parse(ics(vevent("DTSTART;VALUE=DATE:20261202")))) == [(utc(2026, 12, 1, 15), utc(2026, 12, 2, 15))]


def test_multi_day_all_day_event() -> None:
    parsed = parse(ics(vevent("DTSTART;VALUE=DATE:20261202", "DTEND;VALUE=DATE:20261205")))
    assert spans(parsed) == [(utc(2026, 12, 1, 15), utc(2026, 12, 4, 15))]


def test_weekly_rule_with_exdate_skips_the_excluded_week() -> None:
    event = vevent(
        "DTSTART;TZID=Asia/Tokyo:20261201T100000",
        "DTEND;TZID=Asia/Tokyo:20261201T110000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "EXDATE;TZID=Asia/Tokyo:20261208T100000",
    )
    assert spans(parse(ics(event))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),
        (utc(2026, 12, 15, 1), utc(2026, 12, 15, 2)),
        (utc(2026, 12, 22, 1), utc(2026, 12, 22, 2)),
    ]


def test_rule_with_byday_and_utc_until() -> None:
    event = vevent(
        "DTSTART;TZID=Asia/Tokyo:20261130T093000",
        "DTEND;TZID=Asia/Tokyo:20261130T100000",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20261207T003000Z",
    )
    starts = [start for start, _ in spans(parse(ics(event)))]
    assert starts == [utc(2026, 11, 30, 0, 30), utc(2026, 12, 2, 0, 30), utc(2026, 12, 7, 0, 30)]


def test_rule_keeps_wall_time_across_daylight_saving() -> None:
    event = vevent(
        "DTSTART;TZID=America/New_York:20270301T090000",
        "DTEND;TZID=America/New_York:20270301T100000",
        "RRULE:FREQ=WEEKLY;COUNT=3",
    )
    starts = [start for start, _ in spans(parse(ics(event)))]
    assert starts == [utc(2027, 3, 1, 14), utc(2027, 3, 8, 14), utc(2027, 3, 15, 13)]  # DST began 14 Mar 2027


def test_all_day_daily_rule_with_date_exdate() -> None:
    event = vevent("DTSTART;VALUE=DATE:20261207", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;VALUE=DATE:20261208")
    assert spans(parse(ics(event))) == [
        (utc(2026, 12, 6, 15), utc(2026, 12, 7, 15)),
        (utc(2026, 12, 8, 15), utc(2026, 12, 9, 15)),
    ]


def test_rdate_adds_an_occurrence() -> None:
    event = vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RDATE:20261203T050000Z")
    assert spans(parse(ics(event))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),
        (utc(2026, 12, 3, 5), utc(2026, 12, 3, 6)),
    ]


def test_endless_rule_stops_at_the_horizon() -> None:
    event = vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY")
    parsed = parse(ics(event), horizon_days=10)
    assert len(parsed.blocks) == 9  # 1 Dec … 9 Dec; NOW + 10 days is 10 Dec 00:00 UTC
    assert max(b.start for b in parsed.blocks) < NOW + timedelta(days=10)


def test_series_that_began_years_ago_only_yields_occurrences_from_now() -> None:
    event = vevent("DTSTART:20200106T010000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY")
    parsed = parse(ics(event), horizon_days=14)
    assert [s for s, _ in spans(parsed)] == [utc(2026, 11, 30, 1), utc(2026, 12, 7, 1)]


def test_moved_occurrence_replaces_the_series_instance() -> None:
    master = vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=2", uid="series")
    moved = vevent("RECURRENCE-ID:20261208T010000Z", "DTSTART:20261209T050000Z", "DURATION:PT1H", uid="series")
    assert spans(parse(ics(master, moved))) == [
        (utc(2026, 12, 1, 1), utc(2026, 12, 1, 2)),
        (utc(2026, 12, 9, 5), utc(2026, 12, 9, 6)),
    ]


def test_cancelled_occurrence_of_a_series_frees_that_slot() -> None:
    master = vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY;COUNT=2", uid="series")
    cancelled = vevent(
        "RECURRENCE-ID:20261208T010000Z",
        "DTSTART:20261208T010000Z",
        "DURATION:PT1H",
        "STATUS:CANCELLED",
        uid="series",
    )
    parsed = parse(ics(master, cancelled))
    assert spans(parsed) == [(utc(2026, 12, 1, 1), utc(2026, 12, 1, 2))]
    assert parsed.skipped == 1


@pytest.mark.parametrize("marker", ["STATUS:CANCELLED", "TRANSP:TRANSPARENT", "X-MICROSOFT-CDO-BUSYSTATUS:FREE"])
def test_cancelled_and_free_events_are_not_busy(marker: str) -> None:
    parsed = parse(ics(vevent("DTSTART:20261201T010000Z", "DTEND:20261201T020000Z", marker)))
    assert parsed.blocks == []
    assert parsed.skipped == 1


def test_tentative_and_opaque_events_are_busy() -> None:
    event = vevent("DTSTART:20261201T010000Z", "DTEND:20261201T020000Z", "STATUS:TENTATIVE", "TRANSP:OPAQUE")
    assert len(parse(ics(event)).blocks) == 1


def test_event_without_end_takes_no_time() -> None:
    parsed = parse(ics(vevent("DTSTART:20261201T010000Z")))
    assert parsed.blocks == [] and parsed.skipped == 1


def test_past_and_far_future_events_are_counted_as_outside() -> None:
    parsed = parse(
        ics(
            vevent("DTSTART:20250101T010000Z", "DURATION:PT1H", uid="old"),
            vevent("DTSTART:20300101T010000Z", "DURATION:PT1H", uid="future"),
            vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", uid="soon"),
        )
    )
    assert [b.uid for b in parsed.blocks] == ["soon"]
    assert parsed.outside == 2


def test_unreadable_events_are_reported_and_the_rest_imported() -> None:
    parsed = parse(
        ics(
            vevent("SUMMARY:開始なし", uid="no-start"),
            vevent("DTSTART:20261201T020000Z", "DTEND:20261201T010000Z", uid="backwards"),
            vevent("DTSTART:garbage", "DURATION:PT1H", uid="garbage"),
            vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RRULE:FREQ=MINUTELY", uid="every-minute"),
            vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", uid="fine"),
        )
    )
    assert [b.uid for b in parsed.blocks] == ["fine"]
    assert parsed.issues == [
        IcsIssue("no-start", "no_start"),
        IcsIssue("backwards", "end_before_start"),
        IcsIssue("garbage", "bad_dtstart"),
        IcsIssue("every-minute", "unsupported_recurrence"),
    ]
    for issue in parsed.issues:  # every issue has a message in both languages
        assert issue_message("ja", issue) != f"calendar.issue.{issue.code}"
        assert issue_message("en", issue) != f"calendar.issue.{issue.code}"


def test_runaway_rule_is_cut_and_reported() -> None:
    event = vevent("DTSTART:19000101T000000Z", "DURATION:PT30M", "RRULE:FREQ=HOURLY", uid="hourly")
    parsed = parse(ics(event))
    assert IcsIssue("hourly", "too_many_occurrences") in parsed.issues


def test_a_file_with_too_many_events_is_imported_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ics_parse, "MAX_BLOCKS", 5)
    events = [vevent(f"DTSTART:20261201T{h:02d}0000Z", "DURATION:PT30M", uid=f"e{h}") for h in range(8)]
    parsed = parse(ics(*events))
    assert len(parsed.blocks) == 5
    assert parsed.issues == [IcsIssue(None, "too_many_events")]
    assert "取り込んでいません" in issue_message("ja", parsed.issues[0])


def test_recurrences_share_one_budget_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ics_parse, "MAX_RECURRENCE_STEPS", 50)
    daily = [vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", "RRULE:FREQ=DAILY", uid=f"d{i}") for i in range(3)]
    parsed = parse(ics(*daily))
    assert len(parsed.blocks) < 60
    assert IcsIssue("d2", "too_many_occurrences") in parsed.issues


def test_shift_jis_file_from_a_japanese_outlook_is_read() -> None:
    data = ics(vevent("SUMMARY:予算委員会", "DTSTART:20261201T010000Z", "DURATION:PT1H")).decode().encode("cp932")
    assert len(parse(data).blocks) == 1


def test_utf8_with_byte_order_mark_is_read() -> None:
    data = b"\xef\xbb\xbf" + ics(vevent("DTSTART:20261201T010000Z", "DURATION:PT1H"))
    assert len(parse(data).blocks) == 1


def test_concatenated_calendars_are_all_read() -> None:
    first = ics(vevent("DTSTART:20261201T010000Z", "DURATION:PT1H", uid="a"))
    second = ics(vevent("DTSTART:20261202T010000Z", "DURATION:PT1H", uid="b"))
    assert sorted(b.uid or "" for b in parse(first + second).blocks) == ["a", "b"]


def test_calendar_without_events_is_valid_and_empty() -> None:
    parsed = parse(ics())
    assert (parsed.blocks, parsed.events) == ([], 0)


@pytest.mark.parametrize(
    "junk",
    [
        b"",
        b"hello world",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "件名,開始日,開始時刻\n会議,2026/12/01,10:00\n".encode("cp932"),
        b"BEGIN:VCALENDAR\r\nFOO\r\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    ],
)
def test_a_file_that_is_not_icalendar_gets_a_friendly_error(junk: bytes) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse(junk)
    assert caught.value.message_key == "calendar.ics_invalid"
    assert ".ics" in i18n.t("ja", caught.value.message_key)
    assert "iCalendar" in i18n.t("en", caught.value.message_key)


def test_an_oversized_file_is_refused_with_the_limit() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse(ics(vevent("DTSTART:20261201T010000Z", "DURATION:PT1H")), max_bytes=100)
    assert caught.value.message_key == "calendar.ics_too_large"
    message = i18n.t("ja", caught.value.message_key, **caught.value.args_)
    assert "MB" in message and "{" not in message
