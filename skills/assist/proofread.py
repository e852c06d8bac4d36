"""`/genai proofread <text>`: corrections as a readable before → after list with reasons.

The model is asked for JSON; a short table of 公用文 rules is checked without it and merged in. When the answer
is not JSON, it is shown as written. Without an LLM, the rule check alone runs (and says so).
"""

from __future__ import annotations

from dataclasses import dataclass

from genai_bot import pending
from genai_bot.commands import CommandContext, Handler
from genai_bot.errors import UserFacingError
from genai_bot.llm import system, user
from genai_bot.messages import Block, Reply, Text
from skills.assist.calls import check_length, strip_code_fence
from skills.assist.corrections import Correction, apply_corrections, merge, parse_corrections
from skills.assist.kobun_rules import check_rules
from skills.assist.prompts import proofread_prompt
from skills.assist.settings import AssistSettings

VERB = "proofread"


@dataclass(frozen=True)
class Proofreading:
    text: str
    corrections: list[Correction]
    raw_answer: str | None = None
    """The model's answer as written, when it was not the JSON asked for."""
    rules_only: bool = False


async def proofread_text(ctx: CommandContext, text: str) -> Proofreading:
    """Rule check plus (when an LLM is configured) the model's corrections."""
    rules = check_rules(text, ctx.lang)
    if not ctx.llm.configured:
        return Proofreading(text, rules, rules_only=True)
    messages = [system(proofread_prompt(ctx.lang)), user(text)]
    done = await ctx.llm.complete(VERB, messages, temperature=0.0)
    found = parse_corrections(done.text)
    if found is None:
        return Proofreading(text, rules, raw_answer=strip_code_fence(done.text))
    return Proofreading(text, merge(text, found, rules))


def render_proofreading(ctx: CommandContext, result: Proofreading) -> Reply:
    blocks: list[Block] = []
    if result.corrections:
        lines = [ctx.t("assist.proofread.title", count=len(result.corrections))]
        lines.extend(_item(ctx, number, c) for number, c in enumerate(result.corrections, start=1))
        blocks.append(Text("\n".join(lines)))
    elif result.raw_answer is None:
        blocks.append(Text(ctx.t("assist.proofread.none")))
    if result.raw_answer:
        blocks.append(Text(f"{ctx.t('assist.proofread.raw')}\n{result.raw_answer}"))
    corrected = apply_corrections(result.text, result.corrections)
    if corrected != result.text:
        blocks.append(Text(f"{ctx.t('assist.proofread.corrected')}\n{corrected}"))
    if result.rules_only:
        blocks.append(Text(ctx.t("assist.proofread.rules_only")))
    return Reply(blocks=blocks)


def _item(ctx: CommandContext, number: int, c: Correction) -> str:
    reason = c.reason or "-"
    return ctx.t(
        "assist.proofread.item",
        number=number,
        before=c.before,
        after=c.after,
        reason=reason,
        category=ctx.t(f"assist.category.{c.category}"),
    )


def proofread_handler(settings: AssistSettings) -> Handler:
    async def handler(ctx: CommandContext, args: str) -> Reply:
        return await proofread(ctx, args, settings)

    return handler


async def proofread(ctx: CommandContext, args: str, settings: AssistSettings) -> Reply:
    text = args.strip()
    if not text:
        raise UserFacingError("assist.proofread.usage")
    check_length(text, settings.proofread_max_chars)
    if ctx.llm.configured:
        await ctx.tell_asker("assist.working.proofread")
    try:
        result = await proofread_text(ctx, text)
    except UserFacingError as exc:
        return await pending.retry_offer_for(ctx, VERB, text, exc)
    await pending.served(ctx, VERB, text)
    return render_proofreading(ctx, result)
