"""Inbound event de-duplication, persisted so it holds across restarts and across instances.

The primary key on processed_events.event_id is the arbiter: the first instance to insert an id wins.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import col

from genai_bot.db import Database
from genai_bot.db.models import ProcessedEvent, utcnow


async def claim_event(db: Database, event_id: str) -> bool:
    """True the first time `event_id` is seen (the caller should handle it), False for every repeat.

    Every request the bot handles makes this claim, so it is one plain INSERT (no ORM object, no unit of work)."""
    try:
        async with db.engine.begin() as conn:
            await conn.execute(insert(ProcessedEvent).values(event_id=event_id, received_at=utcnow()))
    except IntegrityError:
        return False
    return True


async def prune_events(db: Database, older_than: timedelta = timedelta(days=3), now: datetime | None = None) -> int:
    """Forget ids older than Slack's retry horizon; returns how many rows went."""
    cutoff = (now or utcnow()) - older_than
    async with db.session() as s:
        result = await s.exec(delete(ProcessedEvent).where(col(ProcessedEvent.received_at) < cutoff))
        return int(result.rowcount or 0)
