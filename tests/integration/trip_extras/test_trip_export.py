"""The accounting export: the month's approved and completed trips as CSV with a BOM (for Excel)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from genai_bot.config import Settings
from skills.trip.export import run_export
from tests.integration.trip_extras.conftest import TripOffice


def _estimate(transport: int, lodging: int, allowance: int) -> str:
    items = [
        {"name": "transport", "amount": transport},
        {"name": "lodging", "amount": lodging},
        {"name": "lodging_allowance", "amount": allowance},
    ]
    return json.dumps({"nights": 1, "days": 2, "items": items, "total": transport + lodging + allowance})


async def _trips(office: TripOffice) -> None:
    await office.add_trip(estimate_json=_estimate(29000, 13000, 2400), estimate_total=44400, budget_code="A-1")
    await office.add_trip(  # over the month's end: still December's
        destination="福岡市",
        prefecture="福岡県",
        depart=date(2026, 12, 30),
        return_on=date(2027, 1, 2),
        state="completed",
    )
    await office.add_trip(destination="名古屋市", state="submitted")  # not approved
    await office.add_trip(destination="札幌市", depart=date(2027, 1, 5), return_on=date(2027, 1, 6))  # January


def _export(month: str, output: Path | None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run_export(month, output, out, err)
    return status, out.getvalue(), err.getvalue()


async def test_the_months_approved_trips_go_to_a_csv_file_excel_opens(
    office: TripOffice, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _trips(office)
    monkeypatch.setenv("GENAI_DATABASE_URL", settings.database_url)
    target = tmp_path / "2026-12.csv"
    status, out, err = await asyncio.to_thread(_export, "2026-12", target)
    assert (status, out, err) == (0, "", "")
    data = await asyncio.to_thread(target.read_bytes)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][-4:] == ["transport", "lodging", "lodging_allowance", "total"]
    assert [r[3] for r in rows[1:]] == ["大阪市", "福岡市"]
    assert rows[1][1:3] == ["田中 美咲", "mof/budget/research"]
    assert rows[1][8:] == ["A-1", "29000", "13000", "2400", "44400"]

    status, out, err = await asyncio.to_thread(_export, "2027-01", None)  # stdout
    assert status == 0 and out.startswith("\ufeff")
    assert [r[3] for r in csv.reader(io.StringIO(out.removeprefix("\ufeff")))][1:] == ["福岡市", "札幌市"]


async def test_a_bad_month_is_one_line_and_status_2(tmp_path: Path) -> None:
    status, out, err = await asyncio.to_thread(_export, "2026-13", tmp_path / "x.csv")
    assert status == 2 and out == "" and err.count("\n") == 1 and "--month" in err
    assert not (tmp_path / "x.csv").exists()
