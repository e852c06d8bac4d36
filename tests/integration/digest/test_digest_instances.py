"""Two instances on one database share a digest fan-out through the Slack stand-in: every recipient gets one
digest, nobody two (run on SQLite and on a real PostgreSQL)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from genai_bot.clock import FixedClock
from genai_bot.digest_port import DigestItem, DigestSection
from genai_bot.messages import Person, Room
from genai_bot.services import Services
from handlers.slack.app import build_web_client
from handlers.slack.chat_port import SlackChatPort
from tests.conftest import make_settings, migrate, running_core
from tests.world.slack_api import FakeSlackAPI

JST = ZoneInfo("Asia/Tokyo")
USERS = [f"U{n:02d}" for n in range(12)]


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI(ts_start=time.time()) as api:
        for user in USERS:
            api.add_user(user, user.lower())
        yield api


async def _item(services: Services, person: Person, day: date) -> list[DigestItem]:
    return [DigestItem(f"承認待ち {person.user_id}", kind="test")]


async def test_two_instances_share_the_fan_out_and_send_each_digest_once(
    database_url: str, slack: FakeSlackAPI
) -> None:
    clock = FixedClock(datetime(2026, 11, 24, 8, tzinfo=JST).astimezone(UTC))
    common = {"GENAI_DATABASE_URL": database_url, "SLACK_BOT_TOKEN": "xoxb-test", "GENAI_SLACK_API_URL": slack.base_url}
    await migrate(make_settings(**common))
    one_settings = make_settings(**common, GENAI_INSTANCE_ID="one")
    two_settings = make_settings(**common, GENAI_INSTANCE_ID="two")
    async with running_core(one_settings, clock=clock) as one, running_core(two_settings, clock=clock) as two:
        for core in (one, two):
            core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))
            core.services.digest_sections.add(DigestSection("test", _item))
        for user in USERS:
            person = await one.person("slack", "T1", user)
            await one.handle("digest subscribe daily 08:30", person, Room("slack", "C1"))
        clock.set(datetime(2026, 11, 24, 8, 30, tzinfo=JST).astimezone(UTC))
        await asyncio.gather(*(c.scheduler.run_minutely("digest.find_due") for c in (one, two, one, two)))
        assert one.services.outbox is not None and two.services.outbox is not None
        for _ in range(10):
            results = await asyncio.gather(
                one.services.outbox.sweep(now=clock.now(), limit=3), two.services.outbox.sweep(now=clock.now(), limit=3)
            )
            if not any(r.sent for r in results):
                break
        posted = Counter(str(c.params["channel"]) for c in slack.calls_to("chat.postMessage"))
        assert posted == Counter(dict.fromkeys(USERS, 1))
        texts = [str(c.params.get("text", "")) for c in slack.calls_to("chat.postMessage")]
        assert all("承認待ち" in text for text in texts)
        blocks = [str(c.params.get("blocks", "")) for c in slack.calls_to("chat.postMessage")]
        assert all("genai:digest" in b and "snooze" in b for b in blocks)  # Snooze and Turn off buttons
