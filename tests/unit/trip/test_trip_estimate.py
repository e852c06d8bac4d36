"""The estimate under the 2025 rules: nights and days from the dates, lodging at actual cost or the cap, the over-cap
flag, the fixed 宿泊手当, no lodging for a day trip, the total the sum of the items, and bad input naming its field."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from genai_bot.i18n import t
from skills.trip.estimate import EstimateError, EstimateItem, estimate_trip
from skills.trip.estimate_view import estimate_text
from skills.trip.rates import SHIPPED_RATES, UnknownDestination, load_rates

RATES = load_rates(SHIPPED_RATES)


def _estimate(**given: Any) -> Any:
    args: dict[str, Any] = {
        "grade": "係員",
        "destination": "大阪市",
        "depart": date(2025, 12, 10),
        "return_on": date(2025, 12, 12),
        "transport_fare": 29000,
        "lodging_per_night": None,
    }
    args.update(given)
    return estimate_trip(RATES, **args)


def test_two_nights_in_osaka_at_the_cap() -> None:
    est = _estimate()
    assert (est.nights, est.days, est.prefecture, est.lodging_cap, est.over_cap) == (2, 3, "大阪府", 13000, False)
    assert est.items == (
        EstimateItem("transport", 29000),
        EstimateItem("lodging", 26000),
        EstimateItem("lodging_allowance", 4800),
    )
    assert est.total == 29000 + 26000 + 4800
    assert est.to_json() == {
        "nights": 2,
        "days": 3,
        "items": [
            {"name": "transport", "amount": 29000},
            {"name": "lodging", "amount": 26000},
            {"name": "lodging_allowance", "amount": 4800},
        ],
        "total": 59800,
        "currency": "JPY",
    }


def test_actual_lodging_below_the_cap_is_paid_as_entered() -> None:
    est = _estimate(lodging_per_night=9800)
    assert est.amount("lodging") == 19600 and not est.over_cap


def test_lodging_above_the_cap_stays_as_entered_and_is_flagged() -> None:
    est = _estimate(destination="東京", lodging_per_night=21000)
    assert est.lodging_cap == 19000 and est.over_cap
    assert est.amount("lodging") == 42000 and est.total == sum(i.amount for i in est.items)
    text = estimate_text(est, "ja", lodging_per_night=21000)
    assert "21,000円" in text and "19,000円" in text and "理由" in text


def test_a_day_trip_has_no_lodging() -> None:
    est = _estimate(return_on=date(2025, 12, 10), lodging_per_night=12000)
    assert (est.nights, est.days, est.lodging_cap, est.over_cap) == (0, 1, None, False)
    assert [i.name for i in est.items] == ["transport"] and est.total == 29000
    assert "日帰り" in estimate_text(est, "ja")


def test_without_a_fare_there_is_no_transport_item() -> None:
    est = _estimate(transport_fare=None, destination="Nagoya", return_on=date(2025, 12, 11))
    assert [i.name for i in est.items] == ["lodging", "lodging_allowance"] and est.total == 11000 + 2400
    text = estimate_text(est, "en")
    assert "Estimate (愛知県, 1 night, 2 days)" in text and "No fare entered" in text


@pytest.mark.parametrize(
    ("given", "field", "code"),
    [
        ({"return_on": date(2025, 12, 9)}, "return", "return_before_depart"),
        ({"transport_fare": -1}, "transport_fare", "negative_amount"),
        ({"lodging_per_night": -500}, "lodging_per_night", "negative_amount"),
        ({"grade": "社長"}, "grade", "unknown_grade"),
        ({"depart": date(2025, 3, 1), "return_on": date(2025, 3, 2)}, "depart", "before_rules"),
        ({"return_on": date(2027, 1, 1)}, "return", "trip_too_long"),
    ],
)
def test_bad_input_names_its_field(given: dict[str, Any], field: str, code: str) -> None:
    with pytest.raises(EstimateError) as caught:
        _estimate(**given)
    assert (caught.value.field, caught.value.code) == (field, code)
    for lang in ("ja", "en"):
        text = t(lang, caught.value.message_key, **caught.value.args_)
        assert text != caught.value.message_key and "{" not in text


def test_an_unknown_destination_is_a_field_error_with_suggestions() -> None:
    with pytest.raises(UnknownDestination) as caught:
        _estimate(destination="大坂")
    assert caught.value.field == "destination" and "大阪府" in caught.value.suggestions
    assert "大阪府" in t("ja", caught.value.message_key, **caught.value.args_)
