"""Adding a skill is one package and one line in the composition root: its command, settings, hourly job and
outbox kind all arrive through `register(host)`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from genai_bot import app
from genai_bot.app import build_core
from genai_bot.config import Settings
from genai_bot.db.models import utcnow
from genai_bot.errors import ConfigError
from tests.conftest import TestBot, llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI


@pytest.fixture(autouse=True)
def _with_the_example_skill(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setattr(app, "SKILL_MODULES", (*app.SKILL_MODULES, "tests.example_skill"))


async def test_the_example_skill_registers_its_command_settings_job_and_outbox_kind(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENAI_ECHO_TIMES", "2")
    async with running_core(settings) as core:
        bot = await TestBot.signed_in(core, "U-echo")
        assert await bot.text("/genai こだま やまびこ") == "やまびこ やまびこ"
        assert await core.scheduler.run_hourly("echo.count_people") == 1
        assert core.services.outbox is not None
        await core.services.outbox.schedule(
            dedup_key="echo-1", due_at=utcnow() - timedelta(seconds=1), kind="echo.note", payload={"text": "お知らせ"}
        )
        assert (await core.services.outbox.sweep()).sent == 1
        [entry] = await core.services.audit.recent(action="echo.noted")
        assert entry.detail == {"text": "お知らせ"}


async def test_the_example_skills_llm_call_gets_the_rooms_rules_without_asking(
    settings: Settings, fake_llm: FakeOpenAI
) -> None:
    async with running_core(settings, llm_settings=llm_settings_for(fake_llm)) as core:
        bot = await TestBot.signed_in(core, "U-echo")
        assert (
            await bot.text("/genai 言い換え 連絡は taro@example.go.jp まで")
            == "[model-p1] 連絡は taro@example.go.jp まで"
        )
        assert "taro@example.go.jp" not in str(fake_llm.requests)  # masked on the wire, restored in the answer


def test_a_bad_setting_of_the_example_skill_stops_the_start_with_one_line(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GENAI_ECHO_TIMES", "100")
    with pytest.raises(ConfigError) as caught:
        build_core(settings)
    assert str(caught.value).startswith("Setting GENAI_ECHO_TIMES is invalid") and "\n" not in str(caught.value)


async def test_the_example_skills_llm_outage_is_kept_and_retried_by_typing_again_on_the_console(
    settings: Settings, fake_llm: FakeOpenAI
) -> None:
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0})
    async with running_core(settings, llm_settings=llm) as core:
        bot = await TestBot.signed_in(core, "U-echo")
        fake_llm.fail_next(503)
        failed = await bot.text("/genai rephrase 明日休みます")
        assert failed.startswith("! ") and "再試行" in failed
        assert await bot.text("/genai rephrase 明日休みます") == "[model-p1] 明日休みます"
