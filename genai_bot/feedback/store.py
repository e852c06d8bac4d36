"""Storage of answers offered feedback and of the ratings given: one rating per person per answer."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db.engine import Database
from genai_bot.db.feedback_models import AIAnswer, Feedback

__all__ = [
    "REASON_LIMIT",
    "AnswerFacts",
    "Rated",
    "Rating",
    "find_answer",
    "new_ref",
    "prune_feedback_reasons",
    "rate",
    "save_answer",
]

Rating = Literal["up", "down"]
REASON_LIMIT = 1000


@dataclass(frozen=True)
class AnswerFacts:
    user: str | None
    organisation: str | None
    channel: str | None
    skill: str
    provider: str
    model: str


@dataclass(frozen=True)
class Rated:
    """What a click did: the rating now held, the one it replaced (None: the first), and the answer's facts."""

    rating: Rating
    previous: Rating | None
    reason: str | None
    answer: AIAnswer


def new_ref() -> str:
    """A short reference for an answer (the buttons' value; typed on the console)."""
    return secrets.token_hex(5)


async def save_answer(db: Database, facts: AnswerFacts, at: datetime) -> str:
    ref = new_ref()
    async with db.session() as s:
        s.add(
            AIAnswer(
                ref=ref,
                at=at,
                user=facts.user,
                organisation=facts.organisation,
                channel=facts.channel,
                skill=facts.skill[:50],
                provider=facts.provider[:50],
                model=facts.model[:100],
            )
        )
    return ref


async def find_answer(db: Database, ref: str) -> AIAnswer | None:
    async with db.session() as s:
        return await s.get(AIAnswer, ref)


async def rate(
    db: Database, answer: AIAnswer, user: str, rating: Rating, reason: str | None, at: datetime, *, keep_reason: bool
) -> Rated:
    """Record `user`'s rating of `answer` (replacing theirs, if any). With `keep_reason`, an earlier reason stays
    when none is given (a 👎 click after the reason form was sent). Two first clicks at once: the second one finds
    the first's row and changes it."""
    reason = (reason or "").strip()[:REASON_LIMIT] or None
    try:
        return await _rate_once(db, answer, user, rating, reason, at, keep_reason)
    except IntegrityError:
        return await _rate_once(db, answer, user, rating, reason, at, keep_reason)


async def _rate_once(
    db: Database, answer: AIAnswer, user: str, rating: Rating, reason: str | None, at: datetime, keep_reason: bool
) -> Rated:
    async with db.session() as s:
        query = select(Feedback).where(Feedback.answer_ref == answer.ref, Feedback.user == user)
        row = (await s.exec(query)).first()
        previous: Rating | None = None
        if row is None:
            row = Feedback(
                answer_ref=answer.ref,
                user=user,
                rating=rating,
                reason=reason,
                skill=answer.skill,
                provider=answer.provider,
                model=answer.model,
                organisation=answer.organisation,
                created_at=at,
                updated_at=at,
            )
        else:
            previous = "up" if row.rating == "up" else "down"
            if rating == "up":
                row.reason = None
            elif reason is not None or not keep_reason or previous == "up":
                row.reason = reason
            row.rating = rating
            row.updated_at = at
        s.add(row)
        held = row.reason
    return Rated(rating, previous, held, answer)


async def prune_feedback_reasons(session: AsyncSession, older_than: datetime) -> int:
    """Retention (GENAI_RETENTION_DAYS): a reason is text a person wrote; it goes, the rating stays counted."""
    result = await session.exec(
        update(Feedback)
        .where(col(Feedback.updated_at) < older_than, col(Feedback.reason).is_not(None))
        .values(reason=None)
    )
    return int(result.rowcount or 0)
