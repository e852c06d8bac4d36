"""AI switched off per channel (`/genai ai off|on`, administrators only): every LLM call from the channel — a
streamed chat answer, a translation — is refused in the asker's language before anything is sent; other channels
are untouched; every switch is audited."""

from __future__ import annotations

import pytest

from genai_bot.app import Core
from genai_bot.channel_controls import switch_ai
from genai_bot.errors import UserFacingError
from genai_bot.llm import RoomLLM, user
from genai_bot.messages import Room
from tests.conftest import TestBot
from tests.world.openai_api import FakeOpenAI


async def test_switched_off_nothing_reaches_the_model_and_the_refusal_is_in_the_askers_language(
    llm_testbot: TestBot, llm_core: Core, fake_llm: FakeOpenAI
) -> None:
    llm_core.services.settings.admin_users = "U-test"
    switched = await llm_testbot.send("/genai ai off")
    assert not switched.ephemeral and "AI 機能をオフにしました" in switched.plain_text
    chat = await llm_testbot.send("chat 今日の予定は？")
    assert chat.is_error and "管理者が AI 機能をオフ" in chat.plain_text
    await llm_testbot.as_user("U-en", lang="en")
    english = await llm_testbot.text("/genai translate ja budget")
    assert "AI features are switched off in this channel by an administrator" in english
    assert "AI features are switched off" in await llm_testbot.text("/genai ai")
    assert fake_llm.requests == []

    elsewhere = TestBot(llm_core, room=Room(platform="console", channel_id="C-other"))
    assert "[model-p1]" in await elsewhere.text("chat こんにちは")
    assert len(fake_llm.requests) == 1

    await llm_testbot.as_user("U-test")
    await llm_testbot.send("/genai ai on")
    assert "[model-p1]" in await llm_testbot.text("chat こんにちは")
    entries = await llm_core.services.audit.recent(action="channel.ai_switched")
    assert [(e.actor, e.target, e.detail["off"]) for e in entries] == [
        ("console:T-test:U-test", "console:C-test", False),
        ("console:T-test:U-test", "console:C-test", True),
    ]


async def test_only_an_administrator_switches_and_a_typo_is_explained(testbot: TestBot, core: Core) -> None:
    assert "GENAI_ADMIN_USERS" in await testbot.text("/genai ai off")
    assert "オンです" in await testbot.text("/genai ai")
    core.services.settings.admin_users = "U-test"
    assert "`/genai ai on`" in await testbot.text("/genai ai maybe")
    assert "オフにしました" in await testbot.text("/genai AI機能 ｏｆｆ")
    assert await core.services.audit.recent(action="channel.ai_switched") != []


async def test_text_from_a_switched_off_channel_is_refused_wherever_it_is_asked_from(
    llm_core: Core, fake_llm: FakeOpenAI
) -> None:
    await switch_ai(llm_core.services, "console", "C-quiet", off=True, actor="console:T-test:U-admin")
    person = await llm_core.person("console", "T-test", "U-en", name="U-en")
    person = await llm_core.services.users.set_language(person, "en")
    dm = Room(platform="console", channel_id="D-1", is_direct=True)
    llm = RoomLLM.for_request(llm_core.services.llm, llm_core.db, person, dm, "summarize")
    for handle in (
        llm.about(Room(platform="console", channel_id="C-quiet")),
        llm.including(Room("console", "C-quiet")),
    ):
        with pytest.raises(UserFacingError) as refused:
            await handle.complete("summarize", [user("要約して")])
        assert refused.value.message_key == "llm.ai_off"
        with pytest.raises(UserFacingError):
            await handle.check("summarize")
    assert fake_llm.requests == []
    assert "[model-p1]" in (await llm.complete("summarize", [user("hello")])).text
