"""`/genai translate [en|ja|auto] <text>`, the "Translate" message shortcut and flag reactions (via the adapter).

Parses the request, runs `translate_text`, and renders the result. When the LLM is down or slow the request is
kept in `pending_requests` and the error carries a "Retry" button that runs it again.
"""

from __future__ import annotations

from genai_bot import pending
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.messages import Block, Reply, Text
from skills.translate.language import other, parse_target_and_text
from skills.translate.service import Translation, translate_text
from skills.translate.settings import glossary_for, settings_for

VERB = "translate"
_RETRYABLE = pending.LLM_OUTAGES | {"translate.empty_result"}


async def translate_command(ctx: CommandContext, args: str) -> Reply:
    settings = settings_for(ctx.services)
    request = args.strip()
    parsed = parse_target_and_text(request)
    text = parsed.text or ctx.extra.get("message_text", "").strip()
    if not text:
        raise UserFacingError(
            "translate.empty_message" if ctx.extra.get("message_text") is not None else "translate.empty"
        )
    if len(text) > settings.max_chars:
        raise UserFacingError("translate.too_long", limit=settings.max_chars, length=len(text))
    original = request if parsed.text else f"{parsed.target} {text}"
    glossary = glossary_for(settings)
    try:
        result = await translate_text(ctx.llm, text, parsed.target, glossary=glossary)
    except UserFacingError as exc:
        return await pending.retry_offer_for(ctx, VERB, original, exc, retryable=_RETRYABLE)
    await pending.served(ctx, VERB, original)
    return translation_reply(ctx, result)


def translation_reply(ctx: CommandContext, result: Translation) -> Reply:
    blocks: list[Block] = [Text(result.text)]
    if result.unresolved:
        source = other(result.target)
        pairs = ", ".join(f"{e.term(source)} → {e.term(result.target)}" for e in result.unresolved)
        blocks.append(Text(ctx.t("translate.glossary_note", pairs=pairs)))
    applied = ctx.t("translate.footer_glossary", count=len(result.glossary)) if result.glossary else ""
    blocks.append(Text(ctx.t("translate.footer", target=ctx.t(f"translate.lang.{result.target}"), glossary=applied)))
    return Reply(blocks=blocks)
