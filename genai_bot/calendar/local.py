"""Busy blocks kept in the database: imported from .ics files per member, or cached from Microsoft Graph.

A person counts as *known* once anything was stored for them; each import and each Graph refresh writes a
zero-length marker row (``start == end``, never busy) so that an empty calendar still reads as "free" rather
than "no data". All datetimes are stored in UTC (SQLite keeps no offset).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

import structlog
from sqlalchemy import and_, delete, or_
from sqlmodel import col, select

from genai_bot.calendar.ics_parse import DEFAULT_HORIZON_DAYS, DEFAULT_ZONE, IcsIssue, parse_busy_blocks
from genai_bot.calendar.port import SOURCE_LOCAL, AvailabilityResult, Span, person_key
from genai_bot.calendar.spans import clip_spans, require_window
from genai_bot.db import Database
from genai_bot.db.calendar_models import BusyBlock

log = structlog.get_logger(__name__)

ICS = "ics"
GRAPH_CACHE = "graph"
_OWNER_MAX = 320
_IN_CHUNK = 500


@dataclass(frozen=True)
class ImportResult:
    count: int
    """Busy blocks stored (a recurring event counts once per occurrence within the horizon)."""
    skipped: int
    """Events left out on purpose: cancelled, marked free, or taking no time."""
    errors: list[IcsIssue] = field(default_factory=list)
    """Events that could not be read (the rest of the file was imported)."""
    events: int = 0
    """VEVENTs in the file."""
    outside: int = 0
    """Events entirely in the past or beyond the horizon."""


class LocalCalendar:
    """``CalendarSource`` over the ``busy_blocks`` table."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def busy(self, people: Sequence[str], start: datetime, end: datetime) -> AvailabilityResult:
        start, end = require_window(start, end)
        keys = {person: person_key(person) for person in dict.fromkeys(people)}
        known, spans = await self._read(set(keys.values()), start, end)
        result = AvailabilityResult()
        for person, key in keys.items():
            if key in known:
                result.add_known(person, clip_spans(spans.get(key, []), start, end), SOURCE_LOCAL)
            else:
                result.add_unknown(person)
        return result

    async def cache_graph(self, busy: dict[str, list[Span]], start: datetime, end: datetime) -> None:
        """Remember what Graph said for ``[start, end)`` so a later outage can fall back to it."""
        if not busy:
            return
        start, end = require_window(start, end)
        now = datetime.now(UTC)
        owners = sorted({person_key(person) for person in busy})
        overlapping = and_(col(BusyBlock.start) < end, col(BusyBlock.end) > start)
        marker = col(BusyBlock.start) == col(BusyBlock.end)
        async with self._db.session() as session:
            for chunk in _chunks(owners):
                await session.exec(
                    delete(BusyBlock).where(
                        col(BusyBlock.source) == GRAPH_CACHE, col(BusyBlock.owner).in_(chunk), or_(overlapping, marker)
                    )
                )
            for person, spans in busy.items():
                key = person_key(person)
                session.add_all(_rows(key, ((s, e, None) for s, e in spans), GRAPH_CACHE, now))
                session.add(_marker(key, GRAPH_CACHE, now))

    async def forget(self, owner: str, *, source: str | None = None) -> int:
        """Delete everything stored for ``owner`` (or only rows from ``source``); returns how many rows went."""
        query = delete(BusyBlock).where(col(BusyBlock.owner) == person_key(owner))
        if source is not None:
            query = query.where(col(BusyBlock.source) == source)
        async with self._db.session() as session:
            result = await session.exec(query)
            return int(result.rowcount or 0)

    async def _read(self, keys: set[str], start: datetime, end: datetime) -> tuple[set[str], dict[str, list[Span]]]:
        known: set[str] = set()
        spans: dict[str, list[Span]] = defaultdict(list)
        async with self._db.session() as session:
            for chunk in _chunks(sorted(keys)):
                owners = await session.exec(select(BusyBlock.owner).where(col(BusyBlock.owner).in_(chunk)).distinct())
                known.update(owners.all())
                rows = await session.exec(
                    select(BusyBlock).where(
                        col(BusyBlock.owner).in_(chunk),
                        col(BusyBlock.start) < end,
                        col(BusyBlock.end) > start,
                        col(BusyBlock.end) > col(BusyBlock.start),
                    )
                )
                for row in rows.all():
                    spans[row.owner].append((row.start, row.end))
        return known, spans


async def import_ics(
    db: Database,
    owner: str,
    ics_bytes: bytes,
    *,
    replace: bool = True,
    now: datetime | None = None,
    zone: str | tzinfo = DEFAULT_ZONE,
    horizon_days: int = DEFAULT_HORIZON_DAYS,
) -> ImportResult:
    """Store the busy periods of ``owner`` (an e-mail or member key) from an .ics file.

    ``replace=True`` drops what was imported for this owner before; ``replace=False`` keeps it and only
    replaces events whose UID appears in the new file. Floating times and all-day events are read in the
    file's X-WR-TIMEZONE, else ``zone``. Raises ``UserFacingError`` (calendar.ics_invalid / ics_too_large).
    """
    key = _owner_key(owner)
    moment = now or datetime.now(UTC)
    parsed = await asyncio.to_thread(parse_busy_blocks, ics_bytes, now=moment, zone=zone, horizon_days=horizon_days)
    async with db.session() as session:
        stale = delete(BusyBlock).where(col(BusyBlock.owner) == key, col(BusyBlock.source) == ICS)
        if not replace:
            uids = sorted({block.uid for block in parsed.blocks if block.uid})
            stale = stale.where(or_(col(BusyBlock.uid).in_(uids), col(BusyBlock.start) == col(BusyBlock.end)))
        await session.exec(stale)
        session.add_all(_rows(key, ((b.start, b.end, b.uid) for b in parsed.blocks), ICS, moment))
        session.add(_marker(key, ICS, moment))
    log.info(
        "calendar.ics_imported",
        blocks=len(parsed.blocks),
        events=parsed.events,
        skipped=parsed.skipped,
        unreadable=len(parsed.issues),
        replace=replace,
    )
    return ImportResult(
        count=len(parsed.blocks),
        skipped=parsed.skipped,
        errors=parsed.issues,
        events=parsed.events,
        outside=parsed.outside,
    )


def _owner_key(owner: str) -> str:
    key = person_key(owner)
    if not key or len(key) > _OWNER_MAX:
        raise ValueError(f"calendar owner must be 1–{_OWNER_MAX} characters")
    return key


def _rows(
    owner: str, items: Iterable[tuple[datetime, datetime, str | None]], source: str, now: datetime
) -> list[BusyBlock]:
    return [
        BusyBlock(owner=owner, start=start, end=end, source=source, uid=uid, imported_at=now)
        for start, end, uid in items
    ]


def _marker(owner: str, source: str, now: datetime) -> BusyBlock:
    return BusyBlock(owner=owner, start=now, end=now, source=source, uid=None, imported_at=now)


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _IN_CHUNK):
        yield items[i : i + _IN_CHUNK]
