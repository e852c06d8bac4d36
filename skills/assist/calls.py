"""What every assist verb needs around an LLM call: who asks, the channel's classification, input checks, and
the retry offered when the AI service fails."""

from __future__ import annotations

import re

import structlog

from genai_bot import pending
from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.llm import CallContext, LLMGateway, channel_classification
from genai_bot.messages import Actions, Block, Reply, Room, Text

log = structlog.get_logger(__name__)

_FENCE = re.compile(r"^\s*```[^\n]*\n(?P<body>.*?)\n?```\s*$", re.DOTALL)


def call_context(ctx: CommandContext, skill: str, room: Room | None = None) -> CallContext:
    return CallContext(user=ctx.person.key, organisation=ctx.person.organisation,
                       channel=(room or ctx.room).channel_id, skill=skill)


async def classification_of(ctx: CommandContext, room: Room | None = None) -> int | None:
    where = room or ctx.room
    return await channel_classification(ctx.services.db, where.platform, ctx.person.team_id, where.channel_id)


def gateway(ctx: CommandContext) -> LLMGateway:
    """The configured LLM gateway, or the user-facing "not configured" error naming the setting to add."""
    llm = ctx.services.llm
    if llm is None or not llm.configured:
        raise UserFacingError("llm.not_configured")
    return llm


def llm_configured(ctx: CommandContext) -> bool:
    return ctx.services.llm is not None and ctx.services.llm.configured


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


async def offer_retry(ctx: CommandContext, verb: str, args: str, error: UserFacingError,
                      room: Room | None = None) -> Reply:
    """The error in the user's language; for a passing fault also keep the request (asked in `room`, by default
    the caller's) and add a retry button — on the console, which has no buttons, say how to retry instead."""
    text = ctx.t(error.message_key, **error.args_)
    if error.message_key not in pending.LLM_OUTAGES:
        return Reply.text(text, is_error=True)
    request_id = await pending.keep(ctx.services.db, ctx.person, verb, args, room or ctx.room)
    blocks: list[Block] = [Text(text)]
    if ctx.source == "console":
        blocks.append(Text(ctx.t("assist.retry.console")))
    else:
        blocks.append(Actions((pending.retry_button(ctx, verb, args, request_id),)))
    return Reply(blocks=blocks, is_error=True)
