"""The composition root: the one place that wires concrete ports into skills from `Settings`.

Every entry point (Slack, console, CLI) and the tests call `build_core`; nothing connects at import time.
"""

from __future__ import annotations

import importlib
import os
import socket
import uuid
from datetime import timedelta

from genai_bot.audit import AuditLog
from genai_bot.calendar import build_calendar
from genai_bot.chat import ChatPort
from genai_bot.clock import Clock, SystemClock
from genai_bot.commands import CommandContext, CommandRegistry, Source, Verb, coming_soon
from genai_bot.config import Settings
from genai_bot.db import Database, make_engine
from genai_bot.db.migrate import current_revision, head_revision, upgrade
from genai_bot.errors import ConfigError
from genai_bot.llm import LLMGateway, LLMSettings, load_llm_settings
from genai_bot.messages import Person, Reply, Room
from genai_bot.notify import register_chat_posts
from genai_bot.outbox import Outbox
from genai_bot.scheduler import Scheduler
from genai_bot.services import Services
from genai_bot.tasks import TaskRegistry
from genai_bot.users import UserDirectory

# Verbs whose skills arrive in later issues; they answer "coming soon" until then.
_PLANNED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("summarize", ("要約", "summary", "summarise")),
    ("translate", ("翻訳",)),
    ("draft", ("起案", "下書き")),
    ("proofread", ("校正",)),
    ("committee", ("委員会",)),
    ("trip", ("出張",)),
    ("digest", ("ダイジェスト",)),
)


class Core:
    """Everything an adapter needs: the registry to dispatch to and the services behind it."""

    def __init__(self, settings: Settings, services: Services, registry: CommandRegistry) -> None:
        self.settings = settings
        self.services = services
        self.registry = registry
        self.scheduler = Scheduler(services)
        self.scheduler.add_hourly("prune_chat_memory", prune_old_chat_memory)

    @property
    def db(self) -> Database:
        return self.services.db

    async def start(self) -> None:
        """Prepare the database (SQLite is upgraded automatically) and start timed work."""
        if self.db.dialect == "sqlite":
            await upgrade(self.db.engine)
        else:
            current, head = await current_revision(self.db.engine), head_revision()
            if current != head:
                raise ConfigError(
                    f"Database schema is at {current or 'nothing'}, expected {head}: "
                    "run `genai-bot db upgrade` against GENAI_DATABASE_URL first."
                )
        self.scheduler.start()

    async def close(self) -> None:
        """Graceful shutdown: finish (or cancel after the timeout) work in flight, then release the database."""
        self.scheduler.shutdown()
        await self.services.tasks.drain(self.settings.shutdown_timeout_seconds)
        if self.services.llm is not None:
            await self.services.llm.aclose()  # writes out buffered usage rows
        if self.services.calendar is not None:
            await self.services.calendar.aclose()  # the Graph HTTP session
        await self.db.dispose()

    async def person(self, platform: str, team_id: str, user_id: str, **hints: str | None) -> Person:
        return await self.services.users.resolve(platform, team_id, user_id, **hints)

    async def handle(self, text: str, person: Person, room: Room, source: Source = "command", *,
                     chat: ChatPort | None = None, extra: dict[str, str] | None = None) -> Reply:
        ctx = CommandContext(person=person, room=room, services=self.services, source=source,
                             extra=extra or {}, chat=chat or self.services.chat_ports.get(room.platform))
        return await self.registry.dispatch(text, ctx)


# Each skill package exposes `register(registry)`; a skill re-registering a planned verb replaces "coming soon".
SKILL_MODULES: tuple[str, ...] = (
    "skills.system",
    "skills.assist",
    "skills.summarize",
    "skills.translate",
    "skills.committee",
)


async def prune_old_chat_memory(services: Services) -> int:
    """Chat memory and console history older than GENAI_CHAT_RETENTION_DAYS are deleted."""
    from skills.assist.memory import prune_chat_memory
    from skills.assist.settings import load_assist_settings

    days = load_assist_settings().chat_retention_days
    return await prune_chat_memory(services.db, services.clock.now() - timedelta(days=days))


def build_registry() -> CommandRegistry:
    registry = CommandRegistry()
    for name, aliases in _PLANNED:
        registry.register(Verb(name, aliases, coming_soon(name), planned=True))
    for module_name in SKILL_MODULES:
        importlib.import_module(module_name).register(registry)
    return registry


def build_core(settings: Settings, *, adapter: str = "console", clock: Clock | None = None,
               llm_settings: LLMSettings | None = None) -> Core:
    db = Database(make_engine(settings.database_url))
    llm = LLMGateway(llm_settings or load_llm_settings(), db)
    outbox = Outbox(db, instance_id=f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    services = Services(
        settings=settings,
        db=db,
        audit=AuditLog(db),
        users=UserDirectory(db, default_lang=settings.language, default_timezone=settings.timezone),
        tasks=TaskRegistry(),
        clock=clock or SystemClock(),
        adapter=adapter,
        llm=llm,
        outbox=outbox,
        calendar=build_calendar(settings, db),
    )
    register_chat_posts(outbox, services.chat_ports)
    return Core(settings, services, build_registry())
