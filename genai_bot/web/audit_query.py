"""The audit log, read for the dashboard: newest first, filtered, one bounded page at a time (keyset on the id).

Filters: local days `start`..`end` (inclusive, in GENAI_TIMEZONE), `actor` and `target` (contained, as typed),
`action` (a prefix: `trip.` finds every trip action). Every value is a bound parameter, LIKE wildcards in it taken
literally. An organisation admin's scope is the actors of their organisation (the organisation file's
`ministry_of`): `actors_in` — the only actors read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from genai_bot.db.engine import Database
from genai_bot.db.models import AuditEntry

__all__ = ["MAX_PAGE", "AuditFilter", "AuditPage", "actors_of", "audit_page", "entry_json"]

MAX_PAGE = 200


@dataclass(frozen=True)
class AuditFilter:
    start: date
    end: date
    timezone: str = "Asia/Tokyo"
    actor: str | None = None
    action: str | None = None
    """A prefix of the action (`trip.` or `channel.classification_changed`)."""
    target: str | None = None
    actors_in: tuple[str, ...] | None = None
    """The viewer's scope: None reads every actor; else only these."""
    before: int | None = None
    """Only entries older than this id (the next page)."""
    limit: int = 50


@dataclass(frozen=True)
class AuditPage:
    filter: AuditFilter
    entries: list[AuditEntry]
    next_before: int | None
    """The `before` of the next (older) page; None when this is the last."""


def _bounds(flt: AuditFilter) -> tuple[datetime, datetime]:
    zone = ZoneInfo(flt.timezone)
    start = datetime.combine(flt.start, time(), zone).astimezone(UTC)
    end = datetime.combine(flt.end + timedelta(days=1), time(), zone).astimezone(UTC)
    return start, end


def _where(query: SelectOfScalar[Any], flt: AuditFilter, *, scoped: bool = True) -> SelectOfScalar[Any]:
    start, end = _bounds(flt)
    query = query.where(col(AuditEntry.at) >= start, col(AuditEntry.at) < end)
    if flt.actor:
        query = query.where(col(AuditEntry.actor).contains(flt.actor, autoescape=True))
    if flt.action:
        query = query.where(col(AuditEntry.action).startswith(flt.action, autoescape=True))
    if flt.target:
        query = query.where(col(AuditEntry.target).contains(flt.target, autoescape=True))
    if scoped and flt.actors_in is not None:
        query = query.where(col(AuditEntry.actor).in_(flt.actors_in))
    return query


async def actors_of(db: Database, flt: AuditFilter, belongs: Callable[[str], bool]) -> tuple[str, ...]:
    """The actors in `flt`'s range (and other filters) for whom `belongs(actor)` holds: an organisation's."""
    async with db.session() as session:
        found = (await session.exec(_where(select(col(AuditEntry.actor)).distinct(), flt, scoped=False))).all()
    return tuple(sorted(str(actor) for actor in found if belongs(str(actor))))


async def audit_page(db: Database, flt: AuditFilter, *, max_limit: int = MAX_PAGE) -> AuditPage:
    """One page of entries, newest first (at most `max_limit`)."""
    limit = max(1, min(flt.limit, max_limit))
    if flt.actors_in is not None and not flt.actors_in:
        return AuditPage(flt, [], None)
    query = _where(select(AuditEntry), flt)
    if flt.before is not None:
        query = query.where(col(AuditEntry.id) < flt.before)
    query = query.order_by(col(AuditEntry.id).desc()).limit(limit + 1)
    async with db.session() as session:
        rows = list((await session.exec(query)).all())
    more = len(rows) > limit
    rows = rows[:limit]
    return AuditPage(flt, rows, rows[-1].id if more and rows else None)


def entry_json(entry: AuditEntry, zone: str) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.astimezone(ZoneInfo(zone)).isoformat(),
        "actor": entry.actor,
        "organisation": entry.organisation,
        "action": entry.action,
        "target": entry.target,
        "detail": entry.detail,
    }
