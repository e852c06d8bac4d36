"""What the summarize skill keeps in the database: when each user last caught up on a channel (the default
start of their next summary). Requests that failed because the LLM was down are kept by `genai_bot.pending`."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from genai_bot.db import Database
from genai_bot.db.models import ChannelVisit
from genai_bot.messages import Person


async def last_visit(db: Database, person: Person, channel_id: str) -> datetime | None:
    query = select(ChannelVisit.last_seen_at).where(
        ChannelVisit.platform == person.platform,
        ChannelVisit.team_id == person.team_id,
        ChannelVisit.user_id == person.user_id,
        ChannelVisit.channel_id == channel_id,
    )
    async with db.session() as s:
        seen = (await s.exec(query)).first()
    return seen


async def record_visit(db: Database, person: Person, channel_id: str, at: datetime) -> None:
    """Upsert the visit in one statement (safe when two instances race); it never moves backwards."""
    dialect = postgresql if db.dialect == "postgresql" else sqlite
    at = at.astimezone(UTC)
    insert = dialect.insert(ChannelVisit).values(
        platform=person.platform,
        team_id=person.team_id,
        user_id=person.user_id,
        channel_id=channel_id,
        last_seen_at=at,
    )
    upsert = insert.on_conflict_do_update(
        index_elements=["platform", "team_id", "user_id", "channel_id"],
        set_={"last_seen_at": insert.excluded.last_seen_at},
        where=col(ChannelVisit.last_seen_at) < insert.excluded.last_seen_at,
    )
    async with db.session() as s:
        await s.exec(upsert)
