"""A started Core whose LLM is the OpenAI stand-in (no retries, short timeout) for the assist skill's tests."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import col, select

import skills.assist
from genai_bot.app import Core, build_core
from genai_bot.config import Settings
from genai_bot.db import make_engine
from genai_bot.db.migrate import upgrade
from genai_bot.db.models import ChannelMessage, PendingRequest
from genai_bot.llm import LLMGateway, LLMSettings
from handlers.console.adapter import ConsoleAdapter
from skills.assist.settings import AssistSettings
from tests.conftest import TestBot
from tests.world.openai_api import FakeOpenAI

ASSIST_ENV = ("GENAI_CHAT_HISTORY_TOKENS", "GENAI_CHAT_RETENTION_DAYS", "GENAI_CHAT_MAX_CHARS",
              "GENAI_DRAFT_MAX_CHARS", "GENAI_PROOFREAD_MAX_CHARS")


@pytest.fixture(autouse=True)
def _no_assist_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ASSIST_ENV:
        monkeypatch.delenv(name, raising=False)


def use_assist_settings(core: Core, **env: Any) -> AssistSettings:
    """Re-register the assist verbs with these settings (by environment name)."""
    settings = AssistSettings(_env_file=None, **env)
    skills.assist.register(core.registry, settings)
    return settings


async def started_core(settings: Settings, *fakes: FakeOpenAI, **provider_options: Any) -> Core:
    if settings.database_engine == "postgresql":
        engine = make_engine(settings.database_url)
        await upgrade(engine)
        await engine.dispose()
    options = {"max_retries": 0, "timeout_seconds": 1, **provider_options}
    providers = [fake.provider(f"p{i}", **options) for i, fake in enumerate(fakes, start=1)]
    llm = LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS=json.dumps(providers))  # type: ignore[call-arg]
    core = build_core(settings, llm_settings=llm)
    await core.services.llm.aclose()  # type: ignore[union-attr]
    core.services.llm = LLMGateway(llm, core.db, backoff_seconds=0.01)
    await core.start()
    use_assist_settings(core)
    return core


@pytest.fixture
async def assist_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    core = await started_core(settings, fake_llm)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def assist_bot(assist_core: Core) -> TestBot:
    bot = TestBot(assist_core)
    await bot.as_user()
    return bot


async def run_console(core: Core, lines: str, *, user: str = "tanaka") -> str:
    out = io.StringIO()
    await ConsoleAdapter(core, user=user, stdin=io.StringIO(lines), stdout=out).run()
    return out.getvalue()


async def kept_messages(core: Core) -> list[ChannelMessage]:
    async with core.db.session() as s:
        return list((await s.exec(select(ChannelMessage).order_by(col(ChannelMessage.id)))).all())


async def pending_requests(core: Core) -> list[PendingRequest]:
    async with core.db.session() as s:
        return list((await s.exec(select(PendingRequest).order_by(col(PendingRequest.id)))).all())


def sent_messages(fake: FakeOpenAI, index: int = -1) -> list[tuple[str, str]]:
    """(role, content) of one request the stand-in received."""
    return [(m["role"], m["content"]) for m in fake.requests[index]["messages"]]
