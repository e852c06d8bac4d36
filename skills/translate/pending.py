"""Translation requests kept in `pending_requests` when the LLM could not serve them, so "Retry" can run them.

One row per person and request text: failing again reuses the row; a successful translation of the same text
marks it done.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from genai_bot.db import Database
from genai_bot.db.models import PendingRequest
from genai_bot.messages import Person, Room

VERB = "translate"
PENDING, DONE = "pending", "done"


async def record_pending(db: Database, person: Person, room: Room, args: str) -> int:
    """Keep the request (or find it kept already); returns its id."""
    async with db.session() as s:
        query = _mine(person).where(PendingRequest.args == args, PendingRequest.status == PENDING)
        row = (await s.exec(query)).first()
        if row is None:
            row = PendingRequest(platform=person.platform, team_id=person.team_id, user_id=person.user_id,
                                 channel_id=room.channel_id, thread_id=room.thread_id, verb=VERB, args=args)
            s.add(row)
            await s.flush()
        assert row.id is not None
        return row.id


async def load_pending(db: Database, person: Person, request_id: int) -> PendingRequest | None:
    """The person's own pending request with this id, or None (unknown, done, or someone else's)."""
    async with db.session() as s:
        query = _mine(person).where(PendingRequest.id == request_id, PendingRequest.status == PENDING)
        return (await s.exec(query)).first()


async def complete_pending(db: Database, person: Person, args: str) -> int:
    """Mark the person's pending requests for `args` done; returns how many there were."""
    async with db.session() as s:
        result = await s.exec(
            update(PendingRequest)
            .where(
                col(PendingRequest.platform) == person.platform,
                col(PendingRequest.team_id) == person.team_id,
                col(PendingRequest.user_id) == person.user_id,
                col(PendingRequest.verb) == VERB,
                col(PendingRequest.args) == args,
                col(PendingRequest.status) == PENDING,
            )
            .values(status=DONE)
        )
        return int(result.rowcount or 0)


def _mine(person: Person) -> SelectOfScalar[PendingRequest]:
    return select(PendingRequest).where(
        PendingRequest.platform == person.platform,
        PendingRequest.team_id == person.team_id,
        PendingRequest.user_id == person.user_id,
        PendingRequest.verb == VERB,
    )
