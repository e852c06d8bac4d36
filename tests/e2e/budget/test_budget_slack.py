"""Budgets through signed Slack payloads against the Slack stand-in: an answer that takes 総務省 past 80% sends its
admin one DM (through the outbox); at 100% the next request is refused in Slack, naming the admin, and never
reaches the LLM stand-in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from genai_bot.budget.store import set_budget
from genai_bot.db.models import UsageEvent, utcnow
from tests.conftest import llm_settings_for
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.world import FakeSlackAPI
from tests.world.openai_api import FakeOpenAI

ORG = """
units:
  - {id: mic, name: 総務省, name_en: Ministry of Internal Affairs, admins: [U0SATO]}
members:
  - {name: 佐藤 花子, grade: 課長, unit: mic, ids: [U0SATO]}
  - {name: 田中 太郎, grade: 係員, unit: mic, ids: [U0TANAKA]}
"""


@pytest.fixture
async def bot(slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[SlackBot]:
    for user, name in (("U0SATO", "sato"), ("U0TANAKA", "tanaka")):
        slack.add_user(user, name)
    org_file = tmp_path / "org.yaml"
    org_file.write_text(ORG, encoding="utf-8")
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0})
    async with running_http_bot(slack, database_url, llm_settings=llm, GENAI_ORG_FILE=str(org_file)) as running:
        yield running


async def _spend(bot: SlackBot, tokens: int) -> None:
    row = {"at": utcnow(), "user": None, "organisation": "mic", "skill": "chat", "provider": "p1", "model": "m"}
    async with bot.core.db.engine.begin() as conn:
        await conn.execute(insert(UsageEvent), [{**row, "prompt_tokens": tokens}])


async def test_the_admin_hears_at_80_percent_and_a_user_is_refused_at_100(bot: SlackBot, fake_llm: FakeOpenAI) -> None:
    slack, outbox = bot.slack, bot.core.services.outbox
    assert outbox is not None
    async with bot.core.db.session() as s:
        await set_budget(s, scope="org", key="mic", tokens=100_000, cost=None, by="test", now=datetime.now(UTC))
    await _spend(bot, 79_999)

    await bot.sender.slash_command("chat 来週の予定を整理して", user_id="U0TANAKA")
    [answer] = await slack.wait_for_response(1)
    assert "来週の予定を整理して" in answer.body["text"]  # the stand-in echoes the question
    await outbox.sweep(utcnow())
    [warning] = [m for m in slack.messages("D0SATO") if "利用予算" in str(m.get("text", ""))]
    assert "総務省" in warning["text"] and "80%" in warning["text"]

    await _spend(bot, 20_000)
    await bot.sender.slash_command("chat もう一つ", user_id="U0TANAKA")
    refused = (await slack.wait_for_response(2))[1]
    assert "使い切った" in refused.body["text"] and "佐藤 花子" in refused.body["text"]
    assert len(fake_llm.requests) == 1
    await outbox.sweep(utcnow())
    assert len([m for m in slack.messages("D0SATO") if "利用予算" in str(m.get("text", ""))]) == 1  # once a month
