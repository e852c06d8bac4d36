"""System verbs: `status` (version and backends, never secrets), `lang` (your display language, or with `channel`
the language of the bot's posts in this channel) and `classify` (the channel's classification)."""

from __future__ import annotations

import skills.system.messages  # noqa: F401  (registers the catalog)
from genai_bot import __version__
from genai_bot.channel_controls import change_classification
from genai_bot.channel_lang import channel_language, set_channel_language, stored_channel_language
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import Lang, t
from genai_bot.llm import parse_classification
from genai_bot.messages import Fields, Reply, Text
from genai_bot.text import fold

_LANG_WORDS: dict[str, Lang] = {
    "ja": "ja",
    "jp": "ja",
    "japanese": "ja",
    "日本語": "ja",
    "にほんご": "ja",
    "en": "en",
    "english": "en",
    "英語": "en",
    "えいご": "en",
}

_CHANNEL_WORDS = frozenset({"channel", "チャンネル", "ちゃんねる", "--channel"})
_DEFAULT_WORDS = frozenset({"default", "既定", "既定値", "reset"})


async def status(ctx: CommandContext, args: str) -> Reply:
    services = ctx.services
    settings = services.settings
    try:
        await services.db.ping()
        reachable = ctx.t("status.reachable")
    except Exception:
        reachable = ctx.t("status.unreachable")
    llm_text = ", ".join(ctx.llm.describe()) if ctx.llm.configured else ctx.t("status.not_configured")
    if settings.entra_tenant_id and settings.entra_client_id:
        calendar = ctx.t("status.graph", tenant=settings.entra_tenant_id)
    else:
        calendar = ctx.t("status.local_calendar")
    adapter_key = {"socket": "status.socket_mode", "http": "status.http_mode"}.get(services.adapter, "status.console")
    pairs = (
        (ctx.t("status.version"), __version__),
        (ctx.t("status.database"), f"{settings.database_engine} ({reachable})"),
        (ctx.t("status.llm"), llm_text),
        (ctx.t("status.calendar"), calendar),
        (ctx.t("status.slack"), ctx.t(adapter_key)),
    )
    return Reply(blocks=[Text(ctx.t("status.title")), Fields(pairs)])


async def set_language(ctx: CommandContext, args: str) -> Reply:
    """`lang [ja|en]`: your own language; `lang channel [ja|en|default]`: the language of the bot's posts for the
    whole channel (see genai_bot.channel_lang)."""
    head, _, rest = args.strip().partition(" ")
    if fold(head) in _CHANNEL_WORDS:
        return await _channel_language(ctx, fold(rest))
    word = fold(args)
    if not word:
        return Reply.text(ctx.t("lang.current"))
    lang = _LANG_WORDS.get(word)
    if lang is None:
        raise UserFacingError("lang.unsupported", value=args.strip())
    person = await ctx.services.users.set_language(ctx.person, lang)
    await ctx.services.audit.record(actor=person.key, action="user.language_changed", target=person.key, lang=lang)
    return Reply.text(t(lang, "lang.changed"))


async def _channel_language(ctx: CommandContext, word: str) -> Reply:
    room = ctx.room
    if not word:
        current = await channel_language(ctx.services, room.platform, room.channel_id)
        stored = await stored_channel_language(ctx.services.db, room.platform, room.channel_id)
        source = "" if stored else ctx.t("lang.channel_default_source")
        return Reply.text(ctx.t("lang.channel_current", name=ctx.t(f"lang.name.{current}"), source=source))
    lang: Lang | None = None if word in _DEFAULT_WORDS else _LANG_WORDS.get(word)
    if lang is None and word not in _DEFAULT_WORDS:
        raise UserFacingError("lang.unsupported", value=word)
    await set_channel_language(ctx.services.db, room.platform, room.channel_id, lang, team_id=ctx.person.team_id)
    await ctx.services.audit.record(
        actor=ctx.person.key,
        action="channel.language_changed",
        target=f"{room.platform}:{room.channel_id}",
        lang=lang,
    )
    shown = await channel_language(ctx.services, room.platform, room.channel_id)
    key = "lang.channel_cleared" if lang is None else "lang.channel_changed"
    # posted for the channel to see, in its new language: it is what the channel will read from now on
    text = t(shown, key, name=t(shown, f"lang.name.{shown}"), user=ctx.person.name or ctx.person.user_id)
    return Reply.text(text, ephemeral=False)


async def classify(ctx: CommandContext, args: str) -> Reply:
    """Show or set the channel's confidentiality classification; every change is audited."""
    person, room = ctx.person, ctx.room
    word = fold(args)
    if not word:
        current = await ctx.llm.classification()
        source = ctx.t("classify.default_source") if current.is_default else ""
        shown = current.level
        return Reply.text(ctx.t("classify.current", level=shown, name=ctx.t(f"classify.level.{shown}"), source=source))
    new = None if word in {"default", "既定", "既定値"} else parse_classification(word)
    shown = await change_classification(
        ctx.services,
        room.platform,
        room.channel_id,
        new,
        actor=person.key,
        may_lower=person.user_id in ctx.services.settings.admins,
        team_id=person.team_id,
    )
    key = "classify.cleared" if new is None else "classify.changed"
    # posted for the channel to see, in its language: everyone should know where its text may now be sent
    lang = await channel_language(ctx.services, room.platform, room.channel_id)
    text = t(lang, key, level=shown, name=t(lang, f"classify.level.{shown}"), user=person.name or person.user_id)
    return Reply.text(text, ephemeral=False)
