"""The language of a channel: what the bot posts there for everyone (polls, invitations, agenda threads,
reminders) is written in it.

Set per channel with `/genai lang channel ja|en` (back to the default with `default`) and stored next to the
channel's classification in `channel_settings`, keyed the same way on the platform and the channel id; a channel
never set speaks `GENAI_LANGUAGE`. A person's own `/genai lang` is theirs alone: replies to them and direct
messages to them follow it, posts for a whole channel do not.
"""

from __future__ import annotations

from genai_bot.channel_settings import channel_setting_rows, update_channel_settings
from genai_bot.db.engine import Database
from genai_bot.i18n import LANGS, Lang, normalize_lang
from genai_bot.services import Services

__all__ = ["channel_language", "set_channel_language", "stored_channel_language"]


async def stored_channel_language(db: Database, platform: str, channel_id: str) -> Lang | None:
    """The language set for the channel, or None when it was never set (or set back to the default)."""
    async with db.session() as session:
        rows = await channel_setting_rows(session, platform, channel_id)
    chosen = [row for row in rows if row.language in LANGS]
    if not chosen:
        return None
    latest = max(chosen, key=lambda row: row.updated_at)
    return normalize_lang(latest.language)


async def channel_language(services: Services, platform: str, channel_id: str | None) -> Lang:
    """The language of the bot's posts in the channel: its own, else GENAI_LANGUAGE."""
    default = normalize_lang(services.settings.language)
    if not channel_id:
        return default
    return await stored_channel_language(services.db, platform, channel_id) or default


async def set_channel_language(
    db: Database, platform: str, channel_id: str, lang: Lang | None, *, team_id: str = ""
) -> None:
    """Set the channel's language (None: back to GENAI_LANGUAGE), whichever workspace asks (`team_id` recorded)."""
    await update_channel_settings(db, platform, channel_id, team_id=team_id, language=lang)
