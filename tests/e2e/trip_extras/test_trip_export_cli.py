"""`genai-bot trip export` as an accountant's operator runs it: the month's approved trips as a CSV Excel opens."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import run


def _add_trips(db: Path) -> None:
    estimate = {
        "items": [
            {"name": "transport", "amount": 29000},
            {"name": "lodging", "amount": 13000},
            {"name": "lodging_allowance", "amount": 2400},
        ],
        "total": 44400,
    }
    with sqlite3.connect(db) as conn:
        for destination, state in (("大阪市", "approved"), ("名古屋市", "draft")):
            conn.execute(
                "INSERT INTO trips (platform, team_id, traveller, traveller_name, unit, destination, prefecture, "
                "purpose, depart, return_on, budget_code, estimate_json, estimate_total, state, version, "
                "created_at, updated_at) VALUES ('slack', 'T1', 'U1', '田中 美咲', 'mof/budget/research', ?, '大阪府', "
                "'予算説明会', '2026-12-10', '2026-12-11', 'A-1', ?, 44400, ?, 2, "
                "'2026-12-01 00:00:00', '2026-12-01 00:00:00')",
                (destination, json.dumps(estimate), state),
            )


def test_export_writes_the_months_approved_trips_with_a_bom(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    url = f"sqlite+aiosqlite:///{db}"
    upgraded = run(["db", "upgrade"], tmp_path, GENAI_DATABASE_URL=url)
    assert upgraded.returncode == 0, upgraded.stderr
    _add_trips(db)
    done = run(["trip", "export", "--month", "2026-12", "--output", "dec.csv"], tmp_path, GENAI_DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    data = (tmp_path / "dec.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][3] == "大阪市" and rows[1][-4:] == ["29000", "13000", "2400", "44400"]

    to_stdout = run(["trip", "export", "--month", "2026-12"], tmp_path, GENAI_DATABASE_URL=url)
    assert to_stdout.returncode == 0 and to_stdout.stdout.startswith("\ufeffid,traveller,")


def test_a_bad_month_exits_2_with_one_line(tmp_path: Path) -> None:
    done = run(["trip", "export", "--month", "12/2026"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "--month" in done.stderr and done.stdout == ""
