"""The hand-written corpus through the real gateway and the OpenAI stand-in: no value on the wire, every answer
restored exactly (plain and streamed), forged or literal placeholders never turned into someone's data."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from genai_bot.llm import CallContext, LLMGateway, user
from genai_bot.llm.gateway import PLACEHOLDER_HINT
from genai_bot.llm.normalise import normalise
from tests.corpora.masking import CORPUS_PATTERNS, CORPUS_TERMS, SPELLINGS, cases
from tests.world.openai_api import FakeOpenAI

Factory = Callable[..., LLMGateway]
CTX = CallContext(user="U-sato", organisation="総務課", channel="C-general", skill="chat")
CASES = cases()


def _gateway(make_gateway: Factory, llm: FakeOpenAI) -> LLMGateway:
    return make_gateway([llm.provider("a")], GENAI_MASK_TERMS=CORPUS_TERMS, GENAI_MASK_PATTERNS=dict(CORPUS_PATTERNS))


def _wire(llm: FakeOpenAI) -> str:
    """Every message content the provider received, as sent (not JSON-escaped)."""
    return "\n".join(str(m["content"]) for body in llm.requests for m in body["messages"])


def _projection(text: str) -> str:
    return re.sub(r"[\s\-./・()+]", "", normalise(text)).casefold()


def _assert_not_on_wire(wire: str, values: list[str]) -> None:
    visible = _projection(wire)
    for value in values:
        assert value not in wire
        assert _projection(value) not in visible, value


def test_the_corpus_holds_at_least_200_spellings() -> None:
    assert len(SPELLINGS) >= 200
    assert all(values for _text, values in CASES)


async def test_no_corpus_value_reaches_the_wire_and_every_answer_restores(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = _gateway(make_gateway, llm)
    for text, values in CASES:
        llm.reset()
        answer = await gateway.complete("chat", [user(text)], ctx=CTX)
        _assert_not_on_wire(_wire(llm), values)
        assert answer.text == f"[model-a] {text}"


@pytest.mark.parametrize("chunk_size", [1, 3, 7])
async def test_streamed_answers_restore_placeholders_split_over_chunks(
    make_gateway: Factory, llm: FakeOpenAI, chunk_size: int
) -> None:
    llm.chunk_size = chunk_size
    gateway = _gateway(make_gateway, llm)
    for text, values in CASES[::8]:
        llm.reset()
        pieces = [piece async for piece in gateway.stream("chat", [user(text)], ctx=CTX)]
        _assert_not_on_wire(_wire(llm), values)
        assert "".join(pieces) == f"[model-a] {text}"


async def test_placeholders_carry_a_per_request_nonce_that_the_hint_describes(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = _gateway(make_gateway, llm)
    await gateway.complete("chat", [user("宛先 taro@example.jp")], ctx=CTX)
    await gateway.complete("chat", [user("宛先 taro@example.jp")], ctx=CTX)
    first, second = (body["messages"][-1]["content"] for body in llm.requests)
    one, two = (re.fullmatch(r"宛先 \[EMAIL_1_([a-z0-9]{4})\]", c) for c in (first, second))
    assert one is not None and two is not None
    assert one.group(1) != two.group(1)
    assert llm.requests[0]["messages"][0] == {"role": "system", "content": PLACEHOLDER_HINT}


async def test_a_literal_placeholder_in_user_text_never_comes_back_as_someones_address(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = _gateway(make_gateway, llm)
    text = "本物は taro@example.jp、[EMAIL_1] と [PHONE_1] は書いたとおり"
    answer = await gateway.complete("chat", [user(text)], ctx=CTX)
    assert answer.text == f"[model-a] {text}"
    llm.reply_with(lambda body: "宛先は [EMAIL_1] です")  # a model that drops the nonce
    answer = await gateway.complete("chat", [user(text)], ctx=CTX)
    assert answer.text == "宛先は [EMAIL_1] です"


async def test_a_guessed_nonce_is_masked_and_comes_back_as_written(make_gateway: Factory, llm: FakeOpenAI) -> None:
    gateway = _gateway(make_gateway, llm)
    forged = [f"[EMAIL_1_{a}{b}{c}{d}]" for a in "ab" for b in "01" for c in "xy" for d in "9z"]
    text = "taro@example.jp " + " ".join(forged)
    answer = await gateway.complete("chat", [user(text)], ctx=CTX)
    assert answer.text == f"[model-a] {text}"
    assert "taro@example.jp" not in _wire(llm)
