"""The composition root: the one place that wires concrete ports into skills from `Settings`.

Every entry point (Slack, console, CLI) and the tests call `build_core`; nothing connects at import time.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from genai_bot.audit import AuditLog
from genai_bot.budget import BudgetGuard
from genai_bot.calendar import build_calendar
from genai_bot.chat import ChatPort
from genai_bot.clock import Clock, SystemClock
from genai_bot.commands import CommandContext, CommandRegistry, Source
from genai_bot.config import Settings
from genai_bot.db import Database, make_engine
from genai_bot.db.encrypted import DataKeys, install_data_keys
from genai_bot.db.migrate import current_revisions, head_revisions, upgrade
from genai_bot.errors import ConfigError, StartupError
from genai_bot.feedback.command import FEEDBACK_VERB
from genai_bot.feedback.store import prune_feedback_reasons
from genai_bot.interrupted import InFlight, InterruptedRequest, save_interrupted
from genai_bot.llm import LLMGateway, LLMSettings, load_llm_settings
from genai_bot.llm.usage import organisations_from
from genai_bot.messages import Person, Reply, Room
from genai_bot.notify import register_chat_posts
from genai_bot.org import OrgFile
from genai_bot.outbox import Outbox
from genai_bot.pacing import DatabasePaceStore, LocalPaceStore, Pacer
from genai_bot.retention_job import install_retention
from genai_bot.scheduler import Scheduler
from genai_bot.secrets import check_data_key
from genai_bot.services import Services
from genai_bot.settings_base import EnvSettings, LoadedSettings
from genai_bot.skill_host import SkillHost
from genai_bot.tasks import TaskRegistry
from genai_bot.users import UserDirectory


class Core:
    """Everything an adapter needs: the registry to dispatch to and the services behind it."""

    def __init__(self, settings: Settings, services: Services, skill_host: SkillHost) -> None:
        self.settings = settings
        self.services = services
        self.skill_host = skill_host
        self.registry = skill_host.registry
        self.scheduler = Scheduler(services)
        self.in_flight = InFlight()
        skill_host.attach(self.scheduler, services)

    @property
    def db(self) -> Database:
        return self.services.db

    async def start(self, *, timers: bool = True) -> None:
        """Prepare the database (SQLite is upgraded automatically) and start timed work (not with `timers=False`:
        a process that only serves the dashboard leaves reminders, digests and the outbox to the bot)."""
        await reach_database(self.db.engine, self.settings.database_url)
        if self.db.dialect == "sqlite":
            await upgrade_database(self.db.engine)
        else:
            current, heads = await current_revisions(self.db.engine), schema_heads()
            if current != heads:
                raise ConfigError(
                    f"Database schema is at {', '.join(current) or 'nothing'}, expected {', '.join(heads)}: "
                    "run `genai-bot db upgrade` against GENAI_DATABASE_URL first."
                )
        await check_data_key(self.db)  # a changed key: one line now, not a failure when a secret is first read
        if timers:
            self.scheduler.start()

    async def close(self) -> None:
        """Graceful shutdown: finish (or cancel after the timeout) work in flight, then release the database."""
        self.scheduler.shutdown()
        self.in_flight.closing()
        if self.services.outbox is not None:
            await self.services.outbox.release()  # rows claimed but not begun go back to the other instances now
        await self.services.tasks.drain(self.settings.shutdown_timeout_seconds)
        await save_interrupted(self.services, self.in_flight.take_interrupted())  # the work cut off resumes next start
        if self.services.llm is not None:
            await self.services.llm.aclose()  # writes out buffered usage rows
        if self.services.calendar is not None:
            await self.services.calendar.aclose()  # the Graph HTTP session
        await self.db.dispose()

    async def person(self, platform: str, team_id: str, user_id: str, **hints: str | None) -> Person:
        return await self.services.users.resolve(platform, team_id, user_id, **hints)

    async def handle(
        self,
        text: str,
        person: Person,
        room: Room,
        source: Source = "command",
        *,
        chat: ChatPort | None = None,
        extra: dict[str, str] | None = None,
    ) -> Reply:
        ctx = CommandContext(
            person=person,
            room=room,
            services=self.services,
            source=source,
            extra=extra or {},
            chat=chat or self.services.chat_ports.get(room.platform),
        )
        with self.in_flight.track(InterruptedRequest(person, room, text, source, dict(extra or {}))):
            return await self.registry.dispatch(text, ctx)


# The skills, one line each. A skill is a package under skills/ with `register(host: SkillHost)`; it may keep its
# tables in `models.py` and its Alembic revisions in `migrations/`, found here by convention.
SKILL_MODULES: tuple[str, ...] = (
    "skills.system",
    "skills.assist",
    "skills.summarize",
    "skills.translate",
    "skills.committee",
    "skills.trip",
    "skills.digest",
)


def skill_packages() -> list[ModuleType]:
    """Each skill package, imported with its tables (`<skill>.models`, when it has one) on SQLModel.metadata."""
    packages = [importlib.import_module(name) for name in SKILL_MODULES]
    for name in SKILL_MODULES:
        if importlib.util.find_spec(f"{name}.models") is not None:
            importlib.import_module(f"{name}.models")
    return packages


def migration_locations() -> tuple[Path, ...]:
    """The skills' Alembic revision folders (`skills/<name>/migrations`), next to the core's own."""
    folders = (Path(str(package.__file__)).parent / "migrations" for package in skill_packages())
    return tuple(folder for folder in folders if folder.is_dir())


def schema_heads() -> tuple[str, ...]:
    """The revisions an up-to-date database is at (core and skills)."""
    return head_revisions(migration_locations())


async def upgrade_database(engine: AsyncEngine, revision: str = "heads") -> None:
    """Bring the schema (core and every skill's tables) to `revision`."""
    await upgrade(engine, revision, locations=migration_locations())


def engine_for(url: str) -> AsyncEngine:
    """The engine for GENAI_DATABASE_URL; a SQLite folder that cannot be made raises StartupError (one line)."""
    try:
        return make_engine(url)
    except OSError as exc:
        raise _unreachable(url, exc) from exc


async def reach_database(engine: AsyncEngine, url: str) -> None:
    """Open one connection; a database that cannot be reached or written raises StartupError (one line)."""
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError) as exc:
        raise _unreachable(url, exc) from exc


def _unreachable(url: str, exc: BaseException) -> StartupError:
    reason = getattr(exc, "orig", None) or exc
    detail = getattr(reason, "strerror", None) or str(reason) or type(reason).__name__
    filename = getattr(reason, "filename", None)
    detail = " ".join(f"{detail}: {filename}".split() if filename else str(detail).split())
    where = make_url(url).render_as_string(hide_password=True)
    return StartupError(f"cannot open the database {where} (GENAI_DATABASE_URL): {detail}")


def register_skills(host: SkillHost) -> SkillHost:
    """The core's retention job, every skill's `register(host)` (commands, settings, jobs, kinds), then the core's
    feedback verb. A skill announcing a verb it does not serve yet registers it `planned=True` with `coming_soon`."""
    install_retention(host)  # the daily retention job and the core's pruners (skills add theirs)
    for package in skill_packages():
        package.register(host)
    host.command(FEEDBACK_VERB)  # 👍/👎 under every AI answer (genai_bot.feedback)
    host.retention("feedback_reasons", prune_feedback_reasons)
    return host


def build_registry(skill_settings: Iterable[EnvSettings] = ()) -> CommandRegistry:
    """The command registry with every skill registered (its settings read now: a bad one raises ConfigError)."""
    return register_skills(SkillHost(CommandRegistry(), LoadedSettings(skill_settings))).registry


def build_core(
    settings: Settings,
    *,
    adapter: str = "console",
    clock: Clock | None = None,
    llm_settings: LLMSettings | None = None,
    skill_settings: Iterable[EnvSettings] = (),
) -> Core:
    """Wire the ports and every skill. `skill_settings`: use these instead of reading them from the environment
    (tests); any other skill setting is read now, so a malformed one raises ConfigError before anything connects."""
    loaded = LoadedSettings(skill_settings)
    host = register_skills(SkillHost(CommandRegistry(), loaded))
    org = _load_org(settings)
    db = Database(engine_for(settings.database_url))
    install_data_keys(db.engine, DataKeys.from_settings(settings))  # secrets at rest (genai_bot/db/encrypted.py)
    llm = LLMGateway(llm_settings or load_llm_settings(), db)
    if org is not None:
        llm.usage.organisation_of = organisations_from(org)
    outbox = Outbox(db, instance_id=settings.instance_id)
    shared = DatabasePaceStore(db) if settings.database_engine == "postgresql" else LocalPaceStore()
    pacer = Pacer(shared, posts_per_second=settings.slack_max_posts_per_second)
    services = Services(
        settings=settings,
        db=db,
        audit=AuditLog(db),
        users=UserDirectory(
            db,
            default_lang=settings.language,
            default_timezone=settings.timezone,
            touch_seconds=settings.user_touch_seconds,
        ),
        tasks=TaskRegistry(),
        clock=clock or SystemClock(),
        adapter=adapter,
        llm=llm,
        outbox=outbox,
        calendar=build_calendar(settings, db),
        skill_settings=loaded,
        org=org,
        pacer=pacer,
    )
    llm.usage.observers.append(services.metrics.observe_usage)
    register_chat_posts(outbox, services.chat_ports)
    llm.budget = BudgetGuard(services)
    return Core(settings, services, host)


def _load_org(settings: Settings) -> OrgFile | None:
    """The organisation file, read and checked now (a bad one raises ConfigError, one line); None when unset."""
    if settings.org_file is None:
        return None
    org = OrgFile(settings.org_file)
    org.current()
    return org
