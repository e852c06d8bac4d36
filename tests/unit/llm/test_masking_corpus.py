"""Every hand-written spelling of tests/corpora/masking.py, straight through the masker: none survives, every
answer restores exactly (also streamed), and the ordinary numbers are left as they are."""

from __future__ import annotations

import re

import pytest

from genai_bot.llm.masking import MaskRules
from genai_bot.llm.normalise import normalise
from tests.corpora.masking import CORPUS_PATTERNS, CORPUS_TERMS, ORDINARY, cases

RULES = MaskRules(CORPUS_PATTERNS, CORPUS_TERMS)


def _projection(text: str) -> str:
    """Normalised, without spaces and separators, case-folded: a value is found here however it is spelt."""
    return re.sub(r"[\s\-./・()+]", "", normalise(text)).casefold()


@pytest.mark.parametrize(("text", "values"), cases())
def test_no_spelling_survives_masking_and_the_answer_restores(text: str, values: list[str]) -> None:
    masker = RULES.masker()
    masked = masker.mask(text)
    visible = _projection(masked)
    for value in values:
        assert value not in masked
        assert _projection(value) not in visible
    assert masker.unmask(f"答: {masked}") == f"答: {text}"
    unmasker = masker.stream_unmasker()
    streamed = "".join(unmasker.feed(masked[i : i + 3]) for i in range(0, len(masked), 3)) + unmasker.flush()
    assert streamed == text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_stay_with_the_corpus_rules_too(text: str) -> None:
    assert RULES.masker().mask(text) == text
