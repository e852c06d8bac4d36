"""Feedback tables: one row per AI answer that offered 👍/👎 buttons, and one rating per person per answer.

`ai_answers` records which skill, provider and model produced an answer (never its text) under a short reference
(the buttons' value); `feedback` holds the rating a person gave it (a second click changes their rating).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts

__all__ = ["AIAnswer", "Feedback"]


class AIAnswer(SQLModel, table=True):
    """An AI answer shown with feedback buttons: who asked, where, and what produced it."""

    __tablename__ = "ai_answers"
    ref: str = Field(primary_key=True, max_length=32)
    at: datetime = _ts(index=True)
    user: str | None = Field(default=None, max_length=128)
    organisation: str | None = Field(default=None, max_length=200)
    channel: str | None = Field(default=None, max_length=64)
    skill: str = Field(max_length=50)
    provider: str = Field(max_length=50)
    model: str = Field(max_length=100)


class Feedback(SQLModel, table=True):
    """A person's 👍 (`up`) or 👎 (`down`) on an answer, with an optional reason."""

    __tablename__ = "feedback"
    id: int | None = Field(default=None, primary_key=True)
    answer_ref: str = Field(max_length=32)
    user: str = Field(max_length=128)
    rating: str = Field(max_length=8)
    reason: str | None = Field(default=None, max_length=1000)
    skill: str = Field(max_length=50)
    provider: str = Field(max_length=50)
    model: str = Field(max_length=100)
    organisation: str | None = Field(default=None, max_length=200)
    created_at: datetime = _ts()
    updated_at: datetime = _ts()
    __table_args__ = (
        ForeignKeyConstraint(["answer_ref"], ["ai_answers.ref"]),
        UniqueConstraint("answer_ref", "user", name="uq_feedback_answer_user"),
        Index("ix_feedback_org_created", "organisation", "created_at"),
        Index("ix_feedback_created", "created_at"),
    )
