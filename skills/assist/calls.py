"""What every assist verb needs around an LLM call: input checks, a "working…" note and a clean answer.

The room's classification, masking and usage accounting come with `ctx.llm`; the retry offered when the AI
service fails is `genai_bot.pending.retry_offer_for`."""

from __future__ import annotations

import re

import structlog

from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.messages import Reply

log = structlog.get_logger(__name__)

_FENCE = re.compile(r"^\s*```[^\n]*\n(?P<body>.*?)\n?```\s*$", re.DOTALL)


def check_length(text: str, limit: int) -> None:
    """Refuse input over `limit` characters, saying the limit."""
    if len(text) > limit:
        raise UserFacingError("error.too_long", length=len(text), limit=limit)


async def show_working(ctx: CommandContext, message_key: str) -> None:
    """A short "working…" note to the caller where the platform can show one; never fails the command."""
    if ctx.chat is None:
        return
    try:
        await ctx.chat.post_ephemeral(ctx.room, ctx.person.user_id, Reply.text(ctx.t(message_key)))
    except ChatError as exc:
        log.info("assist.working_note_skipped", code=exc.code)
    except Exception:
        log.warning("assist.working_note_failed", exc_info=True)


def strip_code_fence(text: str) -> str:
    """A model answer without a surrounding ``` fence (drafts are shown as plain text)."""
    match = _FENCE.match(text)
    return (match.group("body") if match else text).strip()
