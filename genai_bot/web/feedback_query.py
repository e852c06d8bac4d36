"""👍/👎 feedback aggregated in SQL for the dashboard: counts and 👍 share per skill and per provider/model over
local days (the usage filter: `from`/`to` inclusive in GENAI_TIMEZONE, optional organisation), and the latest
reasons given with a 👎. A rating counts on the day it was first given. The viewer's scope (`allowed_org`) is a
condition of every query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, and_, case, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from genai_bot.db.engine import Database
from genai_bot.db.feedback_models import Feedback
from genai_bot.web.usage_query import UsageFilter

__all__ = ["FeedbackGroup", "FeedbackReport", "Reason", "feedback_report", "local_day"]

_F = Feedback.__table__.c  # type: ignore[attr-defined]
_REASONS = 20


@dataclass(frozen=True)
class FeedbackGroup:
    key: str
    """The skill, or "provider/model"."""
    up: int
    down: int
    reasons: int
    provider: str | None = None
    model: str | None = None

    @property
    def ratings(self) -> int:
        return self.up + self.down

    @property
    def up_share(self) -> float | None:
        """👍 among all ratings (None when there are none)."""
        return self.up / self.ratings if self.ratings else None

    def to_json(self) -> dict[str, Any]:
        share = self.up_share
        return {
            "key": self.key,
            **({"provider": self.provider, "model": self.model} if self.model is not None else {}),
            "ratings": self.ratings,
            "up": self.up,
            "down": self.down,
            "up_share": None if share is None else round(share, 4),
            "reasons": self.reasons,
        }


@dataclass(frozen=True)
class Reason:
    at: datetime
    skill: str
    provider: str
    model: str
    reason: str


@dataclass(frozen=True)
class FeedbackReport:
    filter: UsageFilter
    totals: FeedbackGroup
    by_skill: list[FeedbackGroup]
    by_model: list[FeedbackGroup]
    reasons: list[Reason]


async def feedback_report(db: Database, flt: UsageFilter) -> FeedbackReport:
    async with db.engine.connect() as conn:
        totals = await _grouped(conn, flt, ())
        by_skill = await _grouped(conn, flt, (_F.skill,))
        by_model = await _grouped(conn, flt, (_F.provider, _F.model))
        reasons = await _reasons(conn, flt)
    total = totals[0] if totals else FeedbackGroup("all", 0, 0, 0)
    return FeedbackReport(flt, total, by_skill, by_model, reasons)


def _where(flt: UsageFilter) -> ColumnElement[bool]:
    zone = ZoneInfo(flt.timezone)
    lo = datetime.combine(flt.start, time.min, zone).astimezone(UTC)
    hi = datetime.combine(flt.end + timedelta(days=1), time.min, zone).astimezone(UTC)
    conditions = [_F.created_at >= lo, _F.created_at < hi]
    if flt.allowed_org is not None:
        conditions.append(_F.organisation == flt.allowed_org)
    if flt.organisation is not None:
        conditions.append(_F.organisation == flt.organisation)
    return and_(*conditions)


def _count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(sql_cast(case((condition, 1), else_=0), Integer)), 0)


async def _grouped(conn: AsyncConnection, flt: UsageFilter, keys: tuple[Any, ...]) -> list[FeedbackGroup]:
    up, down = _count(_F.rating == "up"), _count(_F.rating == "down")
    reasons = _count(and_(_F.rating == "down", _F.reason.is_not(None)))
    query = select(*keys, up.label("up"), down.label("down"), reasons.label("reasons")).where(_where(flt))
    if keys:
        query = query.group_by(*keys).order_by(func.count().desc(), *keys)
    groups = []
    for row in (await conn.execute(query)).all():
        figures = int(row.up), int(row.down), int(row.reasons)
        if len(keys) == 2:
            name = f"{row.provider}/{row.model}"
            groups.append(FeedbackGroup(name, *figures, provider=row.provider, model=row.model))
        elif keys:
            groups.append(FeedbackGroup(str(row.skill), *figures))
        elif sum(figures):
            groups.append(FeedbackGroup("all", *figures))
    return groups


async def _reasons(conn: AsyncConnection, flt: UsageFilter) -> list[Reason]:
    query = (
        select(_F.updated_at, _F.skill, _F.provider, _F.model, _F.reason)
        .where(_where(flt), _F.rating == "down", _F.reason.is_not(None))
        .order_by(_F.updated_at.desc(), _F.id.desc())
        .limit(_REASONS)
    )
    return [Reason(r.updated_at, r.skill, r.provider, r.model, r.reason) for r in (await conn.execute(query)).all()]


def local_day(at: datetime, zone: str) -> date:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(zone)).date()
