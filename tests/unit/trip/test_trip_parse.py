"""The one-line trip form as people type it: ISO and Japanese date ranges, full-width input, a year that rolls
over at year end, options and `field=value` edits."""

from __future__ import annotations

from datetime import date

import pytest

from genai_bot.errors import FieldError
from skills.trip.parse import parse_edit, parse_new, parse_range

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("typed", "depart", "return_on"),
    [
        ("2026-12-10..2026-12-11", date(2026, 12, 10), date(2026, 12, 11)),
        ("12/10-12/11", date(2026, 12, 10), date(2026, 12, 11)),
        ("１２/１０-１２/１１", date(2026, 12, 10), date(2026, 12, 11)),
        ("12月10日〜11日", date(2026, 12, 10), date(2026, 12, 11)),
        ("12月10日～12月12日", date(2026, 12, 10), date(2026, 12, 12)),
        ("12/30-1/2", date(2026, 12, 30), date(2027, 1, 2)),
        ("1/5-1/6", date(2027, 1, 5), date(2027, 1, 6)),
        ("12/10", date(2026, 12, 10), date(2026, 12, 10)),
    ],
)
def test_date_ranges_are_read_as_written(typed: str, depart: date, return_on: date) -> None:
    assert parse_range(typed, TODAY) == (depart, return_on)


def test_a_full_line_with_full_width_spaces_and_options() -> None:
    typed = (
        "大阪　１２/１０-１２/１１　予算 説明会 --fare ２９，０００ --lodging 12000円 --budget A-1 "
        "--related 「予算 委員会」"
    )
    got = parse_new(typed, TODAY)
    assert (got.destination, got.purpose) == ("大阪", "予算 説明会")
    assert (got.depart, got.return_on) == (date(2026, 12, 10), date(2026, 12, 11))
    assert (got.fare, got.lodging_per_night, got.budget_code, got.related) == (29000, 12000, "A-1", "予算 委員会")


def test_dates_split_by_spaces_and_a_missing_purpose() -> None:
    got = parse_new("札幌 12/10 〜 12/12", TODAY)
    assert (got.destination, got.purpose) == ("札幌", None)
    assert (got.depart, got.return_on) == (date(2026, 12, 10), date(2026, 12, 12))


def test_a_bad_amount_names_the_field() -> None:
    with pytest.raises(FieldError) as caught:
        parse_new("大阪 12/10 会議 --fare たくさん", TODAY)
    assert caught.value.field == "fare"


def test_edit_pairs_run_until_the_next_field_and_empty_clears() -> None:
    got = parse_edit("fare=1000 purpose=会議 出席 日程=12/10-12/12 budget=", TODAY)
    assert got.given() == {
        "purpose": "会議 出席",
        "depart": date(2026, 12, 10),
        "return_on": date(2026, 12, 12),
        "fare": 1000,
        "budget_code": None,
    }
