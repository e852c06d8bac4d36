"""`genai-bot trip estimate` as an operator runs it: JSON in, the estimate as JSON out; invalid input is exit status 2
with one line naming the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_cli import run

TRIP = {
    "traveler": "tanaka",
    "grade": "係員",
    "destination": "大阪市",
    "depart": "2025-12-10",
    "return": "2025-12-12",
    "transport_fare": 29000,
    "lodging_per_night": 12000,
}


def _estimate(tmp_path: Path, given: dict[str, Any] | str, **env: str) -> tuple[int, str, str]:
    text = given if isinstance(given, str) else json.dumps(given, ensure_ascii=False)
    done = run(["trip", "estimate", "--input", "-"], tmp_path, text, **env)
    return done.returncode, done.stdout, done.stderr


def test_the_estimate_contract(tmp_path: Path) -> None:
    (tmp_path / "trip.json").write_text(json.dumps(TRIP, ensure_ascii=False), encoding="utf-8")
    done = run(["trip", "estimate", "--input", "trip.json"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == {
        "nights": 2,
        "days": 3,
        "items": [
            {"name": "transport", "amount": 29000},
            {"name": "lodging", "amount": 24000},
            {"name": "lodging_allowance", "amount": 4800},
        ],
        "total": 57800,
        "currency": "JPY",
    }


def test_optional_amounts_left_out_and_a_day_trip(tmp_path: Path) -> None:
    given = {k: v for k, v in TRIP.items() if k not in ("transport_fare", "lodging_per_night")}
    code, out, err = _estimate(tmp_path, {**given, "destination": "Osaka", "return": "2025-12-10"})
    assert code == 0, err
    assert json.loads(out) == {"nights": 0, "days": 1, "items": [], "total": 0, "currency": "JPY"}


def test_lodging_above_the_cap_is_kept_and_warned_about(tmp_path: Path) -> None:
    code, out, err = _estimate(tmp_path, {**TRIP, "lodging_per_night": 15000})
    assert code == 0
    result = json.loads(out)
    assert result["items"][1] == {"name": "lodging", "amount": 30000}
    assert result["total"] == sum(i["amount"] for i in result["items"])
    assert err.startswith("warning: lodging_per_night:") and "13,000" in err


@pytest.mark.parametrize(
    ("given", "field", "also"),
    [
        ({**TRIP, "return": "2025-12-09"}, "return", "before the departure"),
        ({**TRIP, "destination": "Osakka"}, "destination", "Osaka"),
        ({**TRIP, "grade": "社長"}, "grade", "社長"),
        ({**TRIP, "transport_fare": -100}, "transport_fare", "negative"),
        ({**TRIP, "transport_fare": "29000"}, "transport_fare", "whole number"),
        ({k: v for k, v in TRIP.items() if k != "depart"}, "depart", "missing"),
        ({**TRIP, "depart": "12/10"}, "depart", "YYYY-MM-DD"),
        ({**TRIP, "lodging": 1}, "lodging", "unknown field"),
        ('{"traveler": ', "input", "not valid JSON"),
    ],
)
def test_invalid_input_is_one_line_naming_the_field(tmp_path: Path, given: Any, field: str, also: str) -> None:
    code, out, err = _estimate(tmp_path, given)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {field}: ") and also in lines[0], err


def test_a_missing_rate_table_is_one_line(tmp_path: Path) -> None:
    code, _, err = _estimate(tmp_path, TRIP, GENAI_TRIP_RATES_FILE=str(tmp_path / "none.yaml"))
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "GENAI_TRIP_RATES_FILE" in lines[0]
