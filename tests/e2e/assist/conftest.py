"""An HTTP-mode bot against the stand-in Slack whose LLM is the OpenAI stand-in, plus assistant event builders."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from skills.assist.settings import AssistSettings
from tests.conftest import llm_settings_for
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.world import FakeSlackAPI
from tests.world.openai_api import FakeOpenAI

DM = "D1"


@pytest.fixture
async def assist_slack_bot(slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI) -> AsyncIterator[SlackBot]:
    """HTTP mode with an LLM behind it (no retries, a short timeout) and the assist verbs on default settings."""
    slack.add_channel(DM, "tanaka", is_im=True, members=["U1", "UBOT"])
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0, "timeout_seconds": 2})
    assist = AssistSettings(_env_file=None)  # type: ignore[call-arg]
    async with running_http_bot(
        slack, database_url, llm_settings=llm, backoff_seconds=0.01, skill_settings=[assist]
    ) as bot:
        yield bot


def assistant_thread_started(
    thread_ts: str, *, user: str = "U1", channel: str = DM, context_channel: str | None = "C1"
) -> dict[str, Any]:
    """The event Slack sends when a user opens a new assistant thread."""
    context: dict[str, Any] = {"channel_id": context_channel, "team_id": "T1", "enterprise_id": None}
    return {
        "type": "assistant_thread_started",
        "assistant_thread": {
            "user_id": user,
            "context": context if context_channel else {},
            "channel_id": channel,
            "thread_ts": thread_ts,
        },
        "event_ts": f"{time.time():.6f}",
    }
