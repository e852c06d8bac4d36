"""A followed channel's summary goes through the LLM stand-in; when the LLM fails, the digest still goes, with an
extractive summary labelled as such."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.db.models import ChannelMessage
from handlers.console.chat_port import ConsoleChatPort
from tests.conftest import TestBot, llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI

JST = ZoneInfo("Asia/Tokyo")


def at(*wall: int) -> datetime:
    return datetime(*wall, tzinfo=JST).astimezone(UTC)


async def test_the_llm_failing_gives_a_labelled_extractive_summary(settings: Settings, fake_llm: FakeOpenAI) -> None:
    clock = FixedClock(at(2026, 11, 24, 8))
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0})
    async with running_core(settings, clock=clock, llm_settings=llm, backoff_seconds=0.01) as core:
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, io.StringIO())
        async with core.db.session() as s:
            s.add(
                ChannelMessage(
                    platform="console",
                    channel_id="soumu",
                    author="U-y",
                    text="予算要求の締切は金曜に決定しました。各課は対応をお願いします。",
                    created_at=at(2026, 11, 23, 15),
                )
            )
        bot = await TestBot.signed_in(core)
        await bot.text("/genai digest follow #soumu")
        fake_llm.fail_next(status=500, times=20)
        preview = await bot.text("/genai digest preview")
        assert "#soumu" in preview and "AI が使えないため" in preview and "締切は金曜" in preview
