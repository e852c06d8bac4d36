"""The durable outbox of due messages (reminders, digests, replies owed), shared by every instance: each sent once.

Rows are claimed atomically — `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single-writer lock on SQLite — under a
short lease, so N instances share the load and a row is never handed to two at once:

- While a delivery runs, a heartbeat renews its lease (a send waiting out a long `Retry-After` keeps its row). If
  the lease cannot be renewed in time (database unreachable), the delivery is stopped before the lease runs out,
  so no other instance can take the row while this one might still send it.
- A row whose delivery once began (`first_attempt_at`) may be out already (a crash between the chat platform's
  answer and the database write): deliverers look for it in the chat before sending it again (see
  `genai_bot.notify.post_once`).
- Rows of a dead instance come back when their lease runs out (seconds); a restarted instance takes its own back
  at once (a stable instance name, see `genai_bot.instance`). `release()` on graceful shutdown hands back rows
  claimed but not begun, and a delivery cut off by the shutdown grace period goes back as well.

Failures are retried with exponential backoff up to `max_attempts`, then marked failed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from genai_bot.db import Database
from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.instance import InstanceSlot, host_instance_slot

__all__ = [
    "Deliver",
    "LeaseLostError",
    "Outbox",
    "PermanentDeliveryError",
    "RetryLater",
    "SweepResult",
    "may_have_been_sent",
]

log = structlog.get_logger(__name__)
Deliver = Callable[[OutboxMessage], Awaitable[None]]


class RetryLater(Exception):
    """Raised by a deliverer when the other side said when to come back (e.g. Slack's Retry-After): the row is
    retried then, instead of after the exponential backoff. `paced`: the other side (or this side's pacer) only
    asked to slow down (a 429) and nothing of the row went out in this try: the try does not count towards
    `max_attempts` (a long spell of 429s delays delivery without failing it) nor as a delivery that began."""

    def __init__(self, reason: str, retry_after: float = 0.0, *, paced: bool = False) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.paced = paced


class PermanentDeliveryError(Exception):
    """Raised by a deliverer when retrying cannot help (e.g. the channel is gone): the row fails at once."""


class LeaseLostError(Exception):
    """The lease on a row being delivered could not be renewed in time, so its delivery was stopped."""


@dataclass
class SweepResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0
    """Deliveries stopped because their lease could not be renewed; those rows come back by themselves."""


def may_have_been_sent(message: OutboxMessage) -> bool:
    """True when an earlier delivery of this row began (as claimed: during `deliver(message)` it still says so),
    so it may be out already; `message.first_attempt_at` is then when that first delivery began."""
    return message.first_attempt_at is not None


class Outbox:
    def __init__(
        self,
        db: Database,
        *,
        instance_id: str | None = None,
        lease_seconds: float = 15.0,
        heartbeat_seconds: float | None = None,
        max_attempts: int = 5,
        backoff_seconds: float = 30.0,
    ) -> None:
        """`instance_id`: the name rows are claimed under (GENAI_INSTANCE_ID); None: this host's stable name,
        chosen at the first claim (`genai_bot.instance`). The lease is renewed every `heartbeat_seconds`
        (default: a third of the lease) while a delivery runs."""
        heartbeat = lease_seconds / 3 if heartbeat_seconds is None else heartbeat_seconds
        if not 0 < heartbeat < lease_seconds:
            raise ValueError("the heartbeat must be shorter than the lease")
        self.db = db
        self.lease = timedelta(seconds=lease_seconds)
        self.heartbeat_seconds = heartbeat
        self.max_attempts = max_attempts
        self.backoff = timedelta(seconds=backoff_seconds)
        self._instance_id = instance_id
        self._slot: InstanceSlot | None = None
        self._deliverers: dict[str, Deliver] = {}
        self._available: dict[str, Callable[[], bool]] = {}
        self._mine: set[int] = set()  # rows this process claimed and has not finished or handed back
        self._begun: set[int] = set()  # … of which the delivery has begun
        self._claiming = asyncio.Lock()
        self._closing = False

    @property
    def instance_id(self) -> str:
        if self._instance_id is None:
            self._slot = host_instance_slot(self.db.engine.url.render_as_string(hide_password=False))
            self._instance_id = self._slot.name
        return self._instance_id

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
        """Atomically take up to `limit` rows this instance can deliver: due ones, ones whose lease ran out, and
        ones claimed under this instance's name that this process does not hold (its previous life's). A row this
        process holds is never taken again by it, even when its lease ran out while it waited behind a slow send
        (another instance may take it; then this one's `_start` finds it gone and does not send it)."""
        now = now or utcnow()
        kinds = self.deliverable_kinds()
        if not kinds or self._closing:
            return []
        if self._instance_id is None and not await self._anything_to_claim(kinds, now):
            return []  # the host's instance name is only taken once there is work (no lock files for idle tests)
        me = self.instance_id
        async with self._claiming:  # so a concurrent claim here never mistakes fresh rows for a previous life's
            sending = col(OutboxMessage.status) == "sending"
            due = (
                select(OutboxMessage.id)  # type: ignore[call-overload]
                .where(col(OutboxMessage.kind).in_(kinds), col(OutboxMessage.id).not_in(self._mine))
                .where(
                    or_(
                        (col(OutboxMessage.status) == "pending") & (col(OutboxMessage.due_at) <= now),
                        sending & (col(OutboxMessage.claimed_until) < now),
                        sending & (col(OutboxMessage.claimed_by) == me),
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
                    claimed_by=me,
                    claimed_until=now + self.lease,
                    attempts=OutboxMessage.attempts + 1,
                )
                .returning(OutboxMessage)
            )
            async with self.db.session() as s:
                rows = list((await s.exec(claim)).scalars().all())
            self._mine.update(r.id for r in rows if r.id is not None)
        return sorted(rows, key=lambda r: r.due_at)

    async def _anything_to_claim(self, kinds: list[str], now: datetime) -> bool:
        due = (col(OutboxMessage.status) == "pending") & (col(OutboxMessage.due_at) <= now)
        query = (
            select(OutboxMessage.id)  # type: ignore[call-overload]
            .where(col(OutboxMessage.kind).in_(kinds), or_(due, col(OutboxMessage.status) == "sending"))
            .limit(1)
        )
        async with self.db.session() as s:
            return (await s.exec(query)).first() is not None

    async def sweep(self, now: datetime | None = None, limit: int = 10) -> SweepResult:
        """Claim what is due (a few rows at a time) and deliver it; returns what happened."""
        result = SweepResult()
        batch = await self.claim_due(now, limit)
        try:
            for message in batch:
                if self._closing:
                    break
                outcome = await self._attempt(message, now or utcnow())
                if outcome is not None:
                    setattr(result, outcome, getattr(result, outcome) + 1)
        finally:  # rows left unbegun (shutdown, or the database failed mid-batch) go back for anyone to take
            waiting = {m.id for m in batch if m.id is not None} & (self._mine - self._begun)
            try:
                await self._hand_back(waiting, begun=False)
            except Exception as exc:  # their lease brings them back (or this instance's next sweep, at once)
                log.warning("outbox_hand_back_failed", rows=len(waiting), error=type(exc).__name__)
                self._mine -= waiting
        return result

    async def release(self) -> int:
        """Graceful shutdown: claim nothing more and hand the rows claimed but not begun back at once (their
        claim not counted as an attempt). A delivery in progress finishes, or goes back when it is cancelled."""
        self._closing = True
        try:
            released = await self._hand_back(self._mine - self._begun, begun=False)
        except Exception as exc:  # the database is gone: the leases bring the rows back
            log.warning("outbox_release_failed", error=type(exc).__name__)
            return 0
        if not self._mine and self._slot is not None:
            self._slot.release()
        return released

    async def _attempt(self, message: OutboxMessage, now: datetime) -> str | None:
        assert message.id is not None
        self._begun.add(message.id)
        try:
            if not await self._start(message, now):
                return None  # a slow send before this one outlived our lease and another instance took this row
            return await self._deliver(message, now)
        finally:
            self._begun.discard(message.id)
            self._mine.discard(message.id)

    async def _start(self, message: OutboxMessage, now: datetime) -> bool:
        """Renew the lease and note that a delivery begins, just before it does; False if the row is not ours."""
        values: dict[str, Any] = {"claimed_until": now + self.lease}
        if message.first_attempt_at is None:
            values["first_attempt_at"] = now
        async with self.db.session() as s:
            result = await s.exec(update(OutboxMessage).where(*self._held_by_me(message.id)).values(**values))
            return bool(result.rowcount)

    async def _deliver(self, message: OutboxMessage, now: datetime) -> str:
        deliver = self._deliverers.get(message.kind)
        try:
            if deliver is None:
                raise PermanentDeliveryError(f"no deliverer for kind {message.kind!r}")
            await self._holding_lease(message, deliver(message))
        except LeaseLostError:
            log.warning("outbox_lease_lost", id=message.id, kind=message.kind)
            return "lost"
        except PermanentDeliveryError as exc:
            await self._finish(message, status="failed", error=str(exc))
            return "failed"
        except asyncio.CancelledError:  # shutdown cut it off: hand it back now (checked before it is sent again)
            with contextlib.suppress(Exception):
                await asyncio.shield(self._hand_back({message.id} if message.id else set(), begun=True))
            raise
        except RetryLater as exc:
            if exc.paced:  # slowed down, not failed: retried when asked, the try not counted
                log.info("outbox_paced", id=message.id, kind=message.kind, retry_after=round(exc.retry_after, 1))
                due_at = now + timedelta(seconds=exc.retry_after)
                await self._finish(message, status="pending", error="paced", due_at=due_at, paced=True)
                return "retried"
            return await self._failed(message, now, exc)
        except Exception as exc:
            return await self._failed(message, now, exc)
        await self._finish(message, status="sent", sent_at=utcnow())
        return "sent"

    async def _failed(self, message: OutboxMessage, now: datetime, exc: Exception) -> str:
        if message.attempts >= self.max_attempts:
            log.error("outbox_gave_up", id=message.id, kind=message.kind, attempts=message.attempts)
            await self._finish(message, status="failed", error=type(exc).__name__)
            return "failed"
        retry_at = now + self.backoff * (2 ** (message.attempts - 1))
        if isinstance(exc, RetryLater) and exc.retry_after > 0:
            retry_at = now + timedelta(seconds=exc.retry_after)
        log.warning("outbox_retry", id=message.id, kind=message.kind, attempts=message.attempts)
        await self._finish(message, status="pending", error=type(exc).__name__, due_at=retry_at)
        return "retried"

    async def _holding_lease(self, message: OutboxMessage, work: Awaitable[None]) -> None:
        """Run `work` while a heartbeat renews the row's lease; stop it (LeaseLostError) when the lease cannot be
        shown to be ours any more."""
        loop = asyncio.get_running_loop()
        delivery = asyncio.ensure_future(work)
        keeper = asyncio.ensure_future(self._keep_lease(message, loop.time() + self.lease.total_seconds()))
        try:
            await asyncio.wait({delivery, keeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:  # also when this is cancelled: neither task outlives it
            finished = delivery.done()
            delivery.cancel()
            keeper.cancel()
            await asyncio.gather(delivery, keeper, return_exceptions=True)
        if not finished:
            raise LeaseLostError(f"outbox row {message.id}")
        delivery.result()

    async def _keep_lease(self, message: OutboxMessage, valid_until: float) -> None:
        """Renew the lease every heartbeat; raise LeaseLostError once it is too close to running out unrenewed
        (database unreachable) or when another instance holds the row."""
        loop = asyncio.get_running_loop()
        margin = self.heartbeat_seconds / 2  # stop this long before the lease could run out anywhere
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            budget = valid_until - margin - loop.time()
            if budget <= 0:
                raise LeaseLostError(f"outbox row {message.id}: the lease could not be renewed")
            asked = loop.time()
            try:
                renewed = await asyncio.wait_for(self._renew(message), budget)
            except TimeoutError:
                raise LeaseLostError(f"outbox row {message.id}: the lease could not be renewed") from None
            except Exception as exc:
                log.warning("outbox_lease_renewal_failed", id=message.id, error=type(exc).__name__)
                continue
            if not renewed:
                raise LeaseLostError(f"outbox row {message.id} is held by another instance")
            valid_until = asked + self.lease.total_seconds()

    async def _renew(self, message: OutboxMessage) -> bool:
        async with self.db.session() as s:
            result = await s.exec(
                update(OutboxMessage).where(*self._held_by_me(message.id)).values(claimed_until=utcnow() + self.lease)
            )
            return bool(result.rowcount)

    async def _hand_back(self, ids: Collection[int], *, begun: bool) -> int:
        """Put rows this instance holds back to pending at once; a claim whose delivery never began is not
        counted as an attempt."""
        if not ids:
            return 0
        async with self.db.session() as s:
            result = await s.exec(
                update(OutboxMessage)
                .where(
                    col(OutboxMessage.id).in_(list(ids)),
                    col(OutboxMessage.claimed_by) == self.instance_id,
                    col(OutboxMessage.status) == "sending",
                )
                .values(
                    status="pending",
                    claimed_by=None,
                    claimed_until=None,
                    attempts=OutboxMessage.attempts - (0 if begun else 1),
                )
            )
        self._mine -= set(ids)
        return int(result.rowcount or 0)

    def _held_by_me(self, message_id: int | None) -> tuple[Any, ...]:
        """Only the instance holding the claim may renew or finish it (a slow one whose lease ran out may not)."""
        return (
            col(OutboxMessage.id) == message_id,
            col(OutboxMessage.claimed_by) == self.instance_id,
            col(OutboxMessage.status) == "sending",
        )

    async def _finish(
        self,
        message: OutboxMessage,
        *,
        status: str,
        error: str | None = None,
        due_at: datetime | None = None,
        sent_at: datetime | None = None,
        paced: bool = False,
    ) -> None:
        values: dict[str, Any] = {"status": status, "claimed_until": None, "last_error": error}
        if paced:  # this try neither counts nor began anything: as the row was before it
            values["attempts"] = OutboxMessage.attempts - 1
            values["first_attempt_at"] = message.first_attempt_at
        if due_at is not None:
            values["due_at"] = due_at
        if sent_at is not None:
            values["sent_at"] = sent_at
        async with self.db.session() as s:
            await s.exec(update(OutboxMessage).where(*self._held_by_me(message.id)).values(**values))
