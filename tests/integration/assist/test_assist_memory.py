"""Chat memory on the real databases: budgeted recall, idempotent writes, thread scoping, retention."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from genai_bot.app import Core
from genai_bot.tokens import estimate_message_tokens
from skills.assist.memory import Conversation, Turn, prune_chat_memory, recall, remember
from tests.integration.assist.conftest import kept_messages

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
THREAD = Conversation("slack", "C1", "1700000000.000100")


async def test_recall_returns_the_newest_turns_that_fit_oldest_first(core: Core) -> None:
    texts = [f"質問{i}です" for i in range(120)]  # more than one page of rows
    for i, text in enumerate(texts):
        await remember(core.db, THREAD, text, author="U1", is_bot=i % 2 == 1, at=NOW)
    per_turn = estimate_message_tokens("質問0です")
    turns = await recall(core.db, THREAD, budget_tokens=per_turn * 70)
    assert turns == [Turn(t, i % 2 == 1) for i, t in enumerate(texts)][-70:]
    everything = await recall(core.db, THREAD, budget_tokens=10**6)
    assert [t.text for t in everything] == texts


async def test_the_newest_turn_is_recalled_even_when_it_alone_exceeds_the_budget(core: Core) -> None:
    await remember(core.db, THREAD, "前の話", author="U1", is_bot=False, at=NOW)
    await remember(core.db, THREAD, "長い" * 500, author="U1", is_bot=False, at=NOW)
    assert [t.text for t in await recall(core.db, THREAD, budget_tokens=10)] == ["長い" * 500]


async def test_remembering_the_same_turn_twice_in_a_row_keeps_one_row(core: Core) -> None:
    assert await remember(core.db, THREAD, "こんにちは\u3000世界", author="U1", is_bot=False, at=NOW)
    assert not await remember(core.db, THREAD, "こんにちは\u3000世界", author="U1", is_bot=False, at=NOW)
    assert not await remember(core.db, THREAD, "こんにちは 世界", author="U1", is_bot=False, at=NOW)  # as parsed
    assert await remember(core.db, THREAD, "こんにちは 世界", author="genai-bot", is_bot=True, at=NOW)
    assert await remember(core.db, THREAD, "こんにちは 世界", author="U1", is_bot=False, at=NOW)
    assert len(await kept_messages(core)) == 3


async def test_threads_channels_and_the_threadless_console_are_separate(core: Core) -> None:
    console = Conversation("console", "console")
    await remember(core.db, THREAD, "スレッド", author="U1", is_bot=False, at=NOW)
    await remember(core.db, Conversation("slack", "C1"), "チャンネル直下", author="U1", is_bot=False, at=NOW)
    await remember(core.db, console, "コンソール", author="tanaka", is_bot=False, at=NOW)
    assert [t.text for t in await recall(core.db, THREAD, 1000)] == ["スレッド"]
    assert [t.text for t in await recall(core.db, Conversation("slack", "C1"), 1000)] == ["チャンネル直下"]
    assert [t.text for t in await recall(core.db, console, 1000)] == ["コンソール"]


async def test_prune_deletes_only_messages_older_than_the_cutoff(core: Core) -> None:
    await remember(core.db, THREAD, "古い質問", author="U1", is_bot=False, at=NOW - timedelta(days=31))
    await remember(core.db, THREAD, "古い回答", author="genai-bot", is_bot=True, at=NOW - timedelta(days=30, hours=1))
    await remember(core.db, THREAD, "新しい質問", author="U1", is_bot=False, at=NOW - timedelta(days=29))
    async with core.db.session() as s:
        assert await prune_chat_memory(s, NOW - timedelta(days=30)) == 2
    assert [t.text for t in await recall(core.db, THREAD, 1000)] == ["新しい質問"]
    async with core.db.session() as s:
        assert await prune_chat_memory(s, NOW - timedelta(days=30)) == 0
