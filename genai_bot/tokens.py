"""One tokenizer-free token estimate, good enough to keep a prompt within a budget.

Current OpenAI tokenizers spend about one token per Japanese character (kanji, kana, full-width forms and
punctuation) and about one per four characters of English. The estimate errs on the high side, so a prompt
or a chunk built to a budget does not overflow the model's context:

- each CJK character counts 1;
- the rest counts ``ceil(characters / 4)`` (spaces excluded), but at least one per word, so a line of short
  words or symbols is not underestimated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

__all__ = [
    "ELLIPSIS",
    "MESSAGE_OVERHEAD_TOKENS",
    "chunk_by_tokens",
    "estimate_message_tokens",
    "estimate_tokens",
    "truncate_to_tokens",
]

MESSAGE_OVERHEAD_TOKENS = 4
"""The framing each chat message carries (role, separators)."""
ELLIPSIS = "…"
_CHARS_PER_TOKEN = 4

_CJK = re.compile(
    "[\u3000-\u303f"  # CJK symbols and punctuation (、。「」)
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
    "\uff00-\uffef]"  # full-width forms, half-width katakana
)
_WORD = re.compile(r"\S+")


def estimate_tokens(text: str) -> int:
    """About how many tokens `text` costs: a CJK character ≈ 1, other text ≈ 4 characters (≥ 1 a word)."""
    cjk = len(_CJK.findall(text))
    words = _WORD.findall(_CJK.sub(" ", text))
    chars = sum(len(word) for word in words)
    return cjk + max(len(words), math.ceil(chars / _CHARS_PER_TOKEN))


def estimate_message_tokens(text: str) -> int:
    """The estimate for one chat message, framing included."""
    return estimate_tokens(text) + MESSAGE_OVERHEAD_TOKENS


def truncate_to_tokens(text: str, max_tokens: int) -> str:
    """`text` cut (with an ellipsis) so that its estimate is at most `max_tokens`."""
    if estimate_tokens(text) <= max_tokens:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits
        mid = (low + high + 1) // 2
        if estimate_tokens(text[:mid].rstrip() + ELLIPSIS) <= max_tokens:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS


def chunk_by_tokens(texts: Sequence[str], budget: int) -> list[list[str]]:
    """Consecutive groups of `texts` whose estimates add up to at most `budget` (one oversize text is alone)."""
    chunks: list[list[str]] = []
    current: list[str] = []
    used = 0
    for text in texts:
        cost = estimate_tokens(text) + 1  # the line break between them
        if current and used + cost > budget:
            chunks.append(current)
            current, used = [], 0
        current.append(text)
        used += cost
    if current:
        chunks.append(current)
    return chunks
