"""A tokenizer-free token estimate, good enough to keep a prompt within a budget.

Japanese (kanji, kana, full-width punctuation) costs about one token per character; other text about 1.3
tokens per word. Each chat message also carries a few tokens of framing.
"""

from __future__ import annotations

import math
import re

MESSAGE_OVERHEAD_TOKENS = 4

_CJK = re.compile(
    "[\u3000-\u303f"  # CJK symbols and punctuation (、。「」)
    "\u3040-\u30ff"  # hiragana, katakana
    "\u31f0-\u31ff"  # katakana phonetic extensions
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
    "\uff00-\uffef]"  # full-width forms, half-width katakana
)
_WORD = re.compile(r"\S+")


def estimate_tokens(text: str) -> int:
    """About how many tokens `text` costs: CJK characters ≈ 1 each, other words ≈ 1.3 each."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return cjk + math.ceil(words * 1.3)


def estimate_message_tokens(text: str) -> int:
    """The estimate for one chat message, framing included."""
    return estimate_tokens(text) + MESSAGE_OVERHEAD_TOKENS
