"""One limiter for every outgoing call to the chat platform's Web API: each call waits for its permit.

Budgets (Slack's published limits, per app and workspace):
- each method by its tier (Tier 1: 1 a minute, Tier 2: 20, Tier 3: 50, Tier 4: 100; bursts up to a minute's worth);
- `chat.postMessage`: the workspace ceiling (GENAI_SLACK_MAX_POSTS_PER_SECOND, default 10: "several hundred a
  minute") plus about one message a second per conversation (short bursts allowed).

Each budget is a schedule (GCRA, a virtual clock): a permit takes the next free moment and the caller sleeps until
then, so calls leave evenly spaced at the budget's rate. With several instances on PostgreSQL the workspace budgets
live in one table (`slack_pace`: one row per budget, claimed with one atomic UPDATE), so the fleet together paces to
the ceiling; the per-conversation budget stays in each process (a conversation's posts come from one instance at a
time). A 429 with Retry-After moves the budget's schedule past the pause, for every instance.

`Pacer.permit` raises `PaceTooSlow` instead of sleeping longer than `max_wait` (a long pause): the caller comes back
later (an outbox delivery gives its row back with that delay instead of holding its lease).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import structlog
from sqlalchemy import case, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from genai_bot.db import Database
from genai_bot.db.models import SlackPace

__all__ = [
    "DEFAULT_POSTS_PER_SECOND",
    "Budget",
    "DatabasePaceStore",
    "LocalPaceStore",
    "PaceStore",
    "PaceTooSlow",
    "Pacer",
    "method_budget",
]

log = structlog.get_logger(__name__)

DEFAULT_POSTS_PER_SECOND = 10.0
CHANNEL_PER_SECOND = 1.0
CHANNEL_BURST = 3  # messages a conversation may take at once (a long answer's continuations)
POST_BURST_SECONDS = 0.5  # the workspace ceiling's burst: half a second's worth
POST_METHODS = frozenset({"chat.postMessage"})
_TIER_PER_MINUTE = {1: 1.0, 2: 20.0, 3: 50.0, 4: 100.0}
_DEFAULT_TIER = 3
_TIERS: dict[str, int] = {
    "apps.connections.open": 1,
    "auth.test": 4,
    "chat.update": 3,
    "chat.delete": 3,
    "chat.postEphemeral": 4,
    "chat.getPermalink": 4,
    "chat.startStream": 4,
    "chat.appendStream": 4,
    "chat.stopStream": 4,
    "conversations.history": 3,
    "conversations.replies": 3,
    "conversations.info": 3,
    "conversations.open": 3,
    "conversations.members": 4,
    "users.info": 4,
    "users.lookupByEmail": 3,
    "views.open": 4,
    "views.publish": 4,
    "views.update": 4,
    "views.push": 4,
    "reactions.add": 3,
    "reactions.remove": 2,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
    "assistant.threads.setStatus": 4,
    "assistant.threads.setSuggestedPrompts": 4,
    "assistant.threads.setTitle": 4,
}


@dataclass(frozen=True)
class Budget:
    """`per_second` calls a second on average; up to `burst` of them at once after a quiet spell."""

    per_second: float
    burst: float = 1.0

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second

    @property
    def tolerance(self) -> float:
        return max(0.0, self.burst - 1.0) * self.interval


def method_budget(method: str, posts_per_second: float) -> Budget:
    """The workspace budget of a Web API method."""
    if method in POST_METHODS:
        return Budget(posts_per_second, max(1.0, posts_per_second * POST_BURST_SECONDS))
    per_minute = _TIER_PER_MINUTE[_TIERS.get(method, _DEFAULT_TIER)]
    return Budget(per_minute / 60.0, per_minute)


class PaceTooSlow(Exception):
    """The next permit is further away than the caller may wait: come back after `retry_after` seconds."""

    def __init__(self, method: str, retry_after: float) -> None:
        super().__init__(f"{method}: next permit in {retry_after:.1f}s")
        self.method = method
        self.retry_after = retry_after


class PaceStore(Protocol):
    async def claim(self, key: str, budget: Budget, now: float) -> float:
        """Take the next free moment of `key`'s schedule; returns how long to wait for it (seconds)."""
        ...

    async def pause(self, key: str, until: float) -> None:
        """No permit of `key` before `until` (epoch seconds)."""
        ...


class LocalPaceStore:
    """Schedules in this process (one instance, or budgets no other instance shares)."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}

    async def claim(self, key: str, budget: Budget, now: float) -> float:
        return self.claim_now(key, budget, now)

    def claim_now(self, key: str, budget: Budget, now: float) -> float:
        at = max(self._next.get(key, now), now)
        self._next[key] = at + budget.interval
        return max(0.0, at - budget.tolerance - now)

    async def pause(self, key: str, until: float) -> None:
        self._next[key] = max(self._next.get(key, until), until)

    def forget_before(self, now: float) -> None:
        """Drop schedules that are all in the past (conversations long quiet)."""
        for key in [k for k, at in self._next.items() if at < now]:
            del self._next[key]


class DatabasePaceStore:
    """Schedules shared by every instance on the database: one row per budget, moved by one atomic UPDATE."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(self, key: str, budget: Budget, now: float) -> float:
        later = case((col(SlackPace.next_at) > now, col(SlackPace.next_at)), else_=now)
        moved = await self._move(key, later + budget.interval, now + budget.interval)
        return max(0.0, moved - budget.interval - budget.tolerance - now)

    async def pause(self, key: str, until: float) -> None:
        later = case((col(SlackPace.next_at) > until, col(SlackPace.next_at)), else_=until)
        await self._move(key, later, until)

    async def _move(self, key: str, value: object, first: float) -> float:
        for _ in range(2):
            async with self.db.session() as s:
                stmt = (
                    update(SlackPace)
                    .where(col(SlackPace.key) == key)
                    .values(next_at=value)
                    .returning(col(SlackPace.next_at))
                )
                found = (await s.exec(stmt)).scalars().first()
            if found is not None:
                return float(found)
            try:
                async with self.db.session() as s:
                    s.add(SlackPace(key=key, next_at=first))
                return first
            except IntegrityError:  # another instance made the row first: move it
                continue
        raise RuntimeError(f"pace row {key!r} could not be claimed")


class Pacer:
    """Permits for every outgoing Web API call of one workspace (see the module's docstring)."""

    def __init__(
        self,
        store: PaceStore | None = None,
        *,
        posts_per_second: float = DEFAULT_POSTS_PER_SECOND,
        max_wait: float = 10.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store: PaceStore = store or LocalPaceStore()
        self.posts_per_second = posts_per_second
        self.max_wait = max_wait
        self.clock = clock
        """Epoch seconds now (tests move it along with the outbox's `now`)."""
        self._channels = LocalPaceStore()
        self._channel_budget = Budget(CHANNEL_PER_SECOND, CHANNEL_BURST)
        self._fallback = LocalPaceStore()

    async def permit(self, method: str, channel: str | None = None, *, max_wait: float | None = None) -> float:
        """Wait for the permit of one call of `method` (to `channel`); returns the seconds waited. Raises
        PaceTooSlow when that would be longer than `max_wait` (default: the pacer's)."""
        now = self.clock()
        wait = await self._claim(method, method_budget(method, self.posts_per_second), now)
        if method in POST_METHODS and channel:
            wait = max(wait, self._channels.claim_now(channel, self._channel_budget, now))
            if len(self._channels._next) > 10_000:
                self._channels.forget_before(now)
        limit = self.max_wait if max_wait is None else max_wait
        if wait > limit:
            raise PaceTooSlow(method, wait)
        if wait > 0:
            await asyncio.sleep(wait)
        return wait

    async def slowed(self, method: str, retry_after: float) -> None:
        """The platform answered 429 with `retry_after`: no instance calls `method` again before then."""
        budget = method_budget(method, self.posts_per_second)
        until = self.clock() + retry_after + budget.tolerance  # after the pause, no burst
        log.warning("slack_rate_limited", method=method, retry_after=retry_after)
        try:
            await self.store.pause(method, until)
        except Exception as exc:
            log.warning("pace_pause_not_shared", method=method, error=type(exc).__name__)
        await self._fallback.pause(method, until)

    async def _claim(self, key: str, budget: Budget, now: float) -> float:
        try:
            return await self.store.claim(key, budget, now)
        except Exception as exc:  # the database is unreachable: pace this instance alone
            log.warning("pace_not_shared", method=key, error=type(exc).__name__)
            return await self._fallback.claim(key, budget, now)
