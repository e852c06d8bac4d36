"""`/genai feedback <id> up|down [reason]`: what a 👍/👎 click runs (as the clicking person), typed on the console.

A 👎 click records the rating at once and opens an optional reason form where forms open (a Slack modal); sending
it records the reason. A second click by the same person changes their rating. Every rating is audited.
"""

from __future__ import annotations

import genai_bot.feedback.messages  # noqa: F401  (registers the messages)
from genai_bot.commands import CommandContext, Verb
from genai_bot.errors import UserFacingError
from genai_bot.feedback.store import Rating, find_answer, rate
from genai_bot.messages import Form, FormField, Reply, Text
from genai_bot.text import fold

__all__ = ["FEEDBACK_VERB", "feedback"]

_RATINGS: dict[str, Rating] = {
    "up": "up",
    "👍": "up",
    "good": "up",
    "+1": "up",
    "down": "down",
    "👎": "down",
    "bad": "down",
    "-1": "down",
}


def _parse(args: str) -> tuple[str, Rating, str]:
    words = args.strip().split(maxsplit=2)
    if len(words) < 2 or fold(words[1]).lower() not in _RATINGS:
        raise UserFacingError("feedback.bad_args")
    return fold(words[0]).lower(), _RATINGS[fold(words[1]).lower()], words[2] if len(words) > 2 else ""


async def feedback(ctx: CommandContext, args: str) -> Reply:
    ref, rating, reason = _parse(args)
    submitted = "reason" in ctx.extra  # the reason form was sent
    if submitted:
        reason = ctx.extra.get("reason", "")
    answer = await find_answer(ctx.services.db, ref)
    if answer is None:
        raise UserFacingError("feedback.unknown", ref=ref[:40])
    now = ctx.services.clock.now()
    rated = await rate(ctx.services.db, answer, ctx.person.key, rating, reason, now, keep_reason=not submitted)
    await ctx.services.audit.record(
        actor=ctx.person.key,
        action="feedback.rate",
        target=ref,
        organisation=answer.organisation,
        rating=rating,
        previous=rated.previous,
        reason_given=rated.reason is not None,
        skill=answer.skill,
        provider=answer.provider,
        model=answer.model,
    )
    if rating == "up":
        return Reply.text(ctx.t("feedback.thanks_up"))
    if rated.reason is not None:
        return Reply.text(ctx.t("feedback.thanks_reason"))
    text = Text(ctx.t("feedback.thanks_down") + "\n" + ctx.t("feedback.add_reason", ref=ref))
    if ctx.from_button:  # the reason form opens where forms do (a Slack modal); elsewhere the text says what to type
        return Reply(blocks=[text], form=_reason_form(ctx, ref))
    return Reply(blocks=[text])


def _reason_form(ctx: CommandContext, ref: str) -> Form:
    return Form(
        title=ctx.t("feedback.form_title"),
        submit_label=ctx.t("feedback.form_submit"),
        command=f"feedback {ref} down",
        fields=(
            FormField(
                "reason",
                ctx.t("feedback.form_reason"),
                kind="multiline",
                required=False,
                placeholder=ctx.t("feedback.form_hint"),
            ),
        ),
    )


FEEDBACK_VERB = Verb("feedback", ("評価", "フィードバック"), feedback, hidden=True)
