"""/genai classify: show, set and clear a channel's classification; the LLM gateway then honours it."""

from __future__ import annotations

from genai_bot.app import Core
from genai_bot.llm import channel_classification
from tests.conftest import TestBot


async def test_default_then_set_then_cleared_with_audit(testbot: TestBot, core: Core) -> None:
    core.services.settings.admin_users = "U-test"
    assert "1（内部）— 既定値" in await testbot.text("/genai classify")
    raised = await testbot.send("/genai 機密区分 ｓｅｃｒｅｔ")
    assert not raised.ephemeral and "U-test さんがこのチャンネルの機密区分を 3（極秘）" in raised.plain_text
    assert await channel_classification(core.db, "console", "C-test") == 3
    assert "3（極秘）" in await testbot.text("/genai classify")
    assert "既定値 1（内部）" in await testbot.text("/genai classify default")
    assert await channel_classification(core.db, "console", "C-test") is None
    actions = [e.detail["level"] for e in await core.services.audit.recent(action="channel.classification_changed")]
    assert actions == [None, 3]


async def test_a_bad_level_is_explained(testbot: TestBot) -> None:
    text = await testbot.text("/genai classify top-secret")
    assert text.startswith("! ") and "0（公開）〜3（極秘）" in text


async def test_a_secret_channel_blocks_an_llm_cleared_only_for_internal(llm_testbot: TestBot) -> None:
    await llm_testbot.send("/genai classify 3")
    text = await llm_testbot.text("/genai translate en 予算案")
    assert "max_classification" in text and "3" in text


async def test_anyone_may_raise_but_only_an_admin_may_lower(testbot: TestBot, core: Core) -> None:
    await testbot.send("/genai classify 2")
    refused = await testbot.text("/genai classify 0")
    assert refused.startswith("! ") and "GENAI_ADMIN_USERS" in refused
    assert "下げられる" in await testbot.text("/genai classify default")  # the default (1) is lower too
    assert await channel_classification(core.db, "console", "C-test") == 2
    core.services.settings.admin_users = "someone-else, U-test"
    assert "0（公開）" in await testbot.text("/genai classify 0")
