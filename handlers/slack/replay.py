"""One execution per signed request: a slash command, shortcut, button or form sent again (the same trigger_id,
or the same signature and timestamp) is acknowledged and does nothing else — on every instance, because the
database decides (a primary-key claim in processed_events, as for Events API retries).

A Bolt middleware works out the request's key and keeps it for the listener's work (`current`); `claim` runs
inside that tracked work, after the ack, so the database is not on the acknowledgement's path.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest

from genai_bot.app import Core
from genai_bot.dedup import claim_event

__all__ = ["Replay", "current", "replay_key", "replay_middleware"]


@dataclass(frozen=True)
class Replay:
    key: str
    ack: AsyncAck
    """The request's own ack: a repeat whose listener acknowledges late (a form) is still answered 200."""

    async def claim(self, core: Core) -> bool:
        """True the first time this request is seen anywhere; a repeat is acknowledged here and gets False."""
        if await claim_event(core.db, self.key):
            return True
        if self.ack.response is None:
            await self.ack()
        return False


_current: ContextVar[Replay | None] = ContextVar("slack_replay", default=None)


def current() -> Replay | None:
    """The replay guard of the request being handled (None for events: their event_id deduplicates them)."""
    return _current.get()


def replay_key(body: Mapping[str, Any], headers: Mapping[str, Sequence[str]]) -> str | None:
    """What identifies one delivery of a command or interaction: Slack's trigger_id, else the signature."""
    if "event_id" in body or body.get("type") in ("event_callback", "url_verification"):
        return None
    trigger_id = body.get("trigger_id")
    if isinstance(trigger_id, str) and trigger_id:
        source = f"trigger:{trigger_id}"
    else:
        timestamp = (headers.get("x-slack-request-timestamp") or [""])[0]
        signature = (headers.get("x-slack-signature") or [""])[0]
        if not signature:
            return None
        source = f"signed:{timestamp}:{signature}"
    return "replay:" + hashlib.sha256(source.encode()).hexdigest()


def replay_middleware() -> Callable[..., Awaitable[None]]:
    async def remember_replay_key(
        body: dict[str, Any], request: AsyncBoltRequest, context: AsyncBoltContext, next: Callable[[], Awaitable[None]]
    ) -> None:
        key = replay_key(body, request.headers)
        _current.set(Replay(key, context.ack) if key else None)
        await next()

    return remember_replay_key
