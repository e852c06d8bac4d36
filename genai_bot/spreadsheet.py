"""CSV for people who open it in Excel: UTF-8 with a BOM (so Japanese text reads right), CRLF line ends, and text
a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) quoted with a leading
apostrophe, so a value typed by a user (a trip's purpose, an audit target) cannot become a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["BOM", "excel_csv", "safe_cell"]

BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """None as an empty cell; text that starts like a formula with a leading apostrophe; anything else as is."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The file's bytes: the header, then each row with every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")
