"""A trip office on the console adapter: a started Core with a pinned clock, an organisation file (a division
with its approver and delegate, another division), the real console chat port (DMs land in a captured terminal)
and people who type commands."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.commands import Source
from genai_bot.config import Settings
from genai_bot.messages import Person, Reply, Room
from handlers.console.chat_port import ConsoleChatPort
from handlers.console.render import render_text
from tests.conftest import running_core

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


@dataclass
class TripOffice:
    """People in one workspace typing `/genai trip …` lines in one channel."""

    core: Core
    clock: FixedClock
    terminal: io.StringIO
    room: Room = field(default_factory=lambda: Room(platform="console", channel_id="C-office"))
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

    async def text(self, user: str, line: str, **kw: Any) -> str:
        return render_text(await self.send(user, line, **kw))

    async def deliver(self) -> int:
        """Run the outbox once (the DMs due now go out); returns how many were sent."""
        assert self.core.services.outbox is not None
        return (await self.core.services.outbox.sweep(self.clock.now())).sent

    def posted(self) -> str:
        return self.terminal.getvalue()

    async def audit(self, action: str) -> list[dict[str, Any]]:
        entries = await self.core.services.audit.recent(200, action=action)
        return [{"actor": e.actor, "target": e.target, **(e.detail or {})} for e in entries]


@asynccontextmanager
async def open_office(settings: Settings, clock: FixedClock | None = None) -> AsyncIterator[TripOffice]:
    """A started office on `settings` (a second one on the same database is the office after a restart)."""
    clock = clock or FixedClock(NOW)
    terminal = io.StringIO()

    def attach_console(core: Core) -> None:
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, terminal)

    async with running_core(settings, clock=clock, setup=attach_console) as core:
        yield TripOffice(core, clock, terminal)


@pytest.fixture
def org_settings(settings: Settings, tmp_path: Path) -> Settings:
    """The test settings with the organisation file set."""
    return settings.model_copy(update={"org_file": write_org(tmp_path)})


@pytest.fixture
async def office(org_settings: Settings) -> AsyncIterator[TripOffice]:
    async with open_office(org_settings) as office:
        yield office
