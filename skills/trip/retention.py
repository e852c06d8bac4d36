"""Retention of a trip's free text (a pruner of the daily retention job, see genai_bot.retention).

A trip is a record of a decision: its structured fields (who, where, when, amounts, state, who decided) and the
text the decision rests on (purpose, lodging reason, decision reason) and a filed 出張報告書 are kept for as long as
the office keeps such records. What goes once the trip is over (completed, cancelled or rejected) and untouched for
the retention window: the traveller's working notes, and a report draft that was never filed.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from skills.trip.models import Trip

__all__ = ["prune_trip_text"]

_OVER = ("completed", "cancelled", "rejected")


async def prune_trip_text(session: AsyncSession, older_than: datetime) -> int:
    """Clear the notes (and unfiled report drafts) of trips over and untouched since before `older_than`."""
    over = (col(Trip.state).in_(_OVER), col(Trip.updated_at) < older_than)
    notes = await session.exec(update(Trip).where(*over, col(Trip.notes).is_not(None)).values(notes=None))
    drafts = await session.exec(
        update(Trip)
        .where(*over, col(Trip.report).is_not(None), col(Trip.report_filed_at).is_(None))
        .values(report=None)
    )
    return int(notes.rowcount or 0) + int(drafts.rowcount or 0)
