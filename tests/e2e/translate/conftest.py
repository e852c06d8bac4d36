"""An HTTP-mode bot against the stand-in Slack whose LLM is the OpenAI stand-in, plus reaction event builders."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from genai_bot.app import Core, build_core
from genai_bot.llm import LLMGateway
from skills.translate.settings import SETTINGS_KEY, TranslateSettings
from tests.conftest import llm_settings_for
from tests.e2e.conftest import SIGNING_SECRET, SlackBot, slack_settings, start_http
from tests.world import FakeSlackAPI, SlackEventSender
from tests.world.openai_api import FakeOpenAI


@pytest.fixture(autouse=True)
def _no_translate_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GENAI_TRANSLATE_GLOSSARY", raising=False)
    monkeypatch.delenv("GENAI_TRANSLATE_MAX_CHARS", raising=False)


@pytest.fixture
async def translate_bot(slack: FakeSlackAPI, database_url: str, core: Core,
                        fake_llm: FakeOpenAI) -> AsyncIterator[SlackBot]:
    # `core` has migrated the database; this instance serves HTTP mode with an LLM behind it.
    slack.add_user("U2", "suzuki")
    llm_settings = llm_settings_for(fake_llm)
    bot_core = build_core(slack_settings(slack, database_url), adapter="http", llm_settings=llm_settings)
    await bot_core.services.llm.aclose()  # type: ignore[union-attr]
    bot_core.services.llm = LLMGateway(llm_settings, bot_core.db, backoff_seconds=0.01)  # real gateway, brief backoff
    bot_core.services.extras[SETTINGS_KEY] = TranslateSettings(_env_file=None)  # type: ignore[call-arg]
    await bot_core.start()
    runner, base_url = await start_http(bot_core)
    try:
        async with SlackEventSender(base_url, SIGNING_SECRET, slack_api=slack) as sender:
            yield SlackBot(slack, bot_core, sender, base_url)
    finally:
        await runner.cleanup()
        await bot_core.close()


def reaction_added(reaction: str, ts: str, *, user: str = "U1", channel: str = "C1",
                   item_type: str = "message") -> dict[str, Any]:
    """A ``reaction_added`` event as Slack sends it."""
    item: dict[str, Any] = {"type": item_type, "channel": channel, "ts": ts}
    if item_type == "file":
        item = {"type": "file", "file": "F1"}
    return {"type": "reaction_added", "user": user, "reaction": reaction, "item_user": "U2", "item": item,
            "event_ts": f"{time.time():.6f}"}
