"""Scheduled chat messages through the outbox: `schedule_post` now, delivered by whichever instance is up then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from genai_bot.chat import ChatError, ChatPort
from genai_bot.db.models import OutboxMessage
from genai_bot.messages import Reply, Room, reply_from_dict, reply_to_dict
from genai_bot.outbox import Deliver, Outbox, PermanentDeliveryError

CHAT_POST = "chat.post"
PLATFORMS = ("slack", "console", "teams")


def chat_post_kind(platform: str) -> str:
    """Rows are kinded by platform, so only instances running that adapter claim them."""
    return f"{CHAT_POST}:{platform}"


_PERMANENT = {"channel_not_found", "is_archived", "not_in_channel", "user_not_found", "account_inactive"}


async def schedule_post(outbox: Outbox, *, dedup_key: str, due_at: datetime, room: Room, reply: Reply) -> bool:
    """Post `reply` in `room` at `due_at`; idempotent on `dedup_key`."""
    payload = {
        "platform": room.platform,
        "channel_id": room.channel_id,
        "thread_id": room.thread_id,
        "is_direct": room.is_direct,
        "reply": reply_to_dict(reply),
    }
    return await outbox.schedule(
        dedup_key=dedup_key, due_at=due_at, kind=chat_post_kind(room.platform), payload=payload
    )


def chat_post_deliverer(chat_ports: dict[str, ChatPort]) -> Deliver:
    async def deliver(message: OutboxMessage) -> None:
        p = message.payload
        port = chat_ports.get(p["platform"])
        if port is None:
            raise RuntimeError(f"no {p['platform']} adapter is running on this instance")
        room = Room(
            platform=p["platform"],
            channel_id=p["channel_id"],
            thread_id=p.get("thread_id"),
            is_direct=bool(p.get("is_direct")),
        )
        try:
            await port.post(room, reply_from_dict(p["reply"]))
        except ChatError as exc:
            if exc.code in _PERMANENT:
                raise PermanentDeliveryError(exc.code) from None
            raise

    return deliver


def register_chat_posts(outbox: Outbox, chat_ports: dict[str, ChatPort]) -> None:
    """Deliver scheduled posts for each platform whose adapter is attached to this instance."""
    deliver = chat_post_deliverer(chat_ports)

    def attached(platform: str) -> Callable[[], bool]:
        return lambda: platform in chat_ports

    for platform in PLATFORMS:
        outbox.register(chat_post_kind(platform), deliver, available=attached(platform))
