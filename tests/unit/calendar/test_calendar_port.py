"""The calendar vocabulary: person keys, busy spans, Graph getSchedule wire format, messages."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from genai_bot import i18n
from genai_bot.calendar import WARNING_CODES, event_failure_message, fallback_message, is_email, person_key
from genai_bot.calendar.graph import retry_after_seconds
from genai_bot.calendar.graph_schedule import (
    MAX_SCHEDULES,
    batches,
    parse_graph_datetime,
    parse_schedule_response,
    schedule_request,
    windows,
)
from genai_bot.calendar.spans import clip_spans, merge_spans, require_window

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


# --- people ---
def test_full_width_email_is_the_same_person() -> None:
    assert person_key("ＴＡＲＯ．ＹＡＭＡＤＡ＠ｅｘａｍｐｌｅ．ｇｏ．ｊｐ ") == "taro.yamada@example.go.jp"
    assert person_key("Taro.Yamada@Example.go.jp") == "taro.yamada@example.go.jp"


def test_member_keys_keep_their_case_but_are_nfkc_normalised() -> None:
    assert person_key(" member:Ｕ０１２３ ") == "member:U0123"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a@example.jp", True),
        ("a.b+c@sub.example.go.jp", True),
        ("member:42", False),
        ("@example.jp", False),
        ("a@localhost", False),
        ("a b@example.jp", False),
        ("a@.jp", False),
    ],
)
def test_is_email(value: str, expected: bool) -> None:
    assert is_email(value) is expected


# --- spans ---
def test_merge_joins_overlapping_and_touching_spans_and_drops_empty_ones() -> None:
    spans = [(at(3), at(4)), (at(1), at(2)), (at(1.5), at(2.5)), (at(2.5), at(3)), (at(5), at(5))]
    assert merge_spans(spans) == [(at(1), at(4))]


def test_clip_keeps_only_the_window() -> None:
    assert clip_spans([(at(-2), at(1)), (at(5), at(9)), (at(10), at(11))], at(0), at(8)) == [
        (at(0), at(1)),
        (at(5), at(8)),
    ]


def test_windows_must_be_aware_and_non_empty() -> None:
    with pytest.raises(ValueError, match="aware"):
        require_window(datetime(2026, 12, 1), datetime(2026, 12, 2))
    with pytest.raises(ValueError, match="after"):
        require_window(at(2), at(1))


# --- getSchedule on the wire ---
def test_request_body_matches_graph() -> None:
    body = schedule_request(["a@x.jp"], at(0), at(24), 15)
    assert body == {
        "schedules": ["a@x.jp"],
        "startTime": {"dateTime": "2026-12-01T00:00:00", "timeZone": "UTC"},
        "endTime": {"dateTime": "2026-12-02T00:00:00", "timeZone": "UTC"},
        "availabilityViewInterval": 15,
    }
    with pytest.raises(ValueError):
        schedule_request(["a@x.jp"], at(0), at(1), 4)


def test_batches_hold_at_most_twenty_people() -> None:
    people = [f"p{i}@x.jp" for i in range(45)]
    assert [len(b) for b in batches(people)] == [MAX_SCHEDULES, MAX_SCHEDULES, 5]


def test_long_ranges_are_cut_under_62_days() -> None:
    pieces = list(windows(T0, T0 + timedelta(days=130)))
    assert [(e - s).days for s, e in pieces] == [61, 61, 8]
    assert pieces[0][0] == T0 and pieces[-1][1] == T0 + timedelta(days=130)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"dateTime": "2026-12-01T01:00:00.0000000", "timeZone": "UTC"}, at(1)),
        ({"dateTime": "2026-12-01T10:00:00.0000000", "timeZone": "Tokyo Standard Time"}, at(1)),
        ({"dateTime": "2026-12-01T10:00:00", "timeZone": "Asia/Tokyo"}, at(1)),
        ({"dateTime": "2026-12-01T01:00:00"}, at(1)),
    ],
)
def test_graph_datetimes_in_utc_windows_and_iana_zones(value: dict[str, str], expected: datetime) -> None:
    assert parse_graph_datetime(value) == expected


def _item(status: str, start: float, end: float) -> dict[str, object]:
    def dt(h: float) -> dict[str, str]:
        return {"dateTime": at(h).replace(tzinfo=None).isoformat() + ".0000000", "timeZone": "UTC"}

    return {"status": status, "start": dt(start), "end": dt(end)}


def test_busy_tentative_and_oof_count_free_and_working_elsewhere_do_not() -> None:
    payload = {
        "value": [
            {
                "scheduleId": "A@X.jp",
                "scheduleItems": [
                    _item("busy", 1, 2),
                    _item("tentative", 3, 4),
                    _item("oof", 5, 6),
                    _item("free", 7, 8),
                    _item("workingElsewhere", 9, 10),
                ],
            }
        ]
    }
    answer = parse_schedule_response(payload, ["a@x.jp"], T0, 15)
    assert answer.busy == {"a@x.jp": [(at(1), at(2)), (at(3), at(4)), (at(5), at(6))]}
    assert answer.unknown == set()


def test_per_schedule_error_and_missing_entries_mean_unknown() -> None:
    payload = {
        "value": [
            {"scheduleId": "gone@x.jp", "availabilityView": "", "error": {"responseCode": "ErrorMailboxNotFound"}},
            {"scheduleId": "here@x.jp", "scheduleItems": []},
        ]
    }
    answer = parse_schedule_response(payload, ["gone@x.jp", "here@x.jp", "silent@x.jp"], T0, 15)
    assert answer.busy == {"here@x.jp": []}
    assert answer.unknown == {"gone@x.jp", "silent@x.jp"}


def test_availability_view_is_used_when_items_are_missing() -> None:
    payload = {"value": [{"scheduleId": "a@x.jp", "availabilityView": "0220140"}]}
    answer = parse_schedule_response(payload, ["a@x.jp"], T0, 30)
    assert answer.busy["a@x.jp"] == [(at(0.5), at(1.5)), (at(2), at(2.5))]


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("3", 3.0), ("0.5", 0.5), ("-4", 0.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(header) == seconds


# --- messages ---
@pytest.mark.parametrize("code", WARNING_CODES)
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_warning_code_has_a_sentence_in_both_languages(code: str, lang: str) -> None:
    fallback = fallback_message(lang, code)
    failure = event_failure_message(lang, code)
    reason = i18n.t(lang, f"calendar.reason.{code}")
    assert reason != f"calendar.reason.{code}"
    assert reason in fallback and reason in failure
    assert ".ics" in failure


def test_fallback_sentence_in_japanese() -> None:
    assert fallback_message("ja", "graph_forbidden").startswith("Outlook の予定表を参照できなかったため")
    assert "Calendars.ReadBasic" in fallback_message("en", "graph_forbidden")
