"""A started Core whose LLM is the OpenAI stand-in (no retries, short timeout) for the assist skill's tests."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlmodel import col, select

import skills.assist
from genai_bot.app import Core
from genai_bot.config import Settings
from genai_bot.db.models import ChannelMessage, PendingRequest
from handlers.console.adapter import ConsoleAdapter
from skills.assist.settings import AssistSettings
from tests.conftest import TestBot, llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI


def use_assist_settings(core: Core, **env: Any) -> AssistSettings:
    """Re-register the assist skill with these settings (by environment name)."""
    settings = AssistSettings(_env_file=None, **env)
    core.services.skill_settings.use(settings)
    skills.assist.register(core.skill_host)
    return settings


@pytest.fixture
async def assist_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0, "timeout_seconds": 1})
    async with running_core(settings, llm_settings=llm, backoff_seconds=0.01, setup=use_assist_settings) as core:
        yield core


@pytest.fixture
async def assist_bot(assist_core: Core) -> TestBot:
    return await TestBot.signed_in(assist_core)


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
