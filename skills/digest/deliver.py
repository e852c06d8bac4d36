"""Delivering a `digest.build:<platform>` row: the content is gathered now (at delivery, not when the row was
written) and posted with `genai_bot.notify.post_once` under the row's key.

A crash after gathering and before posting loses nothing (the row is still owed and comes back); a crash after
posting and before the row is marked sent sends nothing twice (post_once finds the keyed post first). A
subscription turned off or snoozed since its row was written, or a digest with nothing in it, sends nothing.
"""

from __future__ import annotations

from datetime import date

import structlog

from genai_bot.channel_lang import channel_language
from genai_bot.chat import ChatError, ChatPort
from genai_bot.db.models import OutboxMessage
from genai_bot.messages import Reply, Room
from genai_bot.notify import post_once, raise_for_delivery
from genai_bot.services import Services
from skills.digest.content import gather_channel, gather_personal, render_digest
from skills.digest.models import DigestSubscription
from skills.digest.store import get_subscription

__all__ = ["build_for", "deliver_digest"]

log = structlog.get_logger(__name__)


async def build_for(services: Services, sub: DigestSubscription, day: date, port: ChatPort) -> Reply | None:
    """The digest of a subscription for a local day, or None when there is nothing to say."""
    assert sub.id is not None
    if sub.channel_id is not None:
        room = Room(sub.platform, sub.channel_id)
        lang = await channel_language(services, sub.platform, sub.channel_id)
        parts = await gather_channel(services, room, day)
        return render_digest(parts, day, lang, sub_id=sub.id, buttons=port.supports_buttons, channel=True)
    person = await services.users.resolve(sub.platform, sub.team_id, sub.owner)
    parts = await gather_personal(services, person, day)
    return render_digest(parts, day, person.lang, sub_id=sub.id, buttons=port.supports_buttons)


async def deliver_digest(message: OutboxMessage, services: Services) -> None:
    sub = await get_subscription(services.db, int(message.payload["subscription"]))
    if sub is None or not sub.active:
        log.info("digest.not_sent", key=message.dedup_key, reason="off")
        return
    if sub.snoozed_until is not None and services.clock.now() < sub.snoozed_until:
        log.info("digest.not_sent", key=message.dedup_key, reason="snoozed")
        return
    port = services.chat_ports.get(sub.platform)
    if port is None:
        raise RuntimeError(f"no {sub.platform} adapter is running on this instance")
    day = date.fromisoformat(str(message.payload["day"]))
    reply = await build_for(services, sub, day, port)
    if reply is None:
        log.info("digest.not_sent", key=message.dedup_key, reason="empty")
        return
    room = Room(sub.platform, sub.channel_id) if sub.channel_id else await port.direct_room(sub.owner)
    try:
        await post_once(port, room, reply, message)
    except ChatError as exc:
        raise_for_delivery(exc)
        raise
    log.info("digest.sent", key=message.dedup_key, subscription=sub.id)
