"""How long an answer may be: GENAI_LLM_MAX_TOKENS / GENAI_LLM_MAX_CHARS for every task, GENAI_LLM_LIMITS per task,
and the character cap that cuts what a provider sends."""

from __future__ import annotations

import json
from typing import Any

import pytest

from genai_bot.errors import ConfigError
from genai_bot.llm import LLMSettings, load_llm_settings
from genai_bot.llm.limits import AnswerLimit, CharCap

PROVIDERS = json.dumps([{"name": "local", "kind": "compatible", "base_url": "http://llm.internal/v1", "model": "m"}])


def settings(**values: Any) -> LLMSettings:
    return load_llm_settings(_env_file=None, GENAI_LLM_PROVIDERS=PROVIDERS, **values)


def test_every_task_has_a_bound_by_default() -> None:
    assert settings().answer_limit("chat") == AnswerLimit(max_tokens=4096, max_chars=20_000)
    assert settings().answer_limit("minutes") == AnswerLimit(max_tokens=4096, max_chars=20_000)


def test_a_task_overrides_what_it_names_and_keeps_the_rest() -> None:
    s = settings(
        GENAI_LLM_MAX_TOKENS="2000",
        GENAI_LLM_MAX_CHARS="9000",
        GENAI_LLM_LIMITS='{"summarize": {"max_tokens": 1500}, "translate": {"max_chars": 40000, "max_tokens": 0}}',
    )
    assert s.answer_limit("summarize") == AnswerLimit(1500, 9000)
    assert s.answer_limit("translate") == AnswerLimit(None, 40_000)  # 0: no max_tokens is sent
    assert s.answer_limit("chat") == AnswerLimit(2000, 9000)
    [line] = [line for line in s.describe() if line.startswith("answers")]
    assert line == (
        "answers: 2,000 tokens, 9,000 characters "
        "(summarize: 1,500 tokens, 9,000 characters; translate: no token limit, 40,000 characters)"
    )


def test_the_callers_max_tokens_is_kept_when_smaller() -> None:
    limit = AnswerLimit(max_tokens=1000, max_chars=10)
    assert (limit.tokens_for(None), limit.tokens_for(300), limit.tokens_for(5000)) == (1000, 300, 1000)
    assert AnswerLimit(None, 10).tokens_for(300) == 300


@pytest.mark.parametrize(
    ("values", "variable", "hint"),
    [
        ({"GENAI_LLM_LIMITS": '{"chat": {"max_chars": 8000}'}, "GENAI_LLM_LIMITS", "not valid JSON"),
        ({"GENAI_LLM_LIMITS": '["chat"]'}, "GENAI_LLM_LIMITS", "task → limits"),
        ({"GENAI_LLM_LIMITS": '{"chat": {"max_char": 10}}'}, "GENAI_LLM_LIMITS", "max_char"),
        ({"GENAI_LLM_LIMITS": '{"chat": {"max_chars": 0}}'}, "GENAI_LLM_LIMITS", "greater than or equal to 1"),
        ({"GENAI_LLM_MAX_CHARS": "0"}, "GENAI_LLM_MAX_CHARS", "greater than or equal to 1"),
        ({"GENAI_LLM_MAX_TOKENS": "lots"}, "GENAI_LLM_MAX_TOKENS", "integer"),
    ],
)
def test_a_bad_limit_stops_with_one_line_naming_the_variable(values: dict[str, str], variable: str, hint: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(**values)
    message = str(caught.value)
    assert message.startswith(f"Setting {variable} is invalid") and hint in message and "\n" not in message


def test_the_cap_hands_on_text_up_to_the_limit_then_nothing() -> None:
    cap = CharCap(10)
    assert [cap.take("あいう"), cap.take("えおかき"), cap.take("くけこさし"), cap.take("す")] == [
        "あいう",
        "えおかき",
        "くけこ",
        "",
    ]
    assert cap.reached and cap.used == 10


def test_exactly_the_limit_is_not_a_cut() -> None:
    cap = CharCap(4)
    assert cap.take("abcd") == "abcd" and not cap.reached
    assert cap.take("") == "" and not cap.reached
    assert cap.take("e") == "" and cap.reached
