"""Budget tables: a monthly limit per organisation or user, and the 80% warnings already sent (one per month)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from genai_bot.db.models import _ts

__all__ = ["SCOPES", "Budget", "BudgetWarning"]

SCOPES = ("org", "user")


class Budget(SQLModel, table=True):
    """A monthly limit, in tokens (prompt + completion) and/or cost (the unit of GENAI_LLM_PRICES); the month is
    the calendar month in GENAI_TIMEZONE. `key` is an organisation unit id (scope "org") or a user id (scope
    "user": a Slack user id, console name, e-mail, or a full "platform:team:user" key)."""

    __tablename__ = "budgets"
    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=10)
    key: str = Field(max_length=200)
    token_limit: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))
    cost_limit: float | None = None
    set_by: str = Field(max_length=200)
    updated_at: datetime = _ts()
    __table_args__ = (UniqueConstraint("scope", "key", name="uq_budget_scope_key"),)


class BudgetWarning(SQLModel, table=True):
    """The 80% warning for a budget in a month ("YYYY-MM"), sent once."""

    __tablename__ = "budget_warnings"
    scope: str = Field(max_length=10, primary_key=True)
    key: str = Field(max_length=200, primary_key=True)
    month: str = Field(max_length=7, primary_key=True)
    at: datetime = _ts()
