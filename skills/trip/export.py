"""The accounting hand-off: `genai-bot trip export --month YYYY-MM [--output FILE]` writes the approved (and
completed) trips overlapping that month as CSV in UTF-8 with a BOM, so Excel opens the Japanese text correctly.
One row per trip: id, traveller, unit, destination, prefecture, purpose, depart, return, budget code, then the
estimate's items as columns (transport, lodging, lodging_allowance, and any other item a rate table adds), and
the total. Amounts are integers in yen; an item the estimate lacks is 0. Without --output the CSV goes to stdout.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from calendar import monthrange
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from sqlmodel import col, select

from genai_bot.config import load_settings
from genai_bot.db import Database, make_engine
from genai_bot.errors import ConfigError
from genai_bot.spreadsheet import BOM, excel_csv
from skills.trip.models import Trip

__all__ = [
    "BOM",
    "EXPORT_STATES",
    "ITEM_COLUMNS",
    "MonthError",
    "export_command",
    "export_csv",
    "parse_month",
    "run_export",
    "trips_in_month",
]

EXPORT_STATES = ("approved", "completed")
ITEM_COLUMNS = ("transport", "lodging", "lodging_allowance")
_HEAD = ("id", "traveller", "unit", "destination", "prefecture", "purpose", "depart", "return", "budget_code")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthError(ValueError):
    """--month is not YYYY-MM (a real month)."""


def parse_month(text: str) -> tuple[date, date]:
    """`2026-12` → (2026-12-01, 2026-12-31); MonthError otherwise."""
    match = _MONTH.match(text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise MonthError(f"--month: expected YYYY-MM, e.g. 2026-12 (got {text!r})")
    year, month = int(match.group(1)), int(match.group(2))
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


async def trips_in_month(db: Database, first: date, last: date) -> list[Trip]:
    """Approved and completed trips with at least one day in [first, last], by departure then id."""
    async with db.session() as s:
        rows = (
            await s.exec(
                select(Trip)
                .where(col(Trip.state).in_(EXPORT_STATES), col(Trip.depart) <= last, col(Trip.return_on) >= first)
                .order_by(col(Trip.depart), col(Trip.id))
            )
        ).all()
    return list(rows)


def _estimate(trip: Trip) -> dict[str, Any]:
    if not trip.estimate_json:
        return {}
    try:
        data = json.loads(trip.estimate_json)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _items(estimate: dict[str, Any]) -> dict[str, int]:
    items: dict[str, int] = {}
    for item in estimate.get("items") or ():
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            items[item["name"]] = items.get(item["name"], 0) + int(item.get("amount") or 0)
    return items


def export_csv(trips: Sequence[Trip]) -> bytes:
    """The CSV file's bytes: UTF-8 with a BOM, CRLF line ends (as Excel writes them), one row per trip."""
    estimates = [_estimate(trip) for trip in trips]
    extra = sorted({name for e in estimates for name in _items(e)} - set(ITEM_COLUMNS))
    columns = (*ITEM_COLUMNS, *extra)
    rows = []
    for trip, estimate in zip(trips, estimates, strict=True):
        items = _items(estimate)
        total = estimate.get("total", trip.estimate_total)
        rows.append(
            (
                trip.id,
                trip.traveller_name or trip.traveller,
                trip.unit,
                trip.destination,
                trip.prefecture,
                trip.purpose,
                trip.depart.isoformat(),
                trip.return_on.isoformat(),
                trip.budget_code,
                *(items.get(name, 0) for name in columns),
                int(total) if total is not None else sum(items.values()),
            )
        )
    return excel_csv((*_HEAD, *columns, "total"), rows)


async def _export(month: str) -> bytes:
    first, last = parse_month(month)
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        return export_csv(await trips_in_month(Database(engine), first, last))
    finally:
        await engine.dispose()


def run_export(month: str, output: Path | None, stdout: TextIO, stderr: TextIO) -> int:
    """The CLI: write the month's CSV to `output` (or stdout); 0 on success, 2 with one line on bad input."""
    try:
        parse_month(month)
        data = asyncio.run(_export(month))
    except (MonthError, ConfigError) as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    except Exception as exc:  # an unreachable database, a missing table: one line, not a trace
        first_line = str(exc).splitlines()[0] if str(exc) else ""
        stderr.write(f"error: the export failed: {type(exc).__name__}: {first_line}\n")
        return 1
    if output is None:
        binary = getattr(stdout, "buffer", None)
        if binary is not None:
            stdout.flush()
            binary.write(data)
            binary.flush()
        else:
            stdout.write(data.decode("utf-8"))
            stdout.flush()
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            stderr.write(f"error: --output: cannot write {output}: {exc.strerror}\n")
            return 2
    return 0


def export_command(
    month: Annotated[str, typer.Option("--month", help="The month, YYYY-MM (trips with a day in it).")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the CSV here (default: stdout).")] = None,
) -> None:
    """Write the month's approved trips as CSV (UTF-8 with BOM, for Excel): one row per trip, the estimate's
    items as columns. Exit status 2 with one line for a bad --month."""
    raise typer.Exit(run_export(month, output, sys.stdout, sys.stderr))
