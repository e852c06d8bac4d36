"""A started Core whose LLM is the OpenAI stand-in (one retry, short timeout) with translate settings injected."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from genai_bot.app import Core, build_core
from genai_bot.config import Settings
from genai_bot.db import make_engine
from genai_bot.db.migrate import upgrade
from genai_bot.llm import LLMGateway, LLMSettings
from skills.translate.settings import SETTINGS_KEY, TranslateSettings
from tests.conftest import TestBot
from tests.world.openai_api import FakeOpenAI


@pytest.fixture(autouse=True)
def _no_translate_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GENAI_TRANSLATE_GLOSSARY", raising=False)
    monkeypatch.delenv("GENAI_TRANSLATE_MAX_CHARS", raising=False)


def use_translate_settings(core: Core, **env: Any) -> TranslateSettings:
    """Give the core these translate settings (by environment name), as the CLI does after validating them."""
    settings = TranslateSettings(_env_file=None, **env)
    core.services.extras[SETTINGS_KEY] = settings
    return settings


async def started_core(settings: Settings, *fakes: FakeOpenAI, **provider_options: Any) -> Core:
    if settings.database_engine == "postgresql":
        engine = make_engine(settings.database_url)
        await upgrade(engine)
        await engine.dispose()
    options = {"max_retries": 1, "timeout_seconds": 2, **provider_options}
    providers = [fake.provider(f"p{i}", **options) for i, fake in enumerate(fakes, start=1)]
    llm = LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS=json.dumps(providers))  # type: ignore[call-arg]
    core = build_core(settings, llm_settings=llm)
    await core.services.llm.aclose()  # type: ignore[union-attr]
    core.services.llm = LLMGateway(llm, core.db, backoff_seconds=0.01)  # the real gateway, backing off briefly
    await core.start()
    use_translate_settings(core)
    return core


@pytest.fixture
async def translate_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    core = await started_core(settings, fake_llm)
    try:
        yield core
    finally:
        await core.close()


@pytest.fixture
async def translator_bot(translate_core: Core) -> TestBot:
    bot = TestBot(translate_core)
    await bot.as_user("U-tanaka")
    return bot
