"""An office on the console adapter, shared by the skills' console tests: a started Core with a pinned clock, the
real console chat port (posts, DMs and updates land in a captured terminal), and people who type commands.

    async with running_office(settings, clock=FixedClock(NOW), channel="C-office") as office:
        await office.text("tanaka", "/genai trip new …")
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.commands import Source
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from genai_bot.messages import Person, Reply, Room
from genai_bot.settings_base import EnvSettings
from handlers.console.chat_port import ConsoleChatPort
from handlers.console.render import render_text
from tests.conftest import running_core

_Office = TypeVar("_Office", bound="ConsoleOffice")


@dataclass
class ConsoleOffice:
    """People in one workspace typing `/genai …` lines in one channel."""

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
        """Run the outbox once (what is due now goes out); returns how many were sent."""
        assert self.core.services.outbox is not None
        return (await self.core.services.outbox.sweep(self.clock.now())).sent

    def posted(self) -> str:
        """What the bot posted (the console chat port prints posts, DMs, updates and uploads)."""
        return self.terminal.getvalue()

    async def audit(self, action: str) -> list[dict[str, Any]]:
        entries = await self.core.services.audit.recent(200, action=action)
        return [{"actor": e.actor, "target": e.target, **(e.detail or {})} for e in entries]


@asynccontextmanager
async def running_office(
    settings: Settings,
    *,
    clock: FixedClock,
    channel: str,
    kind: type[_Office] = ConsoleOffice,  # type: ignore[assignment]
    llm: LLMSettings | None = None,
    skill_settings: Iterable[EnvSettings] = (),
    files: bool = False,
) -> AsyncIterator[_Office]:
    """A started office on `settings` (a second one on the same database is the office after a restart).
    `files`: uploads are written to GENAI_CONSOLE_FILES_DIR, not only announced."""
    terminal = io.StringIO()

    def attach_console(core: Core) -> None:
        folder = core.settings.console_files_dir if files else None
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, terminal, folder)

    options: dict[str, Any] = {"clock": clock, "setup": attach_console, "skill_settings": list(skill_settings)}
    if llm is not None:
        options["llm_settings"] = llm
    async with running_core(settings, **options) as core:
        yield kind(core, clock, terminal, room=Room(platform="console", channel_id=channel))
