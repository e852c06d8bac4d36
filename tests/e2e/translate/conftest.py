"""An HTTP-mode bot against the stand-in Slack whose LLM is the OpenAI stand-in, plus reaction event builders."""

from __future__ import annotations

import time
from typing import Any

import pytest

from skills.translate.settings import TranslateSettings
from tests.e2e.conftest import SlackBot


@pytest.fixture
def translate_bot(llm_http_bot: SlackBot) -> SlackBot:
    """HTTP mode with an LLM behind it, translate on default settings, and a second person (U2, suzuki)."""
    llm_http_bot.slack.add_user("U2", "suzuki")
    llm_http_bot.core.services.skill_settings.use(TranslateSettings(_env_file=None))  # type: ignore[call-arg]
    return llm_http_bot


def reaction_added(
    reaction: str, ts: str, *, user: str = "U1", channel: str = "C1", item_type: str = "message"
) -> dict[str, Any]:
    """A ``reaction_added`` event as Slack sends it."""
    item: dict[str, Any] = {"type": item_type, "channel": channel, "ts": ts}
    if item_type == "file":
        item = {"type": "file", "file": "F1"}
    return {
        "type": "reaction_added",
        "user": user,
        "reaction": reaction,
        "item_user": "U2",
        "item": item,
        "event_ts": f"{time.time():.6f}",
    }
