"""A trip office on the console adapter: a started Core with a pinned clock, an organisation file, the real
console chat port (posts land in a captured terminal), and trips put straight into the database (the request and
approval steps are tested with the trip flow)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from skills.trip.models import Trip
from tests.conftest import llm_settings_for
from tests.office import ConsoleOffice, running_office
from tests.world.openai_api import FakeOpenAI

JST = ZoneInfo("Asia/Tokyo")
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=JST)
"""The office clock: Tuesday 1 Dec 2026, 10:00 JST."""
EXAMPLE_ORG = Path(__file__).resolve().parents[3] / "examples" / "org.example.yaml"


class TripOffice(ConsoleOffice):
    """The office, with trips put straight into the database."""

    async def add_trip(self, **values: Any) -> Trip:
        base: dict[str, Any] = {
            "platform": "console",
            "team_id": "T-office",
            "traveller": "tanaka",
            "traveller_name": "田中 美咲",
            "unit": "mof/budget/research",
            "destination": "大阪市",
            "prefecture": "大阪府",
            "purpose": "予算説明会への出席",
            "depart": date(2026, 12, 10),
            "return_on": date(2026, 12, 11),
            "transport": "新幹線",
            "state": "approved",
            "version": 2,
        }
        base.update(values)
        trip = Trip(**base)
        async with self.core.db.session() as s:
            s.add(trip)
        async with self.core.db.session() as s:
            stored = await s.get(Trip, trip.id)
        assert stored is not None
        return stored

    async def trip(self, trip_id: int) -> Trip:
        async with self.core.db.session() as s:
            found = await s.get(Trip, trip_id)
        assert found is not None
        return found


def office_settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test settings with the shipped example organisation file (a copy: a test may edit it)."""
    org = tmp_path / "org.yaml"
    shutil.copy(EXAMPLE_ORG, org)
    return settings.model_copy(update={"org_file": org})


@asynccontextmanager
async def open_office(
    settings: Settings, llm: LLMSettings | None = None, clock: FixedClock | None = None
) -> AsyncIterator[TripOffice]:
    clock = clock or FixedClock(TUESDAY)
    async with running_office(settings, clock=clock, channel="C-trips", kind=TripOffice, llm=llm, files=True) as office:
        yield office


@pytest.fixture
async def office(settings: Settings, tmp_path: Path) -> AsyncIterator[TripOffice]:
    async with open_office(office_settings(settings, tmp_path)) as office:
        yield office


@pytest.fixture
async def llm_office(settings: Settings, tmp_path: Path, fake_llm: FakeOpenAI) -> AsyncIterator[TripOffice]:
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0})
    async with open_office(office_settings(settings, tmp_path), llm) as office:
        yield office
