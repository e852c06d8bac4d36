"""A committee office on the console adapter: a started Core with a pinned clock, the real console chat port
(posts land in the local history and a captured terminal), and people who type commands."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.commands import Source
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from genai_bot.messages import Person, Reply, Room
from handlers.console.chat_port import ConsoleChatPort
from handlers.console.render import render_text
from skills.committee.settings import CommitteeSettings
from tests.conftest import llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI

JST = ZoneInfo("Asia/Tokyo")
MONDAY = datetime(2027, 2, 1, 9, 0, tzinfo=JST)
"""The office clock: Monday 1 Feb 2027, 09:00 JST (no holidays in the weeks after)."""


@dataclass
class Office:
    """People in one workspace typing `/genai …` lines in one channel."""

    core: Core
    clock: FixedClock
    terminal: io.StringIO
    room: Room = field(default_factory=lambda: Room(platform="console", channel_id="C-committee"))
    people: dict[str, Person] = field(default_factory=dict)

    async def person(self, user: str, *, lang: str | None = None) -> Person:
        person = await self.core.person("console", "T-office", user, name=user)
        if lang:
            person = await self.core.services.users.set_language(person, lang)  # type: ignore[arg-type]
        self.people[user] = person
        return person

    async def send(
        self, user: str, line: str, *, source: Source = "console", extra: dict[str, str] | None = None
    ) -> Reply:
        person = self.people.get(user) or await self.person(user)
        return await self.core.handle(line, person, self.room, source, extra=extra)

    async def text(self, user: str, line: str, **kw: object) -> str:
        return render_text(await self.send(user, line, **kw))  # type: ignore[arg-type]

    def posted(self) -> str:
        """What the bot posted in channels (the console chat port prints posts, updates and uploads)."""
        return self.terminal.getvalue()


async def _office(settings: Settings, llm: LLMSettings) -> AsyncIterator[Office]:
    clock = FixedClock(MONDAY)
    terminal = io.StringIO()

    def attach_console(core: Core) -> None:
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, terminal)

    committee = CommitteeSettings(_env_file=None)  # type: ignore[call-arg]
    async with running_core(
        settings, llm_settings=llm, clock=clock, skill_settings=[committee], setup=attach_console
    ) as core:
        yield Office(core, clock, terminal)


@pytest.fixture
async def office(settings: Settings) -> AsyncIterator[Office]:
    async for office in _office(settings, LLMSettings(_env_file=None)):  # type: ignore[call-arg]
        yield office


@pytest.fixture
async def llm_office(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Office]:
    async for office in _office(settings, llm_settings_for(fake_llm)):
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
