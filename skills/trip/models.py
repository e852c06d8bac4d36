"""Trip tables: a business trip (出張) from draft to report, and the approval requests sent for it
(migrations in skills/trip/migrations).

States: draft → submitted → approved | rejected | returned → completed | cancelled. `version` grows with every
change, so a decision made on an old version (a double click, two approvers at once) is recognised and refused.
Amounts are integers in yen.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts
from genai_bot.db.types import utc_field

STATES = ("draft", "submitted", "approved", "rejected", "returned", "completed", "cancelled")


class Trip(SQLModel, table=True):
    __tablename__ = "trips"
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=20)
    team_id: str = Field(max_length=64)
    traveller: str = Field(max_length=128, index=True)
    """The traveller's user id on the platform (a Slack user id, a console name)."""
    traveller_name: str | None = Field(default=None, max_length=200)
    unit: str | None = Field(default=None, max_length=200, index=True)
    """The traveller's unit in the organisation file (its id), when known."""
    grade: str | None = Field(default=None, max_length=64)
    destination: str = Field(max_length=200)
    """As typed (大阪市, Osaka)."""
    prefecture: str | None = Field(default=None, max_length=20)
    """The rate table's prefecture the destination resolved to (大阪府)."""
    purpose: str = Field(sa_column=Column(Text, nullable=False))
    depart: date = Field(sa_column=Column(Date, nullable=False, index=True))
    return_on: date = Field(sa_column=Column(Date, nullable=False, index=True))
    transport: str | None = Field(default=None, max_length=100)
    fare: int | None = None
    """Round-trip fare in yen, as entered."""
    lodging_per_night: int | None = None
    lodging_reason: str | None = Field(default=None, sa_column=Column(Text))
    """Why the lodging is above the cap (required then)."""
    related: str | None = Field(default=None, max_length=300)
    """The related committee or meeting (free text or `committee:<id>`)."""
    budget_code: str | None = Field(default=None, max_length=64)
    estimate_json: str | None = Field(default=None, sa_column=Column(Text))
    """The last estimate: {"nights", "days", "items": [{"name", "amount"}], "total", "currency"}."""
    estimate_total: int | None = None
    state: str = Field(default="draft", max_length=20, index=True)
    version: int = 1
    decided_by: str | None = Field(default=None, max_length=128)
    decision_reason: str | None = Field(default=None, sa_column=Column(Text))
    submitted_at: datetime | None = utc_field(nullable=True)
    decided_at: datetime | None = utc_field(nullable=True)
    notes: str | None = Field(default=None, sa_column=Column(Text))
    """The traveller's notes for the report."""
    report: str | None = Field(default=None, sa_column=Column(Text))
    """The 出張報告書 draft, editable until filed."""
    report_filed_at: datetime | None = utc_field(nullable=True)
    channel_id: str | None = Field(default=None, max_length=64)
    """Where the request was made (replies about it go there or to the traveller's DM)."""
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class TripApproval(SQLModel, table=True):
    """One approval request sent to an approver or delegate for one version of a trip (the DM with buttons)."""

    __tablename__ = "trip_approvals"
    id: int | None = Field(default=None, primary_key=True)
    trip_id: int = Field(
        sa_column=Column(Integer, ForeignKey("trips.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    version: int
    approver: str = Field(max_length=128)
    role: str = Field(default="approver", max_length=20)  # approver | delegate
    channel_id: str | None = Field(default=None, max_length=64)
    message_id: str | None = Field(default=None, max_length=64)
    created_at: datetime = _ts()
