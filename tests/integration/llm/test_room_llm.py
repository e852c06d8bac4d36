"""`ctx.llm`: a skill that only writes `ctx.llm.complete(...)` gets the room's classification, masking and usage
accounting without asking for them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import BaseModel
from sqlmodel import select

from genai_bot.app import Core
from genai_bot.commands import CommandContext, Verb
from genai_bot.config import Settings
from genai_bot.db.models import UsageEvent
from genai_bot.errors import UserFacingError
from genai_bot.llm import set_channel_classification, system, user
from genai_bot.messages import Reply, Room
from tests.conftest import TestBot, llm_settings_from, running_core
from tests.world.openai_api import FakeOpenAI

SECRET_ROOM = Room(platform="console", channel_id="C-secret")
OPEN_ROOM = Room(platform="console", channel_id="C-open")


class Verdict(BaseModel):
    ok: bool
    reason: str


async def _ask(ctx: CommandContext, args: str) -> Reply:
    """A skill as a newcomer would write it: no classification, no call context, no gateway."""
    answer = await ctx.llm.complete("chat", [system("Answer briefly."), user(args)])
    return Reply.text(answer.text)


@pytest.fixture
async def cloud_and_onprem(settings: Settings) -> AsyncIterator[tuple[Core, FakeOpenAI, FakeOpenAI]]:
    async with FakeOpenAI() as cloud, FakeOpenAI() as onprem:
        llm = llm_settings_from(
            [
                cloud.provider("cloud", max_classification=1, max_retries=0),
                onprem.provider("onprem", max_classification=3, max_retries=0),
            ]
        )
        async with running_core(settings, llm_settings=llm) as core:
            core.registry.register(Verb("ask", (), _ask, hidden=True))
            yield core, cloud, onprem


async def _usage(core: Core) -> list[UsageEvent]:
    await core.services.llm.flush_usage()  # type: ignore[union-attr]
    async with core.db.session() as s:
        return list((await s.exec(select(UsageEvent))).all())


async def test_a_skill_that_never_mentions_classification_still_keeps_a_secret_room_off_the_cloud(
    cloud_and_onprem: tuple[Core, FakeOpenAI, FakeOpenAI],
) -> None:
    core, cloud, onprem = cloud_and_onprem
    bot = await TestBot.signed_in(core, "U-sato")
    assert bot.person is not None
    await set_channel_classification(core.db, "console", SECRET_ROOM.channel_id, 3, team_id=bot.person.team_id)

    bot.room = OPEN_ROOM
    assert (await bot.send("ask 今日の天気")).plain_text == "[model-cloud] 今日の天気"
    bot.room = SECRET_ROOM
    assert (await bot.send("ask 人事案")).plain_text == "[model-onprem] 人事案"
    assert len(cloud.requests) == 1 and len(onprem.requests) == 1  # the secret text never reached the cloud

    rows = await _usage(core)
    assert sorted((r.provider, r.channel, r.skill, r.user) for r in rows) == [
        ("cloud", "C-open", "ask", bot.person.key),
        ("onprem", "C-secret", "ask", bot.person.key),
    ]


async def test_text_joining_from_a_stricter_room_raises_the_level_for_the_whole_request(
    cloud_and_onprem: tuple[Core, FakeOpenAI, FakeOpenAI],
) -> None:
    core, cloud, onprem = cloud_and_onprem
    bot = await TestBot.signed_in(core)
    assert bot.person is not None
    await set_channel_classification(core.db, "console", SECRET_ROOM.channel_id, 3, team_id=bot.person.team_id)
    ctx = CommandContext(person=bot.person, room=OPEN_ROOM, services=core.services)
    assert await ctx.llm.level() == 1
    assert await ctx.llm.including(SECRET_ROOM).level() == 3
    await ctx.llm.including(SECRET_ROOM).complete("chat", [user("議事録")])
    assert len(onprem.requests) == 1 and cloud.requests == []


async def test_structured_answers_are_parsed_and_a_non_answer_is_a_friendly_error(
    cloud_and_onprem: tuple[Core, FakeOpenAI, FakeOpenAI],
) -> None:
    core, cloud, _ = cloud_and_onprem
    bot = await TestBot.signed_in(core)
    assert bot.person is not None
    ctx = CommandContext(person=bot.person, room=OPEN_ROOM, services=core.services)
    cloud.reply_with(lambda body: '考えました。\n```json\n{"ok": true, "reason": "期限内"}\n```')
    assert await ctx.llm.structured("chat", [user("期限は？")], Verdict) == Verdict(ok=True, reason="期限内")

    cloud.reply_with(lambda body: "はい、大丈夫です。")
    with pytest.raises(UserFacingError) as caught:
        await ctx.llm.structured("chat", [user("期限は？")], Verdict)
    assert caught.value.message_key == "llm.bad_answer"


async def test_confidential_values_are_masked_on_the_wire_for_every_skill(
    cloud_and_onprem: tuple[Core, FakeOpenAI, FakeOpenAI],
) -> None:
    core, cloud, _ = cloud_and_onprem
    bot = await TestBot.signed_in(core)
    bot.room = OPEN_ROOM
    reply = await bot.send("ask 連絡先は taro@example.go.jp です")
    wire = str(cloud.requests[-1])
    assert "taro@example.go.jp" not in wire and "[EMAIL_1_" in wire
    assert "taro@example.go.jp" in reply.plain_text  # unmasked on the way back
