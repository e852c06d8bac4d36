"""Shared fixtures: a fresh database per test on SQLite and on PostgreSQL, a Core, and a one-line testbot.

PostgreSQL: GENAI_TEST_POSTGRES_URL (set by .ci/run, which starts a throwaway server) or, when unset, a
throwaway server started here if the machine has the PostgreSQL server binaries; otherwise those tests skip —
or fail, with GENAI_TEST_REQUIRE_POSTGRES=1 (set by .ci/run; see tests/postgres_guard.py).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from genai_bot.app import Core, build_core, upgrade_database
from genai_bot.chat import ChatPort
from genai_bot.clock import Clock
from genai_bot.config import Settings
from genai_bot.db import make_engine
from genai_bot.llm import LLMGateway, LLMSettings
from genai_bot.messages import Person, Reply, Room
from genai_bot.settings_base import EnvSettings
from handlers.console.chat_port import ConsoleChatPort
from handlers.console.render import render_text
from tests.postgres_guard import (  # noqa: F401 (pytest hooks, found here by name)
    missing_server,
    pytest_runtest_logreport,
    pytest_sessionfinish,
    pytest_terminal_summary,
)
from tests.world import postgres
from tests.world.entra_graph import FakeEntraGraph
from tests.world.openai_api import FakeOpenAI

# Settings the tests must never inherit from the developer's shell.
_ISOLATE = (
    "GENAI_OUTBOX_CONCURRENCY",
    "GENAI_SLACK_MAX_POSTS_PER_SECOND",
    "SLACK_BOT_TOKEN",
    "SLACK_APP_TOKEN",
    "SLACK_SIGNING_SECRET",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "GENAI_DATABASE_URL",
    "GENAI_INSTANCE_ID",
    "GENAI_LANGUAGE",
    "GENAI_LLM_PROVIDERS",
    "GENAI_LLM_ROUTES",
    "GENAI_LLM_PRICES",
    "GENAI_LLM_MODEL",
    "GENAI_MASK_PATTERNS",
    "GENAI_MASK_TERMS",
    "GENAI_DEFAULT_CLASSIFICATION",
    "OPENAI_API_VERSION",
    "GENAI_ENTRA_TENANT_ID",
    "GENAI_ENTRA_CLIENT_ID",
    "GENAI_ENTRA_CLIENT_SECRET",
    "GENAI_ENTRA_AUTHORITY_URL",
    "GENAI_ENTRA_CA_BUNDLE",
    "GENAI_GRAPH_API_URL",
    "GENAI_TRANSLATE_GLOSSARY",
    "GENAI_TRANSLATE_MAX_CHARS",
    "GENAI_CHAT_HISTORY_TOKENS",
    "GENAI_CHAT_RETENTION_DAYS",
    "GENAI_RETENTION_DAYS",
    "GENAI_DATA_KEY",
    "GENAI_SECRET_KEY",
    "GENAI_CHAT_MAX_CHARS",
    "GENAI_DRAFT_MAX_CHARS",
    "GENAI_PROOFREAD_MAX_CHARS",
    "GENAI_COMMITTEE_WORKING_HOURS",
    "GENAI_COMMITTEE_LUNCH",
    "GENAI_COMMITTEE_DURATION_MINUTES",
    "GENAI_COMMITTEE_BUFFER_MINUTES",
    "GENAI_COMMITTEE_MAX_CANDIDATES",
    "GENAI_COMMITTEE_POLL_DAYS",
    "GENAI_ORG_FILE",
    "GENAI_TRIP_RATES_FILE",
    "GENAI_WEB_SECURE_COOKIES",
    "GENAI_WEB_SESSION_HOURS",
    "GENAI_WEB_PUBLIC_URL",
    "GENAI_WEB_ADMIN_ROLES",
    "GENAI_WEB_ORG_ADMIN_ROLES",
    "GENAI_WEB_ORG_ADMIN_GROUPS",
    "GENAI_WEB_ORG_CLAIM",
    "GENAI_METRICS_TOKEN",
)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ISOLATE:
        monkeypatch.delenv(name, raising=False)


def make_settings(**values: Any) -> Settings:
    """Settings for a test: no .env file, the given values by their environment names."""
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str | None]:
    url = os.environ.get("GENAI_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    if not postgres.server_available():
        yield None
        return
    directory = Path(tempfile.mkdtemp(prefix="genai-pg-"))
    try:
        yield postgres.start(directory)
    finally:
        postgres.stop(directory)


async def _fresh_postgres_database(server_url: str) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(server_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path, postgres_server: str | None) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/bot.db"
    if postgres_server is None:
        missing_server("no PostgreSQL server binary (install postgresql or set GENAI_TEST_POSTGRES_URL)")
    return await _fresh_postgres_database(postgres_server)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return make_settings(GENAI_DATABASE_URL=database_url, GENAI_CONSOLE_FILES_DIR=str(tmp_path / "files"))


async def migrate(settings: Settings) -> None:
    """Bring a PostgreSQL database to the head revision (production runs `genai-bot db upgrade` explicitly; a Core
    upgrades SQLite itself when it starts)."""
    if settings.database_engine == "postgresql":
        engine = make_engine(settings.database_url)
        await upgrade_database(engine)
        await engine.dispose()


def llm_settings_from(providers: list[dict[str, Any]], **values: Any) -> LLMSettings:
    """LLM settings with these GENAI_LLM_PROVIDERS entries; extra values by env name (dicts and lists as JSON)."""
    encoded = {k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in values.items()}
    return LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS=json.dumps(providers), **encoded)  # type: ignore[call-arg]


def llm_settings_for(
    *fakes: FakeOpenAI, provider_options: Mapping[str, Any] | None = None, **values: Any
) -> LLMSettings:
    """LLM settings with one provider per stand-in ("p1", "p2", … in fallback order), each with `provider_options`
    (max_retries, timeout_seconds, …); extra values by env name."""
    options = dict(provider_options or {})
    providers = [fake.provider(f"p{i}", **options) for i, fake in enumerate(fakes, start=1)]
    return llm_settings_from(providers, **values)


async def start_core(
    settings: Settings,
    *,
    llm_settings: LLMSettings | None = None,
    adapter: str = "console",
    clock: Clock | None = None,
    backoff_seconds: float | None = None,
    skill_settings: Iterable[EnvSettings] = (),
    setup: Callable[[Core], object] | None = None,
) -> Core:
    """A started Core on `settings` (PostgreSQL migrated first), with no LLM unless `llm_settings` is given.

    `backoff_seconds`: the real gateway, its retries backing off that briefly. `skill_settings`: used instead of
    reading those skills' settings from the environment. `setup(core)`: runs just before the core starts."""
    await migrate(settings)
    llm = LLMSettings(_env_file=None) if llm_settings is None else llm_settings  # type: ignore[call-arg]
    core = build_core(settings, adapter=adapter, clock=clock, llm_settings=llm, skill_settings=skill_settings)
    if backoff_seconds is not None:
        wired = core.services.llm
        assert wired is not None
        await wired.aclose()
        core.services.llm = LLMGateway(llm, core.db, backoff_seconds=backoff_seconds)
        core.services.llm.budget = wired.budget  # what the composition root wired stays
        core.services.llm.usage.organisation_of = wired.usage.organisation_of
    if setup is not None:
        setup(core)
    await core.start()
    return core


@asynccontextmanager
async def running_core(settings: Settings, **options: Any) -> AsyncIterator[Core]:
    """`start_core(settings, **options)`, closed on the way out."""
    core = await start_core(settings, **options)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def core(settings: Settings) -> AsyncIterator[Core]:
    """A started Core on a fresh database, with no LLM configured."""
    async with running_core(settings) as bot:
        yield bot


@pytest.fixture
async def fake_llm() -> AsyncIterator[FakeOpenAI]:
    """A stand-in OpenAI-compatible API (latency, failures and replies switchable; `requests` to inspect)."""
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def llm_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    """A started Core whose LLM gateway talks to `fake_llm`."""
    async with running_core(settings, llm_settings=llm_settings_for(fake_llm)) as bot:
        yield bot


@pytest.fixture
async def entra() -> AsyncIterator[FakeEntraGraph]:
    """The Entra ID + Microsoft Graph stand-in over TLS (no users until a test adds them)."""
    async with FakeEntraGraph() as fake:
        yield fake


class ClickableConsole(ConsoleChatPort):
    """The console's chat port on a platform that shows buttons (as Slack does): for in-process requests whose
    answers should carry buttons. It prints what is posted to `out` like the console."""

    supports_buttons = True


def clickable(core: Core) -> ClickableConsole:
    return ClickableConsole(core.db, io.StringIO())


@dataclass
class TestBot:
    """Send a line as a person in a room; read the reply as console text."""

    core: Core
    person: Person | None = None
    room: Room = field(default_factory=lambda: Room(platform="console", channel_id="C-test"))
    chat: ChatPort | None = None
    """The chat port requests come through (None: the core's port for the room's platform, if any)."""
    __test__ = False

    @classmethod
    async def signed_in(cls, core: Core, user_id: str = "U-test") -> TestBot:
        """A TestBot on `core` that speaks as `user_id`."""
        bot = cls(core)
        await bot.as_user(user_id)
        return bot

    async def as_user(self, user_id: str = "U-test", *, lang: str | None = None) -> Person:
        person = await self.core.person("console", "T-test", user_id, name=user_id)
        if lang:
            person = await self.core.services.users.set_language(person, lang)  # type: ignore[arg-type]
        self.person = person
        return person

    async def send(self, line: str) -> Reply:
        if self.person is None:
            await self.as_user()
        assert self.person is not None
        reply = await self.core.handle(line, self.person, self.room, "console", chat=self.chat)
        self.person = await self.core.person(self.person.platform, self.person.team_id, self.person.user_id)
        return reply

    async def text(self, line: str) -> str:
        return render_text(await self.send(line))


@pytest.fixture
async def testbot(core: Core) -> TestBot:
    return await TestBot.signed_in(core)


@pytest.fixture
async def llm_testbot(llm_core: Core) -> TestBot:
    """A TestBot whose core has an LLM (the `fake_llm` stand-in)."""
    return await TestBot.signed_in(llm_core)
