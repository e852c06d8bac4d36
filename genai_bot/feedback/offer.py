"""👍/👎 under every AI answer, added in one place: the command registry hands each reply here after its handler.

A reply is an AI answer when a call of the request's LLM handle (`ctx.llm`) answered and the reply is not an
error or a form. The answer's facts (who asked, skill, provider, model; never the text) are saved under a short
reference, the buttons' value, and the reply carries a `FeedbackOffer`: the Slack adapter shows the buttons under
the answer (or in a small message of their own after a streamed answer); the console prints what to type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

import genai_bot.feedback.messages  # noqa: F401  (registers the messages)
from genai_bot.feedback.store import AnswerFacts, save_answer
from genai_bot.llm.handle import RoomLLM
from genai_bot.messages import Actions, Button, FeedbackOffer, Reply

if TYPE_CHECKING:
    from genai_bot.commands import CommandContext

__all__ = ["ACTION", "feedback_buttons", "offer_feedback", "organisation_of"]

log = structlog.get_logger(__name__)

ACTION = "genai:feedback"


def feedback_buttons(ctx: CommandContext, ref: str) -> Actions:
    return Actions(
        (
            Button(ctx.t("feedback.up_label"), ACTION, f"{ref} up"),
            Button(ctx.t("feedback.down_label"), ACTION, f"{ref} down"),
        )
    )


def organisation_of(ctx: CommandContext) -> str | None:
    """The asker's organisation as their usage rows record it (the organisation file first)."""
    llm = ctx.services.llm
    lookup = llm.usage.organisation_of if llm is not None else None
    if lookup is not None:
        try:
            found = lookup(ctx.person.key)
        except Exception:  # a broken organisation file must never break an answer
            found = None
        if found:
            return found
    return ctx.person.organisation


async def offer_feedback(ctx: CommandContext, reply: Reply) -> Reply:
    """The reply with feedback buttons when it is an AI answer; else unchanged. Never fails the reply."""
    handle = ctx.__dict__.get("llm")
    if not isinstance(handle, RoomLLM) or handle.answered_by is None:
        return reply
    if reply.is_error or reply.form is not None or reply.update_message_id is not None or ctx.verb == "feedback":
        return reply
    if not reply.already_sent and not reply.blocks:
        return reply
    provider, model = handle.answered_by
    facts = AnswerFacts(
        user=ctx.person.key,
        organisation=organisation_of(ctx),
        channel=ctx.room.channel_id,
        skill=ctx.verb,
        provider=provider,
        model=model,
    )
    try:
        ref = await save_answer(ctx.services.db, facts, ctx.services.clock.now())
    except Exception:
        log.warning("feedback.offer_failed", verb=ctx.verb, exc_info=True)
        return reply
    reply.feedback = FeedbackOffer(ref, feedback_buttons(ctx, ref), ctx.t("feedback.type_it", ref=ref))
    return reply
