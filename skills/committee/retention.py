"""Retention of the committee's free text (a pruner of the daily retention job, see genai_bot.retention).

The minutes draft the bot wrote from a meeting's discussion is the committee's only stored copy of message text;
once the meeting is over (held or cancelled) and it started before the retention window, the draft is cleared (the
secretariat files the final minutes elsewhere). Committees, members, meetings, polls and votes — structured
records without message text — are kept.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from skills.committee.models import Meeting

__all__ = ["prune_minutes_drafts"]

_OVER = ("held", "cancelled")


async def prune_minutes_drafts(session: AsyncSession, older_than: datetime) -> int:
    """Clear the minutes drafts of meetings over and begun (or, never scheduled, created) before `older_than`."""
    when = col(Meeting.start).is_not(None) & (col(Meeting.start) < older_than)
    unscheduled = col(Meeting.start).is_(None) & (col(Meeting.created_at) < older_than)
    result = await session.exec(
        update(Meeting)
        .where(
            col(Meeting.status).in_(("held", "cancelled")), when | unscheduled, col(Meeting.minutes_draft).is_not(None)
        )
        .values(minutes_draft=None)
    )
    return int(result.rowcount or 0)
