"""The durable outbox of due messages (reminders, digests), shared by every instance.

Rows are claimed atomically — `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single-writer lock on SQLite — with a
lease: a claimed row belongs to one instance until its lease runs out, so N instances share the load and a
row is never handed to two at once. If an instance dies mid-send, its lease expires and another instance
picks the row up (at-least-once for that narrow window; deliverers see `attempts` and can check before
re-sending). Failures are retried with exponential backoff up to `max_attempts`, then marked failed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from genai_bot.db import Database
from genai_bot.db.models import OutboxMessage, utcnow

log = structlog.get_logger(__name__)
Deliver = Callable[[OutboxMessage], Awaitable[None]]


class PermanentDeliveryError(Exception):
    """Raised by a deliverer when retrying cannot help (e.g. the channel is gone): the row fails at once."""


@dataclass
class SweepResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


class Outbox:
    def __init__(
        self,
        db: Database,
        *,
        instance_id: str,
        lease_seconds: float = 120.0,
        max_attempts: int = 5,
        backoff_seconds: float = 30.0,
    ) -> None:
        self.db = db
        self.instance_id = instance_id
        self.lease = timedelta(seconds=lease_seconds)
        self.max_attempts = max_attempts
        self.backoff = timedelta(seconds=backoff_seconds)
        self._deliverers: dict[str, Deliver] = {}
        self._available: dict[str, Callable[[], bool]] = {}

    def register(self, kind: str, deliver: Deliver, *, available: Callable[[], bool] | None = None) -> None:
        """Deliver rows of `kind` with `deliver`; while `available()` is False this instance leaves them to
        others (e.g. Slack reminders on an instance that runs only the console)."""
        self._deliverers[kind] = deliver
        if available is not None:
            self._available[kind] = available

    def deliverable_kinds(self) -> list[str]:
        return [k for k in self._deliverers if self._available.get(k, lambda: True)()]

    async def schedule(self, *, dedup_key: str, due_at: datetime, kind: str, payload: dict[str, Any]) -> bool:
        """Add a message; a second call with the same `dedup_key` changes nothing and returns False."""
        try:
            async with self.db.session() as s:
                s.add(OutboxMessage(dedup_key=dedup_key, due_at=due_at, kind=kind, payload=payload))
        except IntegrityError:
            return False
        return True

    async def cancel(self, key_prefix: str) -> int:
        """Cancel pending messages whose dedup key starts with `key_prefix` (e.g. a meeting's reminders)."""
        async with self.db.session() as s:
            result = await s.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.dedup_key).startswith(key_prefix), col(OutboxMessage.status) == "pending")
                .values(status="cancelled")
            )
            return int(result.rowcount or 0)

    async def claim_due(self, now: datetime | None = None, limit: int = 10) -> list[OutboxMessage]:
        """Atomically take up to `limit` due rows (and rows whose lease expired) that this instance can deliver."""
        now = now or utcnow()
        kinds = self.deliverable_kinds()
        if not kinds:
            return []
        due = (
            select(OutboxMessage.id)  # type: ignore[call-overload]
            .where(col(OutboxMessage.kind).in_(kinds))
            .where(
                or_(
                    (col(OutboxMessage.status) == "pending") & (col(OutboxMessage.due_at) <= now),
                    (col(OutboxMessage.status) == "sending") & (col(OutboxMessage.claimed_until) < now),
                )
            )
            .order_by(col(OutboxMessage.due_at))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        claim = (
            update(OutboxMessage)
            .where(col(OutboxMessage.id).in_(due.scalar_subquery()))
            .values(
                status="sending",
                claimed_by=self.instance_id,
                claimed_until=now + self.lease,
                attempts=OutboxMessage.attempts + 1,
            )
            .returning(OutboxMessage)
        )
        async with self.db.session() as s:
            rows = list((await s.exec(claim)).scalars().all())
        return sorted(rows, key=lambda r: r.due_at)

    async def sweep(self, now: datetime | None = None, limit: int = 10) -> SweepResult:
        """Claim what is due (a few rows at a time) and deliver it; returns what happened."""
        result = SweepResult()
        for message in await self.claim_due(now, limit):
            if not await self._still_mine(message, now or utcnow()):
                continue  # a slow send before this one outlived our lease and another instance took this row
            outcome = await self._deliver(message, now or utcnow())
            setattr(result, outcome, getattr(result, outcome) + 1)
        return result

    async def _still_mine(self, message: OutboxMessage, now: datetime) -> bool:
        """Renew the lease just before sending; False if the row is no longer ours."""
        async with self.db.session() as s:
            result = await s.exec(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.id) == message.id,
                    col(OutboxMessage.claimed_by) == self.instance_id,
                    col(OutboxMessage.status) == "sending",
                )
                .values(claimed_until=now + self.lease)
            )
            return bool(result.rowcount)

    async def _deliver(self, message: OutboxMessage, now: datetime) -> str:
        deliver = self._deliverers.get(message.kind)
        try:
            if deliver is None:
                raise PermanentDeliveryError(f"no deliverer for kind {message.kind!r}")
            await deliver(message)
        except PermanentDeliveryError as exc:
            await self._finish(message, status="failed", error=str(exc))
            return "failed"
        except Exception as exc:
            if message.attempts >= self.max_attempts:
                log.error("outbox_gave_up", id=message.id, kind=message.kind, attempts=message.attempts)
                await self._finish(message, status="failed", error=type(exc).__name__)
                return "failed"
            retry_at = now + self.backoff * (2 ** (message.attempts - 1))
            log.warning("outbox_retry", id=message.id, kind=message.kind, attempts=message.attempts)
            await self._finish(message, status="pending", error=type(exc).__name__, due_at=retry_at)
            return "retried"
        await self._finish(message, status="sent", sent_at=utcnow())
        return "sent"

    async def _finish(
        self,
        message: OutboxMessage,
        *,
        status: str,
        error: str | None = None,
        due_at: datetime | None = None,
        sent_at: datetime | None = None,
    ) -> None:
        values: dict[str, Any] = {"status": status, "claimed_until": None, "last_error": error}
        if due_at is not None:
            values["due_at"] = due_at
        if sent_at is not None:
            values["sent_at"] = sent_at
        async with self.db.session() as s:
            # only the instance holding the claim may finish it (a slow instance whose lease expired may not)
            await s.exec(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.id) == message.id,
                    col(OutboxMessage.claimed_by) == self.instance_id,
                    col(OutboxMessage.status) == "sending",
                )
                .values(**values)
            )
