"""Core tables. Every change here needs an Alembic migration in genai_bot/db/migrations/versions/."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from genai_bot.db.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(**kw: Any) -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, **kw))


class User(SQLModel, table=True):
    """A person as seen from one platform, with their preferences."""

    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    external_id: str = Field(max_length=64)
    display_name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    language: str = Field(default="ja", max_length=5)
    timezone: str = Field(default="Asia/Tokyo", max_length=64)
    organisation: str | None = Field(default=None, max_length=200)
    created_at: datetime = _ts()
    last_seen_at: datetime = _ts()
    __table_args__ = (UniqueConstraint("platform", "team_id", "external_id", name="uq_user_external"),)


class ProcessedEvent(SQLModel, table=True):
    """Inbound event ids already handled: Slack retries (same event_id) are processed once."""

    __tablename__ = "processed_events"
    event_id: str = Field(primary_key=True, max_length=128)
    received_at: datetime = _ts(index=True)


class AuditEntry(SQLModel, table=True):
    """Append-only record of every state change: who did what to which thing."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts(index=True)
    actor: str = Field(max_length=128)
    organisation: str | None = Field(default=None, max_length=200)
    action: str = Field(max_length=100, index=True)
    target: str | None = Field(default=None, max_length=200)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ChannelMessage(SQLModel, table=True):
    """Messages the bot keeps: console channel history and conversation memory (with retention)."""

    __tablename__ = "channel_messages"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    channel_id: str = Field(max_length=64)
    thread_id: str | None = Field(default=None, max_length=64)
    author: str = Field(max_length=128)
    is_bot: bool = False
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _ts()
    __table_args__ = (Index("ix_channel_messages_channel", "platform", "channel_id", "created_at"),)


class ChannelSetting(SQLModel, table=True):
    """Per-channel settings: the confidentiality classification, the language of the bot's posts there, AI off."""

    __tablename__ = "channel_settings"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    channel_id: str = Field(max_length=64)
    classification: int | None = None
    language: str | None = Field(default=None, max_length=5)
    ai_off: bool | None = None
    """True when an administrator switched AI features off in the channel (None or False: on)."""
    updated_at: datetime = _ts()
    __table_args__ = (UniqueConstraint("platform", "team_id", "channel_id", name="uq_channel_setting"),)


class UsageEvent(SQLModel, table=True):
    """One LLM call, for the usage dashboard and cost accounting."""

    __tablename__ = "usage_events"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _ts(index=True)
    user: str | None = Field(default=None, max_length=128)
    organisation: str | None = Field(default=None, max_length=200, index=True)
    channel: str | None = Field(default=None, max_length=64)
    skill: str = Field(max_length=50)
    provider: str = Field(max_length=50)
    model: str = Field(max_length=100)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_ms: int = 0
    cost: float = 0.0
    success: bool = True
    error: str | None = Field(default=None, max_length=200)
    __table_args__ = (
        # the dashboard's filters: a date range, alone or within one organisation, skill or provider/model
        Index("ix_usage_events_org_at", "organisation", "at"),
        Index("ix_usage_events_skill_at", "skill", "at"),
        Index("ix_usage_events_model_at", "provider", "model", "at"),
        Index("ix_usage_events_user_at", "user", "at"),  # a user's spend this month (budgets)
    )


class OutboxMessage(SQLModel, table=True):
    """A message due at a time (reminder, digest, a reply owed). Claimed with SKIP LOCKED under a lease; sent once."""

    __tablename__ = "outbox"
    id: int | None = Field(default=None, primary_key=True)
    dedup_key: str = Field(max_length=200, unique=True)
    due_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    kind: str = Field(max_length=50)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=20, index=True)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=100)
    claimed_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    first_attempt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    """When a delivery first began (never cleared): set, the message may already be out, so a later attempt looks
    for it in the chat before sending again (and no further back than this)."""
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime()))
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = _ts()


class ChannelVisit(SQLModel, table=True):
    """When a user last caught up on a channel (their last summary there): the default start of the next one."""

    __tablename__ = "channel_visits"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    user_id: str = Field(max_length=64)
    channel_id: str = Field(max_length=64)
    last_seen_at: datetime = _ts()
    __table_args__ = (UniqueConstraint("platform", "team_id", "user_id", "channel_id", name="uq_channel_visit"),)


class PendingRequest(SQLModel, table=True):
    """A request kept when it could not be served (LLM down), so a "retry" button can run it again."""

    __tablename__ = "pending_requests"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    user_id: str = Field(max_length=64)
    channel_id: str = Field(max_length=64)
    thread_id: str | None = Field(default=None, max_length=64)
    verb: str = Field(max_length=50)
    args: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=20)  # pending | done
    created_at: datetime = _ts()


class SlackPace(SQLModel, table=True):
    """The schedule of one outgoing-call budget shared by every instance (see genai_bot.pacing): the next free
    moment, in epoch seconds."""

    __tablename__ = "slack_pace"
    key: str = Field(primary_key=True, max_length=100)
    next_at: float
