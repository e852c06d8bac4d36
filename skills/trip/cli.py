"""Operator CLI of the trip skill: `genai-bot trip estimate --input trip.json` (`-` reads standard input).

Input::

    {"traveler": str, "grade": str, "destination": str, "depart": "YYYY-MM-DD", "return": "YYYY-MM-DD",
     "transport_fare": int (optional, round trip, yen), "lodging_per_night": int (optional, yen)}

Output (exit 0)::

    {"nights": int, "days": int, "items": [{"name": str, "amount": int}], "total": int, "currency": "JPY"}

`total` is the sum of the items (names: transport, lodging, lodging_allowance). Invalid input (malformed JSON, a
missing or unknown field, return before depart, unknown destination or grade, a negative fare) exits with status 2
and exactly one line ``error: <field>: <message>`` on standard error (close matches for an unknown destination).
A lodging per night above the prefecture's cap is kept as entered; one ``warning:`` line on standard error says so.
The rate table is GENAI_TRIP_RATES_FILE (default: the shipped 2025 table).
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

import skills.trip.messages_estimate  # noqa: F401  (the trip.error texts)
from genai_bot.errors import ConfigError
from genai_bot.i18n import t
from genai_bot.settings_base import load_env_settings
from genai_bot.text import nfkc
from skills.trip.estimate import estimate_trip
from skills.trip.export import export_command
from skills.trip.rates import EstimateError, RateTable, cached_rates
from skills.trip.settings import TripSettings

__all__ = ["EXIT_INVALID_INPUT", "EXIT_OK", "run_estimate_cli", "trip_app"]

EXIT_OK = 0
EXIT_INVALID_INPUT = 2

trip_app = typer.Typer(no_args_is_help=True, help="Business trips: the expense estimate from the command line.")

_REQUIRED = ("traveler", "grade", "destination", "depart", "return")
_OPTIONAL = ("transport_fare", "lodging_per_night")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _InputError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _read(input_path: str) -> str:
    if input_path == "-":
        return sys.stdin.read()
    try:
        return Path(input_path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise _InputError("input", f"no file at {input_path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _InputError("input", f"cannot read {input_path} ({exc.__class__.__name__})") from None


def _text(data: dict[str, Any], name: str) -> str:
    value = data[name]
    if not isinstance(value, str) or not value.strip():
        raise _InputError(name, "must be a non-empty string")
    return nfkc(value).strip()


def _day(data: dict[str, Any], name: str) -> date:
    text = _text(data, name)
    if not _ISO_DATE.match(text):
        raise _InputError(name, f"must be a date written YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _InputError(name, f"not a calendar date: {text!r}") from None


def _yen(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _InputError(name, "must be a whole number of yen")
    return value


def parse_input(text: str) -> dict[str, Any]:
    """The checked input object (raises _InputError naming the field)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _InputError("input", f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise _InputError("input", "must be a JSON object")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise _InputError(unknown[0], f"unknown field (fields: {', '.join((*_REQUIRED, *_OPTIONAL))})")
    for name in _REQUIRED:
        if name not in data:
            raise _InputError(name, "required field is missing")
    return {
        "traveler": _text(data, "traveler"),
        "grade": _text(data, "grade"),
        "destination": _text(data, "destination"),
        "depart": _day(data, "depart"),
        "return": _day(data, "return"),
        "transport_fare": _yen(data, "transport_fare"),
        "lodging_per_night": _yen(data, "lodging_per_night"),
    }


def estimate_json(rates: RateTable, text: str, warn: TextIO | None = None) -> dict[str, Any]:
    """The estimate of the input `text` in the CLI's output shape (raises _InputError naming the field); a lodging
    above the cap is written to `warn` as one `warning:` line (the amount stays as entered)."""
    given = parse_input(text)
    try:
        found = estimate_trip(
            rates,
            grade=given["grade"],
            destination=given["destination"],
            depart=given["depart"],
            return_on=given["return"],
            transport_fare=given["transport_fare"],
            lodging_per_night=given["lodging_per_night"],
        )
    except EstimateError as exc:
        raise _InputError(exc.field, t("en", exc.message_key, **exc.args_)) from None
    if warn is not None and found.over_cap and found.lodging_cap is not None:
        amount, cap = given["lodging_per_night"], found.lodging_cap
        warn.write(
            f"warning: lodging_per_night: ¥{amount:,} a night is above the cap of ¥{cap:,} in {found.prefecture}"
            " (the request needs a reason)\n"
        )
    return found.to_json()


def _one_line(err: TextIO, text: str) -> int:
    err.write(" ".join(f"error: {text}".split()) + "\n")
    return EXIT_INVALID_INPUT


def run_estimate_cli(input_path: str, out: TextIO, err: TextIO) -> int:
    """Read the trip from `input_path` (`-`: stdin), write the estimate JSON to `out`; 2 with one line on `err`
    for invalid input or an invalid rate table setting."""
    try:
        rates = cached_rates(load_env_settings(TripSettings).rates_file)
    except ConfigError as exc:
        return _one_line(err, str(exc))
    try:
        result = estimate_json(rates, _read(input_path), err)
    except _InputError as exc:
        return _one_line(err, f"{exc.field}: {exc.message}")
    json.dump(result, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return EXIT_OK


@trip_app.command()
def estimate(
    input: Annotated[str, typer.Option("--input", "-i", help="Trip JSON file ('-' for stdin).")],
) -> None:
    """Estimate a trip's expenses under the 2025 rules; prints JSON (exit 2 on invalid input)."""
    raise typer.Exit(run_estimate_cli(input, sys.stdout, sys.stderr))


trip_app.command("export")(export_command)  # `genai-bot trip export --month YYYY-MM [--output FILE]` (export.py)
