"""Calendar tables of the core's calendar port: busy blocks imported from .ics files or cached from Graph.

The `busy_blocks` table was created by revision 0002 (committee tables, now kept in skills/committee/migrations)
before the committee skill owned its storage; the model lives here because `genai_bot.calendar.local` uses it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts
from genai_bot.db.types import utc_field


class BusyBlock(SQLModel, table=True):
    """A busy period of a person (by e-mail or member key), imported from .ics or cached from Graph."""

    __tablename__ = "busy_blocks"
    id: int | None = Field(default=None, primary_key=True)
    owner: str = Field(max_length=320)
    start: datetime = utc_field()
    end: datetime = utc_field()
    source: str = Field(default="ics", max_length=20)
    uid: str | None = Field(default=None, max_length=300)
    imported_at: datetime = _ts()
    __table_args__ = (Index("ix_busy_blocks_owner_start", "owner", "start"),)
