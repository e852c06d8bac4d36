"""A committee office on the console adapter: a started Core with a pinned clock, the real console chat port
(posts land in the local history and a captured terminal), and people who type commands."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from skills.committee.settings import CommitteeSettings
from tests.conftest import llm_settings_for
from tests.office import ConsoleOffice, running_office
from tests.world.openai_api import FakeOpenAI

JST = ZoneInfo("Asia/Tokyo")
MONDAY = datetime(2027, 2, 1, 9, 0, tzinfo=JST)
"""The office clock: Monday 1 Feb 2027, 09:00 JST (no holidays in the weeks after)."""


Office = ConsoleOffice
"""People in one workspace typing `/genai …` lines in the committee's channel."""


@asynccontextmanager
async def _office(settings: Settings, llm: LLMSettings) -> AsyncIterator[Office]:
    committee = CommitteeSettings(_env_file=None)  # type: ignore[call-arg]
    async with running_office(
        settings, clock=FixedClock(MONDAY), channel="C-committee", llm=llm, skill_settings=[committee]
    ) as office:
        yield office


@pytest.fixture
async def office(settings: Settings) -> AsyncIterator[Office]:
    async with _office(settings, LLMSettings(_env_file=None)) as office:  # type: ignore[call-arg]
        yield office


@pytest.fixture
async def llm_office(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Office]:
    async with _office(settings, llm_settings_for(fake_llm)) as office:
        yield office


async def committee_with_members(office: Office, name: str = "予算検討委員会") -> None:
    """`tanaka` (secretariat, with e-mail), `suzuki` (chair), `sato` (member), `yamada` (external, optional)."""
    for user in ("tanaka", "suzuki", "sato", "outsider"):
        await office.person(user)
    assert "作成しました" in await office.text("tanaka", f"/genai committee create {name} --email tanaka@example.go.jp")
    added = await office.text("tanaka", f"/genai committee member add {name} @suzuki --role chair")
    assert "追加しました" in added, added
    assert "追加しました" in await office.text("tanaka", f"/genai committee member add {name} @sato")
    external = await office.text(
        "tanaka", f"/genai committee member add {name} yamada@example.ac.jp --name 山田太郎 --org 東京大学 --optional"
    )
    assert "追加しました" in external, external
