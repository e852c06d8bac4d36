"""Calendar tables of the core's calendar port: busy blocks imported from .ics files or cached from Graph.

The `busy_blocks` table was created by revision 0002 (committee tables, now kept in skills/committee/migrations)
before the committee skill owned its storage; the model lives here because `genai_bot.calendar.local` uses it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts
from genai_bot.db.types import UTCDateTime


def _when() -> datetime:
    return Field(sa_column=Column(UTCDateTime(), nullable=False))  # type: ignore[no-any-return]


class BusyBlock(SQLModel, table=True):
    """A busy period of a person (by e-mail or member key), imported from .ics or cached from Graph."""

    __tablename__ = "busy_blocks"
    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=320)
    start: datetime = _when()
    end: datetime = _when()
    source: str = Field(default="ics", max_length=20)
    uid: str | None = Field(default=None, max_length=300)
    imported_at: datetime = _ts()
    __table_args__ = (Index("ix_busy_blocks_owner_start", "owner", "start"),)
