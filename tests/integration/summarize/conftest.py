"""Summarize on the console platform: a TestBot whose room has a local history, a pinned clock, and an LLM
stand-in that fails fast (no retries) so outage tests stay quick."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.db.models import ChannelMessage
from handlers.console.chat_port import ConsoleChatPort
from tests.conftest import TestBot, llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI

NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo
CHANNEL = "C-test"


def summary_json(**sections: Any) -> str:
    """A model answer in the JSON shape the skill asks for."""
    body = {"key_points": [], "decisions": [], "action_items": []} | sections
    return json.dumps(body, ensure_ascii=False)


async def seed(
    core: Core, messages: Iterable[tuple[int, str, str]], *, thread_id: str | None = None, is_bot: bool = False
) -> None:
    """Console history rows: (minutes before NOW, author, text)."""
    async with core.db.session() as s:
        for minutes, author, text in messages:
            s.add(
                ChannelMessage(
                    platform="console",
                    channel_id=CHANNEL,
                    thread_id=thread_id,
                    author=author,
                    is_bot=is_bot,
                    text=text,
                    created_at=NOW - timedelta(minutes=minutes),
                )
            )


def attach_console(core: Core) -> io.StringIO:
    """Give the core a console chat port (what the console adapter does); returns what it prints."""
    out = io.StringIO()
    core.services.chat_ports["console"] = ConsoleChatPort(core.db, out)
    core.services.clock = FixedClock(NOW)
    return out


@pytest.fixture
async def bot(core: Core) -> TestBot:
    """No LLM: summaries are extractive."""
    attach_console(core)
    return await TestBot.signed_in(core, "tanaka")


@pytest.fixture
async def ai_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    """A core whose LLM is `fake_llm`, one provider without retries, at most 2 calls at a time."""
    options = {"max_retries": 0, "timeout_seconds": 2, "concurrency": 2}
    async with running_core(settings, llm_settings=llm_settings_for(fake_llm, provider_options=options)) as core:
        yield core


@pytest.fixture
async def ai_bot(ai_core: Core) -> TestBot:
    attach_console(ai_core)
    return await TestBot.signed_in(ai_core, "tanaka")
