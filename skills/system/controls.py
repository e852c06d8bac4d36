"""`/genai ai [on|off]`: show, or (administrators, GENAI_ADMIN_USERS) switch, the channel's AI features.

Switched off, every LLM call made from the channel is refused before anything is sent (see RoomLLM); the change is
audited as `channel.ai_switched` and announced to the channel in its language. The dashboard's channel page
switches the same setting.
"""

from __future__ import annotations

import skills.system.messages_controls  # noqa: F401  (registers the catalog)
from genai_bot.channel_controls import switch_ai
from genai_bot.channel_lang import channel_language
from genai_bot.channel_settings import channel_ai_off
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.messages import Reply
from genai_bot.text import fold

__all__ = ["ai_switch"]

_OFF = frozenset({"off", "オフ", "おふ", "停止", "無効", "disable", "disabled"})
_ON = frozenset({"on", "オン", "おん", "再開", "有効", "enable", "enabled"})


async def ai_switch(ctx: CommandContext, args: str) -> Reply:
    person, room = ctx.person, ctx.room
    word = fold(args)
    if not word:
        off = await channel_ai_off(ctx.services.db, room.platform, room.channel_id)
        return Reply.text(ctx.t("ai.current_off" if off else "ai.current_on"))
    if word not in _OFF | _ON:
        raise UserFacingError("ai.unknown", value=args.strip()[:40])
    if person.user_id not in ctx.services.settings.admins:
        raise UserFacingError("ai.needs_admin")
    off = word in _OFF
    await switch_ai(ctx.services, room.platform, room.channel_id, off=off, actor=person.key, team_id=person.team_id)
    # posted for the channel to see, in its language: everyone should know whether the AI still answers here
    lang = await channel_language(ctx.services, room.platform, room.channel_id)
    text = t(lang, "ai.switched_off" if off else "ai.switched_on", user=person.name or person.user_id)
    return Reply.text(text, ephemeral=False)
