"""System verbs: `status` (version and backends, never secrets) and `lang` (display language)."""

from __future__ import annotations

import unicodedata

import skills.system.messages  # noqa: F401  (registers the catalog)
from genai_bot import __version__
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import Lang, t
from genai_bot.messages import Fields, Reply, Text

_LANG_WORDS: dict[str, Lang] = {
    "ja": "ja", "jp": "ja", "japanese": "ja", "日本語": "ja", "にほんご": "ja",
    "en": "en", "english": "en", "英語": "en", "えいご": "en",
}


async def status(ctx: CommandContext, args: str) -> Reply:
    services = ctx.services
    settings = services.settings
    try:
        await services.db.ping()
        reachable = ctx.t("status.reachable")
    except Exception:
        reachable = ctx.t("status.unreachable")
    llm = services.llm
    llm_text = ", ".join(llm.describe()) if llm is not None and llm.configured else ctx.t("status.not_configured")
    if settings.entra_tenant_id and settings.entra_client_id:
        calendar = ctx.t("status.graph", tenant=settings.entra_tenant_id)
    else:
        calendar = ctx.t("status.local_calendar")
    adapter_key = {"socket": "status.socket_mode", "http": "status.http_mode"}.get(
        services.adapter, "status.console"
    )
    pairs = (
        (ctx.t("status.version"), __version__),
        (ctx.t("status.database"), f"{settings.database_engine} ({reachable})"),
        (ctx.t("status.llm"), llm_text),
        (ctx.t("status.calendar"), calendar),
        (ctx.t("status.slack"), ctx.t(adapter_key)),
    )
    return Reply(blocks=[Text(ctx.t("status.title")), Fields(pairs)])


async def set_language(ctx: CommandContext, args: str) -> Reply:
    word = unicodedata.normalize("NFKC", args).strip().casefold()
    if not word:
        return Reply.text(ctx.t("lang.current"))
    lang = _LANG_WORDS.get(word)
    if lang is None:
        raise UserFacingError("lang.unsupported", value=args.strip())
    person = await ctx.services.users.set_language(ctx.person, lang)
    await ctx.services.audit.record(actor=person.key, action="user.language_changed", target=person.key, lang=lang)
    return Reply.text(t(lang, "lang.changed"))
