"""Committee tables: committees, members, meetings, polls and votes (migrations in skills/committee/migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts
from genai_bot.db.types import utc_field


def _fk(target: str, *, index: bool = True) -> int:
    return Field(sa_column=Column(Integer, ForeignKey(target, ondelete="CASCADE"), nullable=False, index=index))  # type: ignore[no-any-return]


class Committee(SQLModel, table=True):
    __tablename__ = "committees"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    name: str = Field(max_length=200)
    description: str | None = Field(default=None, sa_column=Column(Text))
    channel_id: str | None = Field(default=None, max_length=64)
    channel_private: bool | None = None
    """The channel is private (members only): then so is the committee. None: not known yet (see privacy.py)."""
    organisation: str | None = Field(default=None, max_length=200)
    timezone: str = Field(default="Asia/Tokyo", max_length=64)
    status: str = Field(default="active", max_length=20)  # active | archived
    created_by: str = Field(max_length=128)
    created_at: datetime = _ts()
    __table_args__ = (UniqueConstraint("platform", "team_id", "name", name="uq_committee_name"),)


class CommitteeMember(SQLModel, table=True):
    """A Slack user (user_id) or an external person (name + email, no user_id)."""

    __tablename__ = "committee_members"
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = _fk("committees.id")
    user_id: str | None = Field(default=None, max_length=64)
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    organisation: str | None = Field(default=None, max_length=200)
    role: str = Field(default="member", max_length=20)  # chair | member | secretariat | observer
    required: bool = True
    timezone: str | None = Field(default=None, max_length=64)
    working_start: str | None = Field(default=None, max_length=5)  # "HH:MM"
    working_end: str | None = Field(default=None, max_length=5)
    created_at: datetime = _ts()
    __table_args__ = (
        UniqueConstraint("committee_id", "user_id", name="uq_member_user"),
        UniqueConstraint("committee_id", "email", name="uq_member_email"),
    )


class Meeting(SQLModel, table=True):
    __tablename__ = "meetings"
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = _fk("committees.id")
    title: str = Field(max_length=200)
    status: str = Field(default="planning", max_length=20)  # planning | polling | confirmed | cancelled | held
    duration_minutes: int = 60
    start: datetime | None = utc_field(nullable=True)
    end: datetime | None = utc_field(nullable=True)
    location: str | None = Field(default=None, max_length=300)
    channel_id: str | None = Field(default=None, max_length=64)
    agenda_thread_id: str | None = Field(default=None, max_length=64)
    calendar_event_id: str | None = Field(default=None, max_length=300)
    minutes_draft: str | None = Field(default=None, sa_column=Column(Text))
    created_by: str = Field(max_length=128)
    created_at: datetime = _ts()


class Poll(SQLModel, table=True):
    __tablename__ = "polls"
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = _fk("meetings.id")
    channel_id: str | None = Field(default=None, max_length=64)
    message_id: str | None = Field(default=None, max_length=64)
    deadline: datetime | None = utc_field(nullable=True)
    status: str = Field(default="open", max_length=20)  # open | closed
    chosen_option_id: int | None = None
    created_at: datetime = _ts()


class PollOption(SQLModel, table=True):
    __tablename__ = "poll_options"
    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = _fk("polls.id")
    position: int
    start: datetime = utc_field()
    end: datetime = utc_field()


class Vote(SQLModel, table=True):
    """One member's answer for one option: yes (○), maybe (△) or no (×). Re-voting updates the row."""

    __tablename__ = "votes"
    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = _fk("polls.id")
    option_id: int = _fk("poll_options.id", index=False)
    member_id: int = _fk("committee_members.id", index=False)
    answer: str = Field(max_length=5)
    updated_at: datetime = _ts()
    __table_args__ = (UniqueConstraint("option_id", "member_id", name="uq_vote_option_member"),)
