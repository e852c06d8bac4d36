"""A trip office on the console adapter: a started Core with a pinned clock, an organisation file (a division
with its approver and delegate, another division), the real console chat port (DMs land in a captured terminal)
and people who type commands."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from tests.office import ConsoleOffice, running_office

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=JST)
"""The office clock: Monday 30 Nov 2026, 09:00 JST."""

ORG = """
units:
  - id: mof
    name: 財務省
    approvers: [U0KANBO]
  - id: mof/budget
    name: 主計局
    approvers: [U0KYOKU]
  - id: mof/budget/research
    name: 調査課
    approvers: [U0YAMADA]
    delegates: [U0SUZUKI]
  - id: mof/tax
    name: 主税局
    approvers: [U0KOBAYA]
members:
  - {name: 財務 一郎, grade: 事務次官, unit: mof, ids: [U0KANBO, zaimu]}
  - {name: 高橋 誠, grade: 局長, unit: mof/budget, ids: [U0KYOKU, takahashi]}
  - {name: 山田 太郎, grade: 課長, unit: mof/budget/research, ids: [U0YAMADA, yamada]}
  - {name: 鈴木 花子, grade: 課長補佐, unit: mof/budget/research, ids: [U0SUZUKI, suzuki]}
  - {name: 田中 美咲, grade: 係員, unit: mof/budget/research, ids: [U0TANAKA, tanaka]}
  - {name: 小林 修, grade: 局長, unit: mof/tax, ids: [U0KOBAYA, kobayashi]}
  - {name: 加藤 陽介, grade: 係長, unit: mof/tax, ids: [U0KATO, kato]}
"""


def write_org(tmp_path: Path) -> Path:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


TripOffice = ConsoleOffice
"""People in one workspace typing `/genai trip …` lines in one channel."""


@asynccontextmanager
async def open_office(settings: Settings, clock: FixedClock | None = None) -> AsyncIterator[TripOffice]:
    """A started office on `settings` (a second one on the same database is the office after a restart)."""
    async with running_office(settings, clock=clock or FixedClock(NOW), channel="C-office") as office:
        yield office


@pytest.fixture
def org_settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test settings with the organisation file set."""
    return settings.model_copy(update={"org_file": write_org(tmp_path)})


@pytest.fixture
async def office(org_settings: Settings) -> AsyncIterator[TripOffice]:
    async with open_office(org_settings) as office:
        yield office
