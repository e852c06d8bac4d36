"""What the summarize skill keeps in the database: when each user last caught up on a channel (the default
start of their next summary), and requests that failed because the LLM was down (so a retry is not lost)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from genai_bot.db import Database
from genai_bot.db.models import ChannelVisit, PendingRequest
from genai_bot.messages import Person, Room
from skills.summarize.transcript import aware

VERB = "summarize"


async def last_visit(db: Database, person: Person, channel_id: str) -> datetime | None:
    query = select(ChannelVisit.last_seen_at).where(
        ChannelVisit.platform == person.platform, ChannelVisit.team_id == person.team_id,
        ChannelVisit.user_id == person.user_id, ChannelVisit.channel_id == channel_id,
    )
    async with db.session() as s:
        seen = (await s.exec(query)).first()
    return aware(seen) if seen is not None else None


async def record_visit(db: Database, person: Person, channel_id: str, at: datetime) -> None:
    """Upsert the visit in one statement (safe when two instances race); it never moves backwards."""
    dialect = postgresql if db.dialect == "postgresql" else sqlite
    at = at.astimezone(UTC)
    insert = dialect.insert(ChannelVisit).values(
        platform=person.platform, team_id=person.team_id, user_id=person.user_id, channel_id=channel_id,
        last_seen_at=at,
    )
    upsert = insert.on_conflict_do_update(
        index_elements=["platform", "team_id", "user_id", "channel_id"],
        set_={"last_seen_at": insert.excluded.last_seen_at},
        where=col(ChannelVisit.last_seen_at) < insert.excluded.last_seen_at,
    )
    async with db.session() as s:
        await s.exec(upsert)


async def keep_pending(db: Database, person: Person, room: Room, args: str) -> None:
    """Record a request that could not be served (once, however often it fails)."""
    async with db.session() as s:
        existing = (await s.exec(_pending(person, room.channel_id, args))).first()
        if existing is None:
            s.add(PendingRequest(platform=person.platform, team_id=person.team_id, user_id=person.user_id,
                                 channel_id=room.channel_id, thread_id=room.thread_id, verb=VERB, args=args))


async def settle_pending(db: Database, person: Person, channel_id: str, args: str) -> None:
    """Mark the same request as done after it succeeded (typically from its "retry" button)."""
    statement = update(PendingRequest).where(
        col(PendingRequest.platform) == person.platform, col(PendingRequest.team_id) == person.team_id,
        col(PendingRequest.user_id) == person.user_id, col(PendingRequest.channel_id) == channel_id,
        col(PendingRequest.verb) == VERB, col(PendingRequest.args) == args, col(PendingRequest.status) == "pending",
    ).values(status="done")
    async with db.session() as s:
        await s.exec(statement)


def _pending(person: Person, channel_id: str, args: str) -> SelectOfScalar[PendingRequest]:
    return select(PendingRequest).where(
        PendingRequest.platform == person.platform, PendingRequest.team_id == person.team_id,
        PendingRequest.user_id == person.user_id, PendingRequest.channel_id == channel_id,
        PendingRequest.verb == VERB, PendingRequest.args == args, PendingRequest.status == "pending",
    )
