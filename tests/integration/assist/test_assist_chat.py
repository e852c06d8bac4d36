"""The chat verb: answers with the thread's memory, budgets, limits, and faults with a retry that is not lost."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from genai_bot.app import Core
from genai_bot.chat import ChatPort
from genai_bot.commands import Source
from genai_bot.db.models import UsageEvent
from genai_bot.llm import set_channel_classification
from genai_bot.messages import Actions, Reply, Room
from tests.conftest import TestBot, clickable
from tests.integration.assist.conftest import (
    kept_messages,
    pending_requests,
    sent_messages,
    use_assist_settings,
)
from tests.world.openai_api import FakeOpenAI

THREAD = Room(platform="slack", channel_id="C1", thread_id="1700000000.000100")


async def send(bot: TestBot, line: str, source: Source, chat: ChatPort | None = None) -> Reply:
    """Like bot.send, from another source than the console (Slack mentions, button clicks)."""
    assert bot.person is not None
    return await bot.core.handle(line, bot.person, bot.room, source, chat=chat)


def numbered_answers() -> Any:
    count = iter(range(1, 100))
    return lambda body: f"回答{next(count)}"


async def test_without_an_llm_chat_says_which_setting_to_add(testbot: TestBot) -> None:
    reply = await testbot.send("chat 今日の予定は？")
    assert "OPENAI_API_KEY" in reply.plain_text and not reply.ephemeral


async def test_answer_comes_from_the_model_with_a_system_prompt_and_is_public(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    reply = await assist_bot.send("chat 会議室の予約方法を教えて")
    assert reply.plain_text == "[model-p1] 会議室の予約方法を教えて"
    assert not reply.ephemeral and not reply.is_error
    [(role, prompt), last] = sent_messages(fake_llm)
    assert role == "system" and "行政機関" in prompt and "今日は" in prompt
    assert last == ("user", "会議室の予約方法を教えて")


async def test_the_thread_is_remembered_and_sent_oldest_first(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(numbered_answers())
    assist_bot.room = THREAD
    await assist_bot.send("chat 来週の会議の議題を考えて")
    await assist_bot.send("chat 2つ目をもう少し詳しく")
    assert sent_messages(fake_llm)[1:] == [
        ("user", "来週の会議の議題を考えて"),
        ("assistant", "回答1"),
        ("user", "2つ目をもう少し詳しく"),
    ]


async def test_other_threads_and_channels_do_not_share_memory(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    assist_bot.room = THREAD
    await assist_bot.send("chat 秘密の相談です")
    assist_bot.room = Room(platform="slack", channel_id="C1", thread_id="1700000000.000999")
    await assist_bot.send("chat 別の話題")
    assert sent_messages(fake_llm)[1:] == [("user", "別の話題")]


async def test_history_is_cut_at_the_token_budget_keeping_the_newest_turns(
    assist_core: Core, assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    use_assist_settings(assist_core, GENAI_CHAT_HISTORY_TOKENS="60")
    fake_llm.reply_with(numbered_answers())
    assist_bot.room = THREAD
    for question in ("一番目の質問です。これは少し長めの文章にしておきます。", "二番目の質問", "三番目の質問"):
        await assist_bot.send(f"chat {question}")
    sent = sent_messages(fake_llm)[1:]
    assert sent[-1] == ("user", "三番目の質問")
    assert ("user", "二番目の質問") in sent
    assert all("一番目" not in content for _, content in sent)  # the oldest turn no longer fits


async def test_full_width_spaces_are_accepted_and_empty_text_gets_a_hint(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assert "ご用件をどうぞ" in await assist_bot.text("chat 　")
    assert fake_llm.requests == []
    reply = await assist_bot.send("チャット\u3000議題案を\u3000考えて")
    assert reply.plain_text.endswith("議題案を\u3000考えて")  # the text reaches the model exactly as typed


async def test_text_over_the_limit_is_refused_saying_the_limit(
    assist_core: Core, assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    use_assist_settings(assist_core, GENAI_CHAT_MAX_CHARS="10")
    text = await assist_bot.text("chat " + "あ" * 11)
    assert "11 文字" in text and "10 文字以内" in text and text.startswith("!")
    assert fake_llm.requests == []


async def test_llm_down_keeps_the_request_and_offers_a_retry_that_answers_in_the_thread(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assist_bot.room = THREAD
    fake_llm.fail_next(503, times=1)
    reply = await send(assist_bot, "chat 予算の締め切りはいつ？", "mention", clickable(assist_bot.core))
    assert reply.is_error and "AI サービスが一時的に利用できません" in reply.plain_text
    [actions] = [b for b in reply.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    [kept] = await pending_requests(assist_bot.core)
    assert (button.label, button.action_id, button.value) == ("再試行", "genai:chat", f"--retry {kept.id}")
    assert (kept.verb, kept.args, kept.thread_id, kept.status) == (
        "chat",
        "予算の締め切りはいつ？",
        THREAD.thread_id,
        "pending",
    )

    # the button click arrives without a thread, as Slack's block_actions do
    assist_bot.room = Room(platform="slack", channel_id="C1")
    retried = await send(assist_bot, f"chat {button.value}", "action")
    assert retried.plain_text == "[model-p1] 予算の締め切りはいつ？"
    [kept] = await pending_requests(assist_bot.core)
    assert kept.status == "done"
    rows = [r for r in await kept_messages(assist_bot.core) if r.thread_id == THREAD.thread_id]
    assert [(r.is_bot, r.text) for r in rows] == [
        (False, "予算の締め切りはいつ？"),
        (True, "[model-p1] 予算の締め切りはいつ？"),
    ]

    again = await send(assist_bot, f"chat {button.value}", "action")
    assert "すでに回答しています" in again.plain_text
    assert len(fake_llm.requests) == 2


async def test_a_slow_llm_times_out_with_the_seconds_and_a_retry(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.timeout_next(1, seconds=5)
    reply = await assist_bot.send("chat 急ぎの質問")
    assert reply.is_error and "1 秒" in reply.plain_text
    assert "もう一度同じ内容を入力すると再試行します" in reply.plain_text  # the console has no buttons


async def test_errors_are_in_english_for_english_users(assist_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    await assist_bot.as_user("U-en", lang="en")
    fake_llm.fail_next(500, times=1)
    reply = await send(assist_bot, "chat when is the deadline?", "dm", clickable(assist_bot.core))
    assert "temporarily unavailable" in reply.plain_text
    assert "[Retry]" in reply.plain_text


async def test_a_channel_above_every_providers_classification_gets_no_retry_button(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assist_bot.room = THREAD
    assert assist_bot.person is not None
    await set_channel_classification(assist_bot.core.db, "slack", "C1", 3, team_id=assist_bot.person.team_id)
    reply = await assist_bot.send("chat 人事案について")
    assert reply.is_error and "機密区分" in reply.plain_text
    assert not any(isinstance(b, Actions) for b in reply.blocks)
    assert fake_llm.requests == [] and await pending_requests(assist_bot.core) == []


async def test_usage_is_recorded_as_the_chat_task_for_the_person(assist_bot: TestBot) -> None:
    await assist_bot.send("chat こんにちは")
    assert assist_bot.core.services.llm is not None and assist_bot.person is not None
    await assist_bot.core.services.llm.flush_usage()
    async with assist_bot.core.db.session() as s:
        [row] = (await s.exec(select(UsageEvent))).all()
    assert (row.skill, row.user, row.channel, row.success) == ("chat", assist_bot.person.key, "C-test", True)


async def test_chat_typed_as_a_slash_command_is_answered_privately_without_memory(
    assist_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    assist_bot.room = Room(platform="slack", channel_id="C1")
    first = await send(assist_bot, "chat 内緒の質問", "command")
    await send(assist_bot, "chat 次の質問", "command")
    assert first.plain_text == "[model-p1] 内緒の質問" and first.ephemeral
    assert sent_messages(fake_llm)[1:] == [("user", "次の質問")]  # nobody's earlier question is sent along
    assert await kept_messages(assist_bot.core) == []
