"""A small office for budget tests: an organisation file (総務省 with an admin), a core whose LLM is the OpenAI
stand-in, the console as its chat port (so the admins' DMs go through the outbox), and a hidden `ask` verb that
calls the LLM as any skill would."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlmodel import col, select

from genai_bot.app import Core
from genai_bot.budget.store import set_budget
from genai_bot.commands import CommandContext, Verb
from genai_bot.config import Settings
from genai_bot.db.models import AuditEntry, OutboxMessage, UsageEvent
from genai_bot.llm import system, user
from genai_bot.messages import Reply
from handlers.console.chat_port import ConsoleChatPort
from tests.conftest import TestBot, llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI

ORG = """
units:
  - id: mic
    name: 総務省
    name_en: Ministry of Internal Affairs
    admins: [U-hanako]
  - id: mof
    name: 財務省
    name_en: Ministry of Finance
members:
  - {name: 総務 花子, grade: 課長, unit: mic, ids: [U-hanako]}
  - {name: 総務 太郎, grade: 係員, unit: mic, ids: [U-taro]}
  - {name: 財務 次郎, grade: 係員, unit: mof, ids: [U-jiro]}
"""


async def _ask(ctx: CommandContext, args: str) -> Reply:
    answer = await ctx.llm.complete("chat", [system("Answer briefly."), user(args)])
    return Reply.text(answer.text)


@dataclass
class Office:
    core: Core
    llm: FakeOpenAI

    async def bot(self, user_id: str, lang: str | None = None) -> TestBot:
        bot = TestBot(self.core)
        await bot.as_user(user_id, lang=lang)
        return bot

    async def set_budget(self, scope: str, key: str, tokens: int | None = None, cost: float | None = None) -> None:
        async with self.core.db.session() as s:
            await set_budget(s, scope=scope, key=key, tokens=tokens, cost=cost, by="test", now=datetime.now(UTC))

    async def spend(self, *, organisation: str | None, user: str | None = None, tokens: int, cost: float = 0.0) -> None:
        """A usage row of this month, as a past call would have left it."""
        row = {
            "at": datetime.now(UTC),
            "user": user,
            "organisation": organisation,
            "skill": "chat",
            "provider": "p1",
            "model": "m",
            "prompt_tokens": tokens,
            "completion_tokens": 0,
            "cost": cost,
            "success": True,
        }
        async with self.core.db.engine.begin() as conn:
            await conn.execute(insert(UsageEvent), [row])

    async def warnings(self) -> list[OutboxMessage]:
        async with self.core.db.session() as s:
            rows = await s.exec(select(OutboxMessage).where(col(OutboxMessage.dedup_key).startswith("budget:")))
            return list(rows.all())

    async def audit(self, action: str) -> list[AuditEntry]:
        async with self.core.db.session() as s:
            return list((await s.exec(select(AuditEntry).where(AuditEntry.action == action))).all())


@pytest.fixture
def org_settings(settings: Settings, tmp_path: Path) -> Settings:
    path = tmp_path / "org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return settings.model_copy(update={"org_file": path})


@pytest.fixture
async def office(org_settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Office]:
    def attach(core: Core) -> None:
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, io.StringIO())
        core.registry.register(Verb("ask", (), _ask, hidden=True))

    async with running_core(org_settings, llm_settings=llm_settings_for(fake_llm), setup=attach) as core:
        yield Office(core, fake_llm)
