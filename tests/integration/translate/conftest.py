"""A started Core whose LLM is the OpenAI stand-in (one retry, short timeout) with translate settings injected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from genai_bot.app import Core
from genai_bot.config import Settings
from skills.translate.settings import TranslateSettings
from tests.conftest import TestBot, llm_settings_for, start_core
from tests.world.openai_api import FakeOpenAI


def use_translate_settings(core: Core, **env: Any) -> TranslateSettings:
    """Give the core these translate settings (by environment name) instead of those it read at start-up."""
    settings = TranslateSettings(_env_file=None, **env)
    core.services.skill_settings.use(settings)
    return settings


async def started_core(settings: Settings, *fakes: FakeOpenAI, **provider_options: Any) -> Core:
    """A started Core with one provider per stand-in (one retry, a short timeout unless overridden; the real gateway
    backing off briefly) and translate on default settings."""
    llm = llm_settings_for(*fakes, provider_options={"max_retries": 1, "timeout_seconds": 2, **provider_options})
    return await start_core(settings, llm_settings=llm, backoff_seconds=0.01, setup=use_translate_settings)


@pytest.fixture
async def translate_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    core = await started_core(settings, fake_llm)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def translator_bot(translate_core: Core) -> TestBot:
    return await TestBot.signed_in(translate_core, "U-tanaka")
