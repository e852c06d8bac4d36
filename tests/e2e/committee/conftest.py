"""A committee bot in Slack HTTP mode with an LLM (the OpenAI stand-in) and Microsoft Graph (the Entra stand-in
over TLS), a pinned office clock, and helpers that type slash commands and click buttons like people do."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from skills.committee.settings import CommitteeSettings
from tests.conftest import llm_settings_for
from tests.e2e.conftest import running_http_bot
from tests.world import FakeSlackAPI, SlackEventSender, block_actions_payload
from tests.world.entra_graph import FakeEntraGraph
from tests.world.openai_api import FakeOpenAI
from tests.world.slack_payloads import view_submission_payload

JST = ZoneInfo("Asia/Tokyo")
MONDAY = datetime(2027, 2, 1, 9, 0, tzinfo=JST)
ACTION = "genai:committee"


def at(*wall: int) -> datetime:
    """A JST wall time as UTC (what the outbox compares)."""
    return datetime(*wall, tzinfo=JST).astimezone(UTC)


def _readable(body: dict[str, Any]) -> dict[str, Any]:
    """The answer with its fallback text free of *bold* marks, as people read it."""
    return {**body, "text": str(body.get("text", "")).replace("*", "")}


@dataclass
class CommitteeBot:
    slack: FakeSlackAPI
    core: Core
    sender: SlackEventSender
    entra: FakeEntraGraph
    llm: FakeOpenAI

    async def command(self, text: str, *, user: str = "U1", channel: str = "C1") -> dict[str, Any]:
        """`/genai <text>` as `user`; returns the response_url answer (text, blocks, response_type)."""
        seen = len(self.slack.responses)
        status, _, _ = await self.sender.slash_command(text, user_id=user, channel_id=channel)
        assert status == 200
        return _readable((await self.slack.wait_for_response(seen + 1, timeout=15))[seen].body)

    async def click(
        self, value: str, *, user: str, message_ts: str | None = None, channel: str = "C1"
    ) -> dict[str, Any]:
        """Press a committee button carrying `value` on the message `message_ts`; returns the ephemeral answer."""
        seen = len(self.slack.responses)
        message = {"type": "message", "ts": message_ts, "text": "", "user": "UBOT"} if message_ts else None
        payload = block_actions_payload(ACTION, value=value, user_id=user, channel_id=channel, message=message)
        status, _, _ = await self.sender.interactive(payload)
        assert status == 200
        return _readable((await self.slack.wait_for_response(seen + 1, timeout=15))[seen].body)

    async def submit_form(self, command: str, values: dict[str, Any], *, user: str = "U1", channel: str = "C1") -> None:
        """Submit the modal of `command` with block values ({field: {"value": {...}}})."""
        metadata = json.dumps({"command": command, "channel_id": channel, "thread_id": None})
        payload = view_submission_payload("genai_form", values, user_id=user, private_metadata=metadata)
        status, _, _ = await self.sender.interactive(payload)
        assert status == 200


@pytest.fixture
async def committee_bot(
    slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI, entra: FakeEntraGraph
) -> AsyncIterator[CommitteeBot]:
    """HTTP mode with an LLM and Microsoft Graph configured, on the office clock, committee on default settings."""
    slack.add_user("U2", "suzuki", email="suzuki@example.go.jp")
    slack.add_user("U3", "sato")
    slack.add_user("U4", "kobayashi")
    slack.add_channel("C9", "committee-room", members=["U1", "UBOT"])
    entra.add_user("tanaka@example.go.jp", "田中")
    entra.add_user("suzuki@example.go.jp", "鈴木")
    committee = CommitteeSettings(_env_file=None)  # type: ignore[call-arg]
    async with running_http_bot(
        slack,
        database_url,
        llm_settings=llm_settings_for(fake_llm),
        clock=FixedClock(MONDAY),
        skill_settings=[committee],
        **entra.settings_env(),
    ) as bot:
        yield CommitteeBot(slack, bot.core, bot.sender, entra, fake_llm)
