"""An HTTP-mode bot against the stand-in Slack whose LLM is the OpenAI stand-in, plus assistant event builders."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

import skills.assist
from genai_bot.app import Core, build_core
from genai_bot.llm import LLMGateway, LLMSettings
from skills.assist.settings import AssistSettings
from tests.e2e.conftest import SIGNING_SECRET, SlackBot, slack_settings, start_http
from tests.world import FakeSlackAPI, SlackEventSender
from tests.world.openai_api import FakeOpenAI

DM = "D1"


@pytest.fixture(autouse=True)
def _no_assist_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GENAI_CHAT_HISTORY_TOKENS", "GENAI_CHAT_RETENTION_DAYS", "GENAI_CHAT_MAX_CHARS",
                 "GENAI_DRAFT_MAX_CHARS", "GENAI_PROOFREAD_MAX_CHARS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def assist_slack_bot(slack: FakeSlackAPI, database_url: str, core: Core,
                           fake_llm: FakeOpenAI) -> AsyncIterator[SlackBot]:
    # `core` has migrated the database; this instance serves HTTP mode with an LLM behind it.
    slack.add_channel(DM, "tanaka", is_im=True, members=["U1", "UBOT"])
    provider = fake_llm.provider("p1", max_retries=0, timeout_seconds=2)
    llm = LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS=json.dumps([provider]))  # type: ignore[call-arg]
    bot_core = build_core(slack_settings(slack, database_url), adapter="http", llm_settings=llm)
    await bot_core.services.llm.aclose()  # type: ignore[union-attr]
    bot_core.services.llm = LLMGateway(llm, bot_core.db, backoff_seconds=0.01)
    skills.assist.register(bot_core.registry, AssistSettings(_env_file=None))  # type: ignore[call-arg]
    await bot_core.start()
    runner, base_url = await start_http(bot_core)
    try:
        async with SlackEventSender(base_url, SIGNING_SECRET, slack_api=slack) as sender:
            yield SlackBot(slack, bot_core, sender, base_url)
    finally:
        await runner.cleanup()
        await bot_core.close()


def assistant_thread_started(thread_ts: str, *, user: str = "U1", channel: str = DM,
                             context_channel: str | None = "C1") -> dict[str, Any]:
    """The event Slack sends when a user opens a new assistant thread."""
    context: dict[str, Any] = {"channel_id": context_channel, "team_id": "T1", "enterprise_id": None}
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {"user_id": user, "context": context if context_channel else {},
                             "channel_id": channel, "thread_ts": thread_ts},
        "event_ts": f"{time.time():.6f}",
    }
