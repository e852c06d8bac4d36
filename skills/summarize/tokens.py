"""Token estimates without a tokenizer download, and chunking text to a token budget.

A CJK character is about one token in current OpenAI tokenizers and an English word about 1.3; the estimate
errs on the high side so a chunk never overflows the model's context.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_CJK = re.compile(
    "[\u3000-\u303f\u3040-\u309f\u30a0-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uff61-\uff9f]"
)
_WORD = re.compile(r"\w+|[^\w\s]")
TOKENS_PER_WORD = 1.3
ELLIPSIS = "…"


def estimate_tokens(text: str) -> int:
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return cjk + math.ceil(words * TOKENS_PER_WORD)


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
