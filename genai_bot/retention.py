"""Retention of stored text: one registry of pruners, one decision about how old is too old.

Every module that keeps free text people wrote (chat memory, outbox payloads with message text, kept requests, a
trip's notes, meeting minutes drafts) contributes a *pruner* through `SkillHost.retention(name, prune)`. A pruner
gets a session and the moment before which its text goes, and returns how many rows it deleted or cleared. The
job that runs them (genai_bot.retention_job) decides the days (GENAI_RETENTION_DAYS, or a pruner's own), runs
once a day across instances and audits the counts — never the text. Aggregates (usage_events) keep no text and are
never pruned.

A dry run executes the same statements and rolls them back, so its counts are exactly what a real run would do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db import Database

__all__ = ["Pruner", "Retention", "RetentionReport", "RetentionRule"]

Pruner = Callable[[AsyncSession, datetime], Awaitable[int]]
"""`prune(session, older_than)`: delete or clear the text stored before `older_than`; returns the rows touched."""


@dataclass(frozen=True)
class RetentionRule:
    name: str
    prune: Pruner
    days: int | None = None
    """This text's own window (e.g. chat memory: GENAI_CHAT_RETENTION_DAYS); None: GENAI_RETENTION_DAYS. 0 keeps
    it forever."""


@dataclass
class RetentionReport:
    """What one run pruned (or would prune, on a dry run): counts per pruner, never text."""

    at: datetime
    dry_run: bool
    days: dict[str, int] = field(default_factory=dict)
    pruned: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.pruned.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "dry_run": self.dry_run,
            "days": dict(self.days),
            "pruned": dict(self.pruned),
            "total": self.total,
        }


class Retention:
    """The pruners registered by the core and the skills."""

    def __init__(self) -> None:
        self._rules: dict[str, RetentionRule] = {}

    def add(self, name: str, prune: Pruner, *, days: int | None = None) -> None:
        self._rules[name] = RetentionRule(name, prune, days)

    def extend(self, other: Retention) -> None:
        self._rules.update(other._rules)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._rules)

    async def run(self, db: Database, now: datetime, default_days: int, *, dry_run: bool = False) -> RetentionReport:
        """Run every pruner whose window is not 0 (keep forever), each in its own transaction."""
        report = RetentionReport(now, dry_run)
        for rule in self._rules.values():
            days = default_days if rule.days is None else rule.days
            report.days[rule.name] = days
            if days <= 0:
                report.pruned[rule.name] = 0
                continue
            async with db.session() as session:
                report.pruned[rule.name] = await rule.prune(session, now - timedelta(days=days))
                if dry_run:
                    await session.rollback()
        return report
