"""Digest tables: subscriptions (personal and channel), each person's quiet hours, and the channels they follow
(migrations in skills/digest/migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts
from genai_bot.db.types import utc_field

__all__ = ["DigestFollow", "DigestPreference", "DigestSubscription"]


class DigestSubscription(SQLModel, table=True):
    """A digest sent daily or weekly at a local time: to its owner (personal) or to a channel."""

    __tablename__ = "digest_subscriptions"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    owner: str = Field(max_length=128, index=True)
    """Who subscribed (their user id on the platform)."""
    channel_id: str | None = Field(default=None, max_length=64)
    """Set for a channel digest (posted in that channel); None: a personal digest, sent to the owner directly."""
    channel_name: str | None = Field(default=None, max_length=200)
    frequency: str = Field(max_length=10)  # daily | weekly
    weekday: int | None = None
    """0 = Monday … 6 = Sunday, for weekly digests."""
    at_time: str = Field(max_length=5)  # "HH:MM", local to `timezone`
    timezone: str = Field(default="Asia/Tokyo", max_length=64)
    include_holidays: bool = False
    """Also send on weekends, holidays and the year-end closure."""
    active: bool = True
    snoozed_until: datetime | None = utc_field(nullable=True)
    next_due_at: datetime = utc_field(index=True)
    """The next time it falls due (UTC); the per-minute job moves it on."""
    created_at: datetime = _ts()


class DigestPreference(SQLModel, table=True):
    """A person's quiet hours: a digest falling due in them is sent when they end."""

    __tablename__ = "digest_preferences"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    user_id: str = Field(max_length=128)
    quiet_start: str | None = Field(default=None, max_length=5)
    quiet_end: str | None = Field(default=None, max_length=5)
    __table_args__ = (UniqueConstraint("platform", "team_id", "user_id", name="uq_digest_preference"),)


class DigestFollow(SQLModel, table=True):
    """A channel whose short summary a person wants in their digest."""

    __tablename__ = "digest_follows"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    user_id: str = Field(max_length=128, index=True)
    channel_id: str = Field(max_length=64)
    channel_name: str | None = Field(default=None, max_length=200)
    __table_args__ = (UniqueConstraint("platform", "team_id", "user_id", "channel_id", name="uq_digest_follow"),)
