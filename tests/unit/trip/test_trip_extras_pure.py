"""The trip extras' pure parts: the itinerary file, the reminder days, the accounting CSV, the conflict lines."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from skills.trip import messages_extras  # noqa: F401 (registers the messages)
from skills.trip.conflicts import Conflict, conflict_blocks, conflict_lines
from skills.trip.export import BOM, MonthError, export_csv, parse_month
from skills.trip.extras_common import parse_trip_id
from skills.trip.itinerary import trip_ics
from skills.trip.models import Trip
from skills.trip.reminders import reminder_days, report_due_day, working_day_before

NOW = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


def _trip(**values: object) -> Trip:
    base: dict[str, object] = {
        "id": 12,
        "platform": "console",
        "team_id": "T",
        "traveller": "tanaka",
        "traveller_name": "田中太郎",
        "unit": "mof/budget",
        "destination": "大阪市",
        "prefecture": "大阪府",
        "purpose": "予算説明会への出席",
        "depart": date(2026, 12, 10),
        "return_on": date(2026, 12, 11),
        "transport": "新幹線",
        "state": "approved",
        "version": 3,
    }
    base.update(values)
    return Trip(**base)  # type: ignore[arg-type]


def test_the_itinerary_is_one_all_day_event_from_departure_to_return_inclusive() -> None:
    calendar = Calendar.from_ical(trip_ics(_trip(), NOW))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == date(2026, 12, 10)
    assert event.decoded("dtend") == date(2026, 12, 12)  # exclusive: the return day is in the event
    assert str(event["summary"]) == "出張: 大阪市"
    assert "予算説明会への出席" in str(event["description"])
    assert "新幹線" in str(event["description"])
    assert str(event["uid"]) == "trip-12@genai-bot"
    assert int(event["sequence"]) == 3
    assert "DTSTART;VALUE=DATE:20261210" in trip_ics(_trip(), NOW).decode()


def test_a_changed_trip_keeps_its_uid_and_raises_the_sequence() -> None:
    first = Calendar.from_ical(trip_ics(_trip(version=1), NOW)).walk("VEVENT")[0]
    later = Calendar.from_ical(trip_ics(_trip(version=4, return_on=date(2026, 12, 12)), NOW)).walk("VEVENT")[0]
    assert str(first["uid"]) == str(later["uid"])
    assert int(later["sequence"]) > int(first["sequence"])


def test_the_english_itinerary_reads_in_english() -> None:
    event = Calendar.from_ical(trip_ics(_trip(destination="Osaka"), NOW, "en")).walk("VEVENT")[0]
    assert str(event["summary"]) == "Business trip: Osaka"


@pytest.mark.parametrize(
    ("depart", "reminder"),
    [
        (date(2026, 12, 10), date(2026, 12, 9)),  # Thursday → Wednesday
        (date(2026, 12, 14), date(2026, 12, 11)),  # Monday → the Friday before
        (date(2027, 1, 4), date(2026, 12, 28)),  # after the year-end closure → the last working day of the year
        (date(2027, 1, 12), date(2027, 1, 8)),  # Tuesday after 成人の日 (Mon 11 Jan) → Friday
    ],
)
def test_the_day_before_reminder_is_on_the_working_day_before_departure(depart: date, reminder: date) -> None:
    assert working_day_before(depart) == reminder


@pytest.mark.parametrize(
    ("return_on", "due"),
    [
        (date(2026, 12, 11), date(2026, 12, 16)),  # Friday → Mon, Tue, Wed
        (date(2026, 12, 28), date(2027, 1, 6)),  # 12/29–1/3 closed: Mon 4, Tue 5, Wed 6 Jan
        (date(2027, 1, 8), date(2027, 1, 14)),  # 成人の日 on Mon 11 Jan skipped: 12, 13, 14
        (date(2026, 12, 25), date(2027, 1, 5)),  # Fri 25 Dec: Mon 28, the closure, Mon 4, Tue 5 Jan
    ],
)
def test_the_report_is_due_on_the_third_working_day_after_the_return(return_on: date, due: date) -> None:
    assert report_due_day(return_on) == due


def test_reminder_days_names_both() -> None:
    assert reminder_days(date(2026, 12, 10), date(2026, 12, 11)) == {
        "t-1": date(2026, 12, 9),
        "report-due": date(2026, 12, 16),
    }


def _estimate(transport: int, lodging: int, allowance: int) -> str:
    items = [
        {"name": "transport", "amount": transport},
        {"name": "lodging", "amount": lodging},
        {"name": "lodging_allowance", "amount": allowance},
    ]
    return json.dumps({"items": items, "total": transport + lodging + allowance, "currency": "JPY"})


def test_the_csv_starts_with_a_bom_and_has_the_estimate_items_as_columns() -> None:
    trips = [
        _trip(estimate_json=_estimate(29000, 13000, 2400), estimate_total=44400, budget_code="B-01"),
        _trip(id=13, traveller_name=None, traveller="suzuki", estimate_json=None, estimate_total=None),
    ]
    data = export_csv(trips)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8").removeprefix(BOM))))
    assert rows[0] == [
        "id",
        "traveller",
        "unit",
        "destination",
        "prefecture",
        "purpose",
        "depart",
        "return",
        "budget_code",
        "transport",
        "lodging",
        "lodging_allowance",
        "total",
    ]
    assert rows[1] == [
        "12",
        "田中太郎",
        "mof/budget",
        "大阪市",
        "大阪府",
        "予算説明会への出席",
        "2026-12-10",
        "2026-12-11",
        "B-01",
        "29000",
        "13000",
        "2400",
        "44400",
    ]
    assert rows[2][1] == "suzuki" and rows[2][-4:] == ["0", "0", "0", "0"]
    assert data.decode("utf-8-sig").count("\r\n") == 3  # CRLF line ends, as Excel writes them


def test_an_empty_month_is_the_header_alone() -> None:
    assert export_csv([]).decode("utf-8-sig").splitlines() == [
        "id,traveller,unit,destination,prefecture,purpose,depart,return,budget_code,"
        "transport,lodging,lodging_allowance,total"
    ]


def test_months() -> None:
    assert parse_month("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert parse_month("2028-02") == (date(2028, 2, 1), date(2028, 2, 29))
    for bad in ("2026-13", "2026-1", "12/2026", "", "2026-00"):
        with pytest.raises(MonthError, match="--month"):
            parse_month(bad)


def test_trip_numbers() -> None:
    assert parse_trip_id("12") == 12
    assert parse_trip_id("#12") == 12
    assert parse_trip_id("１２") == 12
    assert parse_trip_id("x") is None
    assert parse_trip_id("0") is None


def test_conflict_lines_read_in_both_languages() -> None:
    found = [
        Conflict(
            "meeting",
            (datetime(2026, 12, 10, 1, 0, tzinfo=UTC), datetime(2026, 12, 10, 2, 0, tzinfo=UTC)),
            "予算検討委員会: 第3回",
            7,
        ),
        Conflict("trip", (date(2026, 12, 11), date(2026, 12, 12)), "名古屋市", 9),
        Conflict("calendar", (datetime(2026, 12, 11, 0, 0, tzinfo=UTC), datetime(2026, 12, 11, 3, 0, tzinfo=UTC)), ""),
    ]
    ja = conflict_lines(found, "ja", "Asia/Tokyo")
    assert ja[0] == "• 12月10日(木) 10:00–11:00 委員会の会議 予算検討委員会: 第3回（会議 #7）"
    assert ja[1] == "• 12月11日(金)–12月12日(土) ほかの出張 #9 名古屋市"
    assert ja[2] == "• 12月11日(金) 09:00–12:00 予定あり（予定表）"
    en = conflict_blocks(found[:1], "en", "Asia/Tokyo")
    assert "1 thing overlaps" in en[0].markdown  # type: ignore[union-attr]
    assert conflict_blocks([], "ja", "Asia/Tokyo") == []


def test_text_a_spreadsheet_would_run_as_a_formula_is_quoted() -> None:
    trips = [_trip(purpose='=HYPERLINK("http://evil.example","説明会")', destination="+大阪", budget_code="-1")]
    rows = list(csv.reader(io.StringIO(export_csv(trips).decode("utf-8").removeprefix(BOM))))
    purpose, destination, budget = rows[1][5], rows[1][3], rows[1][8]
    assert purpose == '\'=HYPERLINK("http://evil.example","説明会")' and destination == "'+大阪" and budget == "'-1"
    assert rows[1][-1].isdigit()  # numbers stay numbers
