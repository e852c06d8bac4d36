"""Scheduled chat messages through the outbox: `schedule_post` now, delivered by whichever instance is up then.

Each post carries its row's key (`ChatPort.post(..., key=)`; on Slack, message metadata). A row whose delivery
began before may be out already, so `post_once` first looks for its key in the room's recent messages (since that
first attempt) and sends only when it is not there: a post is never made twice, whatever crashed when.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import structlog

from genai_bot.chat import ChatError, ChatPort
from genai_bot.db.models import OutboxMessage
from genai_bot.messages import Reply, Room, reply_from_dict, reply_to_dict
from genai_bot.outbox import Deliver, Outbox, PermanentDeliveryError, RetryLater, may_have_been_sent

__all__ = [
    "CHAT_POST",
    "PLATFORMS",
    "chat_post_deliverer",
    "chat_post_kind",
    "post_once",
    "raise_for_delivery",
    "register_chat_posts",
    "schedule_post",
]

log = structlog.get_logger(__name__)

CHAT_POST = "chat.post"
PLATFORMS = ("slack", "console", "teams")


def chat_post_kind(platform: str) -> str:
    """Rows are kinded by platform, so only instances running that adapter claim them."""
    return f"{CHAT_POST}:{platform}"


_PERMANENT = frozenset(
    {
        "channel_not_found",
        "is_archived",
        "not_in_channel",
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "message_not_found",
        "cant_update_message",
    }
)
"""The platform will never take this delivery: the row fails now instead of being retried."""
_UNCHECKABLE = {"missing_scope", "not_allowed_token_type", "method_not_supported_for_channel_type", "thread_not_found"}
"""The room's history cannot be read for these reasons: the post is made unchecked (at least once, as before)."""
_CLOCK_SLACK = timedelta(minutes=1)
"""How much earlier than the first attempt the search starts (clocks of the instances and the platform differ)."""


async def post_once(port: ChatPort, room: Room, reply: Reply, message: OutboxMessage) -> str | None:
    """Post `reply` in `room` for the outbox row `message`, unless an earlier delivery of the row already did.

    Returns the new message's id, or None when the row was found posted already. For any deliverer that posts a
    row to a room (its key: the row's dedup key)."""
    key = message.dedup_key
    if may_have_been_sent(message) and message.first_attempt_at is not None:
        try:
            found = await port.find_posted(room, key, since=message.first_attempt_at - _CLOCK_SLACK)
        except ChatError as exc:
            if exc.code not in _UNCHECKABLE:
                raise
            log.warning("outbox_post_unchecked", key=key, code=exc.code)
            found = None
        if found is not None:
            log.info("outbox_post_found", key=key, message_id=found, attempts=message.attempts)
            return None
    return await port.post(room, reply, key=key)


def raise_for_delivery(exc: ChatError) -> None:
    """How the outbox should read a chat error met while delivering a row (any deliverer that posts, updates or
    searches a room): a permanent refusal fails the row (PermanentDeliveryError); a rate limit or the pacer's
    "later" brings it back when the platform said, the try not counted when nothing was sent (RetryLater). Other
    errors return: the caller re-raises them and the row is retried with backoff."""
    if exc.code in _PERMANENT:
        raise PermanentDeliveryError(exc.code) from exc
    if exc.code == "ratelimited":
        raise RetryLater(exc.code, exc.retry_after or 1.0, paced=exc.nothing_sent) from exc


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
            await post_once(port, room, reply_from_dict(p["reply"]), message)
        except ChatError as exc:
            raise_for_delivery(exc)
            raise

    return deliver


def register_chat_posts(outbox: Outbox, chat_ports: dict[str, ChatPort]) -> None:
    """Deliver scheduled posts for each platform whose adapter is attached to this instance."""
    deliver = chat_post_deliverer(chat_ports)

    def attached(platform: str) -> Callable[[], bool]:
        return lambda: platform in chat_ports

    for platform in PLATFORMS:
        outbox.register(chat_post_kind(platform), deliver, available=attached(platform))
