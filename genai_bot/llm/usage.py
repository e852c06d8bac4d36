"""Usage accounting: one `usage_events` row per call attempt that reached a provider (never the text).

Rows are written behind the caller's back in small batches (one INSERT per batch) so accounting adds almost
nothing to a call's latency. `flush()` makes everything recorded so far durable; the gateway flushes on close.

The row's organisation is the caller's ministry in the organisation file (GENAI_ORG_FILE) when one is configured
and knows the caller (`organisations_from(org_file)`, wired by the composition root), else the organisation the
caller's profile carries.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from sqlalchemy import insert

from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent, utcnow
from genai_bot.llm.types import CallContext
from genai_bot.org import OrgFile

__all__ = ["Attempt", "OrganisationOf", "UsageRecorder", "organisations_from", "usage_row"]

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Attempt:
    """The facts of one attempt against one provider."""

    provider: str
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    cost: float = 0.0
    error: str | None = None


def usage_row(ctx: CallContext, task: str, attempt: Attempt) -> dict[str, Any]:
    return {
        "at": utcnow(),
        "user": _cut(ctx.user, 128),
        "organisation": _cut(ctx.organisation, 200),
        "channel": _cut(ctx.channel, 64),
        "skill": _cut(ctx.skill or task, 50) or task,
        "provider": _cut(attempt.provider, 50),
        "model": _cut(attempt.model, 100),
        "prompt_tokens": attempt.prompt_tokens,
        "completion_tokens": attempt.completion_tokens,
        "latency_ms": attempt.latency_ms,
        "cost": round(attempt.cost, 6),
        "success": attempt.error is None,
        "error": _cut(attempt.error, 200),
    }


OrganisationOf = Callable[[str], str | None]
"""A user key ("platform:team:user") to the organisation recorded with their calls (None: not known)."""


def organisations_from(org_file: OrgFile) -> OrganisationOf:
    """The ministry (top-level unit id) of a caller in the organisation file, looked up by their user id (the
    last part of the key) or the whole key."""

    def organisation_of(user: str) -> str | None:
        org = org_file.current()
        for who in (user.rsplit(":", 1)[-1], user):
            unit = org.ministry_of(who)
            if unit is not None:
                return unit.id
        return None

    return organisation_of


def _cut(value: str | None, limit: int) -> str | None:
    return value[:limit] if value is not None else None


class UsageRecorder:
    """Collects rows and writes them in batches after a short linger; `db=None` records nothing."""

    def __init__(self, db: Database | None, *, linger_seconds: float = 0.25, max_batch: int = 500) -> None:
        self._db = db
        self._linger = linger_seconds
        self._max_batch = max_batch
        self._pending: list[dict[str, Any]] = []
        self._writer: asyncio.Task[None] | None = None
        self._hurry = asyncio.Event()
        self.written = 0
        self.dropped = 0
        self.organisation_of: OrganisationOf | None = None
        """When set, a row's organisation is what this says for its user (if it knows them)."""
        self.observers: list[Callable[[dict[str, Any]], None]] = []
        """Told every row as it is recorded, database or not (the metrics count calls and tokens)."""

    @property
    def enabled(self) -> bool:
        return self._db is not None or bool(self.observers)

    def record(self, row: dict[str, Any]) -> None:
        """Queue a row; never blocks and never raises."""
        for observe in self.observers:
            try:
                observe(row)
            except Exception as exc:  # counting must never break a conversation
                log.warning("llm.usage_observer_failed", error=type(exc).__name__)
        if self._db is None:
            return
        if self.organisation_of is not None and row.get("user"):
            row = {**row, "organisation": _cut(self._organisation(row["user"]), 200) or row.get("organisation")}
        self._pending.append(row)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._drain(), name="llm-usage-writer")

    def _organisation(self, user: str) -> str | None:
        assert self.organisation_of is not None
        try:
            return self.organisation_of(user)
        except Exception as exc:  # a broken organisation file must never break a conversation
            log.warning("llm.usage_organisation_failed", error=type(exc).__name__)
            return None

    async def flush(self) -> None:
        """Write everything recorded so far."""
        while self._pending or (self._writer is not None and not self._writer.done()):
            if self._writer is None or self._writer.done():
                self._writer = asyncio.get_running_loop().create_task(self._drain(), name="llm-usage-writer")
            self._hurry.set()
            await asyncio.shield(self._writer)
        self._hurry.clear()

    async def aclose(self) -> None:
        await self.flush()

    async def _drain(self) -> None:
        if not self._hurry.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._linger):
                    await self._hurry.wait()
        while self._pending:
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            await self._write(batch)

    async def _write(self, batch: list[dict[str, Any]]) -> None:
        assert self._db is not None
        try:
            async with self._db.engine.begin() as conn:
                await conn.execute(insert(UsageEvent), batch)
        except Exception as exc:  # accounting must never break a conversation
            self.dropped += len(batch)
            log.warning("llm.usage_write_failed", rows=len(batch), error=type(exc).__name__)
        else:
            self.written += len(batch)
