"""Bounded answers, through the real openai SDK against the stand-in: `max_tokens` is asked per task, an answer over
the task's character cap is cut (a stream is closed there), and an empty answer is an error, never an empty text."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from genai_bot.db.models import UsageEvent
from genai_bot.errors import UserFacingError
from genai_bot.llm import AnswerCut, CallContext, LLMGateway, user
from tests.world.openai_api import EmptyShape, FakeOpenAI

Factory = Callable[..., LLMGateway]
Usage = Callable[[LLMGateway], Awaitable[list[UsageEvent]]]
CTX = CallContext(user="U-sato", organisation="総務課", channel="C-general", skill="chat")
FIVE_MB = 5_000_000
SHAPES: list[EmptyShape] = ["no_choices", "null", "blank"]


async def test_a_huge_answer_is_cut_at_the_character_cap_and_its_usage_recorded(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage
) -> None:
    llm.reply_huge(FIVE_MB)
    gateway = make_gateway([llm.provider("a")], GENAI_LLM_MAX_CHARS="20000")
    answer = await gateway.complete("chat", [user("全部書いて")], ctx=CTX)
    assert len(answer.text) == 20_000 and answer.text.startswith("長い回答です。")
    assert answer.truncated and answer.cut_at == 20_000
    [row] = await usage(gateway)
    assert row.success and row.completion_tokens > FIVE_MB // 3  # what the provider billed, not what was kept


async def test_an_answer_of_exactly_the_cap_is_whole(make_gateway: Factory, llm: FakeOpenAI) -> None:
    llm.reply_with(lambda body: "あ" * 100)
    gateway = make_gateway([llm.provider("a")], GENAI_LLM_MAX_CHARS="100")
    answer = await gateway.complete("chat", [user("x")], ctx=CTX)
    assert len(answer.text) == 100 and not answer.truncated
    streamed = [piece async for piece in gateway.stream("chat", [user("x")], ctx=CTX)]
    assert "".join(p for p in streamed if isinstance(p, str)) == "あ" * 100
    assert not any(isinstance(p, AnswerCut) for p in streamed)


async def test_a_huge_stream_is_closed_at_the_cap_and_ends_with_the_cut(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage
) -> None:
    llm.reply_huge(FIVE_MB)
    llm.chunk_delay = 0.001  # a provider that keeps writing: the stand-in sees the stream closed under it
    gateway = make_gateway([llm.provider("a")], GENAI_LLM_MAX_CHARS="20000")
    pieces = [piece async for piece in gateway.stream("chat", [user("全部書いて")], ctx=CTX)]
    *texts, last = pieces
    assert last == AnswerCut(20_000)
    assert all(isinstance(p, str) for p in texts) and len("".join(texts)) == 20_000
    [row] = await usage(gateway)
    assert row.success and row.prompt_tokens > 0 and row.completion_tokens >= 20_000  # estimated: usage comes last
    async with asyncio.timeout(5):
        await llm.wait_for_abandoned_stream()
    assert llm.chunks_sent[-1] < FIVE_MB // 1000


async def test_max_tokens_goes_to_the_provider_per_task_and_a_skills_smaller_ask_wins(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = make_gateway(
        [llm.provider("local"), llm.provider("cloud", kind="azure", model="gpt-4o")],
        GENAI_LLM_MAX_TOKENS="3000",
        GENAI_LLM_LIMITS={"summarize": {"max_tokens": 800}, "chat": {"max_chars": 50}},
        GENAI_LLM_ROUTES={"summarize": ["local"], "chat": ["local"], "draft": ["cloud"]},
    )
    await gateway.complete("summarize", [user("要約")], ctx=CTX)
    await gateway.complete("summarize", [user("要約")], ctx=CTX, max_tokens=500)
    await gateway.complete("summarize", [user("要約")], ctx=CTX, max_tokens=5000)
    assert [r["max_tokens"] for r in llm.requests] == [800, 500, 800]  # "compatible" servers expect max_tokens
    await gateway.complete("draft", [user("起案")], ctx=CTX)
    assert llm.requests[-1]["max_completion_tokens"] == 3000 and "max_tokens" not in llm.requests[-1]
    answer = await gateway.complete("chat", [user("長く" * 40)], ctx=CTX)
    assert llm.requests[-1]["max_tokens"] == 3000 and answer.cut_at == 50


async def test_max_tokens_zero_sends_no_limit_but_the_character_cap_still_holds(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    llm.reply_huge(10_000)
    gateway = make_gateway([llm.provider("a")], GENAI_LLM_MAX_TOKENS="0", GENAI_LLM_MAX_CHARS="1000")
    answer = await gateway.complete("chat", [user("x")], ctx=CTX)
    assert "max_tokens" not in llm.requests[-1] and "max_completion_tokens" not in llm.requests[-1]
    assert answer.cut_at == 1000 and len(answer.text) == 1000


@pytest.mark.parametrize("shape", SHAPES)
async def test_an_empty_answer_is_an_error_and_its_usage_a_failure(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage, shape: EmptyShape
) -> None:
    llm.empty_next(shape)
    gateway = make_gateway([llm.provider("a")])
    with pytest.raises(UserFacingError) as caught:
        await gateway.complete("chat", [user("質問")], ctx=CTX)
    assert caught.value.message_key == "llm.empty_answer"
    [row] = await usage(gateway)
    assert (row.success, row.error, row.provider) == (False, "empty_answer", "a")
    assert row.prompt_tokens > 0  # the provider billed the call


@pytest.mark.parametrize("shape", SHAPES)
async def test_an_empty_stream_is_an_error_before_any_text(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage, shape: EmptyShape
) -> None:
    llm.empty_next(shape)
    gateway = make_gateway([llm.provider("a")])
    received: list[object] = []
    with pytest.raises(UserFacingError) as caught:
        async for piece in gateway.stream("chat", [user("質問")], ctx=CTX):
            received.append(piece)
    assert caught.value.message_key == "llm.empty_answer"
    assert received == []  # not even the white space
    [row] = await usage(gateway)
    assert (row.success, row.error) == (False, "empty_answer")


async def test_an_empty_answer_falls_back_to_the_next_provider_without_retrying_the_first(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI, usage: Usage
) -> None:
    llm.empty_next("null", times=2)
    gateway = make_gateway([llm.provider("a", max_retries=2), llm2.provider("b")])
    answer = await gateway.complete("chat", [user("質問")], ctx=CTX)
    assert answer.text == "[model-b] 質問"
    streamed = [p async for p in gateway.stream("chat", [user("続き")], ctx=CTX)]
    assert streamed and "".join(p for p in streamed if isinstance(p, str)) == "[model-b] 続き"
    assert len(llm.requests) == 2
    rows = await usage(gateway)
    assert [(r.provider, r.error) for r in rows] == [("a", "empty_answer"), ("b", None)] * 2


async def test_leading_white_space_of_a_stream_is_kept_once_text_arrives(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    llm.chunk_size = 1
    llm.reply_with(lambda body: "\n\n 答え")
    gateway = make_gateway([llm.provider("a")])
    pieces = [p async for p in gateway.stream("chat", [user("x")], ctx=CTX)]
    assert pieces[0] == "\n\n 答" and "".join(str(p) for p in pieces) == "\n\n 答え"
