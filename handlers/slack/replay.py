"""One execution per delivery: an Events API retry (the same event_id), or a slash command, shortcut, button or
form sent again (the same trigger_id, or the same signature and timestamp), is acknowledged and does nothing
else — on every instance, because the database decides (a primary-key claim in processed_events).

A Bolt middleware works out the request's key and keeps it for the listener's work (`current`); `claim` runs
inside that tracked work, after the ack, so the database is never on the acknowledgement's path — and a request
no listener takes (an event the bot does not handle) claims nothing at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Literal

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest

from genai_bot.app import Core
from genai_bot.dedup import claim_event

__all__ = ["Replay", "current", "replay_key", "replay_middleware"]

Kind = Literal["event", "request"]


@dataclass(frozen=True)
class Replay:
    key: str
    ack: AsyncAck
    """The request's own ack: a repeat whose listener acknowledges late (a form) is still answered 200."""
    kind: Kind = "request"
    """"event": an Events API delivery (key = its event_id); "request": a command or an interaction."""

    async def claim(self, core: Core) -> bool:
        """True the first time this delivery is seen anywhere; a repeat is acknowledged here and gets False."""
        if await claim_event(core.db, self.key):
            return True
        if self.ack.response is None:
            await self.ack()
        return False


_current: ContextVar[Replay | None] = ContextVar("slack_replay", default=None)


def current() -> Replay | None:
    """The once-only guard of the request being handled (None when it carries nothing to know it by)."""
    return _current.get()


def replay_key(body: Mapping[str, Any], headers: Mapping[str, Sequence[str]]) -> str | None:
    """What identifies one delivery: an event's event_id (as Slack retries it), else a command's or interaction's
    trigger_id, else its signature."""
    if body.get("type") == "url_verification":
        return None
    if "event_id" in body or body.get("type") == "event_callback":
        event_id = body.get("event_id")
        return str(event_id) if event_id else None  # the id as stored by earlier releases: retries span upgrades
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
        kind: Kind = "event" if body.get("type") == "event_callback" or "event_id" in body else "request"
        _current.set(Replay(key, context.ack, kind) if key else None)
        await next()

    return remember_replay_key
