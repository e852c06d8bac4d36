"""What every assist verb needs around an LLM call: input checks and a clean answer.

The room's classification, masking and usage accounting come with `ctx.llm`, a "working…" note with
`ctx.tell_asker`, and the retry offered when the AI service fails with `genai_bot.pending.retry_offer_for`."""

from __future__ import annotations

import re

from genai_bot.errors import UserFacingError

_FENCE = re.compile(r"^\s*```[^\n]*\n(?P<body>.*?)\n?```\s*$", re.DOTALL)


def check_length(text: str, limit: int) -> None:
    """Refuse input over `limit` characters, saying the limit."""
    if len(text) > limit:
        raise UserFacingError("error.too_long", length=len(text), limit=limit)


def strip_code_fence(text: str) -> str:
    """A model answer without a surrounding ``` fence (drafts are shown as plain text)."""
    match = _FENCE.match(text)
    return (match.group("body") if match else text).strip()
