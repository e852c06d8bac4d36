"""A change made on the dashboard is announced in the channel, as `/genai classify` and `/genai ai` announce theirs:
everyone there should know where its text may now be sent. Posted through the outbox (the bot's processes deliver
it; a dashboard running alone only queues it), in the channel's language."""

from __future__ import annotations

from typing import Any

import genai_bot.web.messages_controls  # noqa: F401  (registers the messages)
from genai_bot.channel_lang import channel_language
from genai_bot.i18n import t
from genai_bot.messages import Reply, Room
from genai_bot.notify import schedule_post
from genai_bot.services import Services

__all__ = ["announce"]


async def announce(services: Services, platform: str, channel_id: str, key: str, **args: Any) -> None:
    """Post the message `key` (with `args`) in the channel now; nothing without an outbox."""
    if services.outbox is None:
        return
    lang = await channel_language(services, platform, channel_id)
    if "level" in args:
        args["name"] = t(lang, f"web.channels.level.{args['level']}")
    now = services.clock.now()
    await schedule_post(
        services.outbox,
        dedup_key=f"dashboard:{key}:{platform}:{channel_id}:{now.isoformat()}",
        due_at=now,
        room=Room(platform=platform, channel_id=channel_id),
        reply=Reply.text(t(lang, key, **args), ephemeral=False),
    )
