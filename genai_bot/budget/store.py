"""Reading and writing budgets, and this month's spend from `usage_events` (one indexed SUM per budget)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.budget.models import Budget, BudgetWarning
from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent
from genai_bot.org import Organisation

__all__ = [
    "WARN_AT",
    "Month",
    "Spend",
    "all_budgets",
    "budgets_for",
    "lift_budget",
    "mark_warned",
    "month_of",
    "ratio",
    "set_budget",
    "spend_of_budget",
    "spend_of_org",
    "spend_of_user_key",
    "user_budget_ids",
]

WARN_AT = 0.8
"""The share of a budget at which the organisation's admins are told (once a month)."""


@dataclass(frozen=True)
class Month:
    label: str
    """"YYYY-MM" in the local time zone."""
    start: datetime
    """Its first instant (UTC)."""


@dataclass(frozen=True)
class Spend:
    tokens: int
    cost: float


def month_of(now: datetime, timezone: str) -> Month:
    """The calendar month `now` falls in, in `timezone` (GENAI_TIMEZONE)."""
    local = now.astimezone(ZoneInfo(timezone))
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Month(first.strftime("%Y-%m"), first.astimezone(UTC))


def ratio(budget: Budget, spend: Spend) -> float:
    """The larger of the spent shares of the token and the cost limit (0 when neither is set; a zero limit is
    spent at once)."""
    shares = [0.0]
    for limit, used in ((budget.token_limit, float(spend.tokens)), (budget.cost_limit, spend.cost)):
        if limit is not None:
            shares.append(used / limit if limit > 0 else float("inf"))
    return max(shares)


async def _spend(db: Database, where: ColumnElement[bool], since: datetime) -> Spend:
    query = select(
        func.coalesce(func.sum(col(UsageEvent.prompt_tokens) + col(UsageEvent.completion_tokens)), 0),
        func.coalesce(func.sum(col(UsageEvent.cost)), 0.0),
    ).where(where, col(UsageEvent.at) >= since)
    async with db.session() as s:
        tokens, cost = (await s.exec(query)).one()
    return Spend(int(tokens or 0), float(cost or 0.0))


async def spend_of_org(db: Database, organisation: str, since: datetime) -> Spend:
    return await _spend(db, col(UsageEvent.organisation) == organisation, since)


async def spend_of_user_key(db: Database, ids: Iterable[str], since: datetime) -> Spend:
    """The spend of whoever a user budget's key means: a full key, or a user id at the end of one (any of `ids`,
    e.g. a member's ids in the organisation file)."""
    wanted = [i for i in dict.fromkeys(ids) if i]
    escaped = [i.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for i in wanted]
    match = or_(
        col(UsageEvent.user).in_(wanted),
        *(col(UsageEvent.user).like(f"%:{e}", escape="\\") for e in escaped),
    )
    return await _spend(db, match, since)


def user_budget_ids(org: Organisation | None, key: str) -> list[str]:
    """Whom a user budget's key means: the key itself and, for a member of the organisation file, all their ids."""
    member = org.member(key.rsplit(":", 1)[-1]) if org is not None else None
    return [key, *(member.ids if member is not None else ())]


async def spend_of_budget(db: Database, budget: Budget, org: Organisation | None, since: datetime) -> Spend:
    """The spend a budget is measured against, the same for the refusal and the dashboard: the organisation's
    rows, or every call of whoever a user budget means (any platform, any of their ids)."""
    if budget.scope == "org":
        return await spend_of_org(db, budget.key, since)
    return await spend_of_user_key(db, user_budget_ids(org, budget.key), since)


async def budgets_for(db: Database, organisation: str | None, user_ids: Iterable[str]) -> list[Budget]:
    """The budgets that apply to a caller: their organisation's, then their own (any of their ids)."""
    ids = [i for i in dict.fromkeys(user_ids) if i]
    clauses = []
    if organisation:
        clauses.append((col(Budget.scope) == "org") & (col(Budget.key) == organisation))
    if ids:
        clauses.append((col(Budget.scope) == "user") & col(Budget.key).in_(ids))
    if not clauses:
        return []
    async with db.session() as s:
        found = list((await s.exec(select(Budget).where(or_(*clauses)))).all())
    return sorted(found, key=lambda b: b.scope != "org")


async def all_budgets(db: Database) -> list[Budget]:
    async with db.session() as s:
        return list((await s.exec(select(Budget).order_by(col(Budget.scope), col(Budget.key)))).all())


async def set_budget(
    session: AsyncSession, *, scope: str, key: str, tokens: int | None, cost: float | None, by: str, now: datetime
) -> Budget:
    """Create or replace the budget of (scope, key) in `session` (the caller commits)."""
    found = (await session.exec(select(Budget).where(Budget.scope == scope, Budget.key == key))).first()
    budget = found or Budget(scope=scope, key=key, set_by=by)
    budget.token_limit, budget.cost_limit, budget.set_by, budget.updated_at = tokens, cost, by, now
    session.add(budget)
    return budget


async def lift_budget(session: AsyncSession, *, scope: str, key: str) -> Budget | None:
    """Remove the budget of (scope, key) (no limit from now on); the removed one, or None when there was none."""
    found = (await session.exec(select(Budget).where(Budget.scope == scope, Budget.key == key))).first()
    if found is not None:
        await session.delete(found)
    return found


async def mark_warned(db: Database, scope: str, key: str, month: str, now: datetime) -> bool:
    """Remember the 80% warning of (scope, key) for `month`; False when it was already remembered."""
    async with db.session() as s:
        if await s.get(BudgetWarning, (scope, key, month)) is not None:
            return False
        s.add(BudgetWarning(scope=scope, key=key, month=month, at=now))
        try:
            await s.commit()
        except IntegrityError:  # another call won the race (primary key)
            await s.rollback()
            return False
    return True
