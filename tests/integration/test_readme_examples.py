"""Every `/genai …` example in the README runs, in order, in one console session — on any date: before a weekend,
before the year-end closure, in Golden Week — with no error reply and no unfilled placeholder."""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from handlers.console.adapter import ConsoleAdapter
from tests.conftest import running_core

README = Path(__file__).resolve().parents[2] / "README.md"
JST = ZoneInfo("Asia/Tokyo")
_FENCE = re.compile(r"^```[a-z]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}|`—`|\(e\.g\. `--\w+ —`\)")


def readme_examples() -> list[str]:
    return [
        line.strip()
        for block in _FENCE.findall(README.read_text("utf-8"))
        for line in block.splitlines()
        if line.strip().startswith("/genai ")
    ]


def test_the_readme_has_console_examples() -> None:
    assert len(readme_examples()) >= 5


@pytest.mark.parametrize(
    "today",
    [
        datetime(2026, 12, 4, 10, tzinfo=JST),  # a Friday
        datetime(2026, 12, 25, 17, tzinfo=JST),  # the Friday before the 12/29–1/3 closure
        datetime(2027, 4, 28, 9, tzinfo=JST),  # Golden Week
    ],
)
async def test_every_readme_example_runs_without_an_error_or_a_placeholder(settings: Settings, today: datetime) -> None:
    out = io.StringIO()
    async with running_core(settings, clock=FixedClock(today)) as core:
        lines = io.StringIO("".join(f"{line}\n" for line in readme_examples()))
        await ConsoleAdapter(core, user="tanaka", stdin=lines, stdout=out).run()
    printed = out.getvalue()
    errors = [line for line in printed.splitlines() if line.startswith("! ")]
    assert errors == [], printed
    assert _PLACEHOLDER.search(printed) is None, printed
    assert "の日程調整" in printed  # the poll was posted
    assert "全員参加できます" not in printed  # nobody's calendar is known: nothing is promised
