"""Usage analytics over `usage_events`, aggregated in SQL (SQLAlchemy Core; every value a bound parameter).

One question: which calls fell between two local days (inclusive, in GENAI_TIMEZONE), optionally in one
organisation, grouped by organisation, skill, provider/model or day. Each group gets calls, distinct active users,
prompt/completion tokens, estimated cost, latency p50/p95 (percentile_cont on PostgreSQL; the same interpolation
from window functions on SQLite) and the error rate. Active users daily/weekly/monthly are counted as of the last
day. An organisation admin's scope (`allowed_org`) is a condition of every query: their rows are the only rows read.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeVar, cast, get_args
from zoneinfo import ZoneInfo

from sqlalchemy import Date, Float, Integer, and_, case, func, literal, select, true
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent
from genai_bot.web.usage_pg import pg_measures

__all__ = [
    "GROUPS",
    "ActiveUsers",
    "Dashboard",
    "GroupBy",
    "Measures",
    "UsageFilter",
    "UsageGroup",
    "UsageReport",
    "dashboard",
    "usage_report",
]

GroupBy = Literal["org", "skill", "model", "day"]
GROUPS: tuple[GroupBy, ...] = get_args(GroupBy)
_PERCENTILES = (0.5, 0.95)
_R = TypeVar("_R")
_T = UsageEvent.__table__.c  # type: ignore[attr-defined]


@dataclass(frozen=True)
class UsageFilter:
    start: date
    """First local day (inclusive)."""
    end: date
    """Last local day (inclusive)."""
    organisation: str | None = None
    """Only this organisation (the `org=` filter)."""
    allowed_org: str | None = None
    """The viewer's scope: None sees every organisation; else only this one, whatever `organisation` asks."""
    timezone: str = "Asia/Tokyo"


@dataclass(frozen=True)
class Measures:
    calls: int = 0
    active_users: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    errors: int = 0
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def error_rate(self) -> float:
        return self.errors / self.calls if self.calls else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "active_users": self.active_users,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "tokens": self.tokens,
            "cost": round(self.cost, 6),
            "latency_p50_ms": _round(self.latency_p50_ms),
            "latency_p95_ms": _round(self.latency_p95_ms),
            "errors": self.errors,
            "error_rate": round(self.error_rate, 6),
        }


@dataclass(frozen=True)
class UsageGroup:
    key: str | None
    """Organisation id, skill, "provider/model" or ISO day; None for rows with no organisation."""
    measures: Measures
    provider: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class ActiveUsers:
    as_of: date
    daily: int
    weekly: int
    monthly: int


@dataclass(frozen=True)
class UsageReport:
    filter: UsageFilter
    group_by: GroupBy
    groups: list[UsageGroup]
    totals: Measures
    active: ActiveUsers


@dataclass(frozen=True)
class Dashboard:
    filter: UsageFilter
    totals: Measures
    active: ActiveUsers
    by: dict[GroupBy, list[UsageGroup]]
    organisations: list[str] = field(default_factory=list)
    """The organisations the viewer may pick (in their scope, with usage in the period)."""


async def usage_report(db: Database, flt: UsageFilter, group_by: GroupBy) -> UsageReport:
    """What the API and the CSV give for `flt`, grouped by `group_by`, with the totals and active users."""
    if group_by not in GROUPS:
        raise ValueError(f"unknown group_by {group_by!r}")
    if db.dialect == "postgresql":  # every scan at once, each on its own connection (see usage_pg)
        groups, totals, active = await asyncio.gather(
            _pg_grouped(db, flt, group_by),
            _pg_grouped(db, flt, None),
            _on_connection(db, lambda c: _active_users(c, flt)),
        )
    else:
        async with db.engine.connect() as conn:
            groups = await _grouped(conn, flt, group_by)
            totals = await _grouped(conn, flt, None)
            active = await _active_users(conn, flt)
    return UsageReport(flt, group_by, groups, totals[0].measures if totals else Measures(), active)


async def _on_connection(db: Database, work: Callable[[AsyncConnection], Awaitable[_R]]) -> _R:
    async with db.engine.connect() as conn:
        return await work(conn)


async def dashboard(db: Database, flt: UsageFilter) -> Dashboard:
    """Every grouping at once (the dashboard page)."""
    if db.dialect == "postgresql":
        grouped = await asyncio.gather(*[_pg_grouped(db, flt, group_by) for group_by in (*GROUPS, None)])
        active, organisations = await asyncio.gather(
            _on_connection(db, lambda c: _active_users(c, flt)),
            _on_connection(db, lambda c: _organisations(c, flt)),
        )
        by = dict(zip(GROUPS, grouped[:-1], strict=True))
        totals = grouped[-1]
    else:
        async with db.engine.connect() as conn:
            by = {group_by: await _grouped(conn, flt, group_by) for group_by in GROUPS}
            totals = await _grouped(conn, flt, None)
            active = await _active_users(conn, flt)
            organisations = await _organisations(conn, flt)
    return Dashboard(flt, totals[0].measures if totals else Measures(), active, by, organisations)


# --- the WHERE clause: the viewer's scope is always part of it ---


def _bounds(flt: UsageFilter, start: date, end: date) -> tuple[datetime, datetime]:
    zone = ZoneInfo(flt.timezone)
    lo = datetime.combine(start, time.min, zone).astimezone(UTC)
    hi = datetime.combine(end + timedelta(days=1), time.min, zone).astimezone(UTC)
    return lo, hi


def _scope(flt: UsageFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if flt.allowed_org is not None:
        conditions.append(_T.organisation == flt.allowed_org)
    if flt.organisation is not None:
        conditions.append(_T.organisation == flt.organisation)
    return conditions


def _where(flt: UsageFilter, start: date | None = None) -> ColumnElement[bool]:
    lo, hi = _bounds(flt, start or flt.start, flt.end)
    return and_(_T.at >= lo, _T.at < hi, *_scope(flt))


# --- grouping keys ---


def _local_day(flt: UsageFilter, postgres: bool) -> ColumnElement[Any]:
    offset = _fixed_offset(flt)
    if postgres:
        if offset is None:  # daylight saving in the range: the zone's rules, row by row
            return sql_cast(func.timezone(flt.timezone, _T.at), Date)
        return sql_cast(func.timezone("UTC", _T.at) + offset, Date)  # a third cheaper than a named zone
    # SQLite stores naive UTC text: shift by the zone's offset (fixed for zones without daylight saving, such as
    # Asia/Tokyo; otherwise the offset at the range's start).
    shift = offset if offset is not None else _offset_on(flt, flt.start)
    minutes = int(shift.total_seconds() // 60)
    return func.date(_T.at, f"{minutes:+d} minutes")


def _offset_on(flt: UsageFilter, day: date) -> timedelta:
    return datetime.combine(day, time(12), ZoneInfo(flt.timezone)).utcoffset() or timedelta(0)


def _fixed_offset(flt: UsageFilter) -> timedelta | None:
    """The zone's one UTC offset over the range (every day checked), or None when it changes (daylight saving)."""
    days = (flt.end - flt.start).days + 2
    offsets = {_offset_on(flt, flt.start + timedelta(days=n)) for n in range(-1, days)}
    return offsets.pop() if len(offsets) == 1 else None


def _keys(flt: UsageFilter, group_by: GroupBy | None, postgres: bool) -> list[ColumnElement[Any]]:
    if group_by is None:
        return []
    if group_by == "org":
        return [_T.organisation.label("k")]
    if group_by == "skill":
        return [_T.skill.label("k")]
    if group_by == "model":
        return [_T.provider.label("k"), _T.model.label("k2")]
    return [_local_day(flt, postgres).label("k")]


# --- measures ---


async def _grouped(conn: AsyncConnection, flt: UsageFilter, group_by: GroupBy | None) -> list[UsageGroup]:
    """SQLite: one scan for the measures, one for the percentiles (window functions)."""
    keys = _keys(flt, group_by, False)
    columns: list[ColumnElement[Any]] = [
        func.count().label("calls"),
        func.count(func.distinct(_T.user)).label("users"),
        func.coalesce(func.sum(_T.prompt_tokens), 0).label("prompt"),
        func.coalesce(func.sum(_T.completion_tokens), 0).label("completion"),
        func.coalesce(func.sum(_T.cost), 0.0).label("cost"),
        func.coalesce(func.sum(case((_T.success == true(), 0), else_=1)), 0).label("errors"),
    ]
    query = select(*keys, *columns).where(_where(flt))
    if keys:
        query = query.group_by(*keys)
    found = {_key_of(row): dict(row) for row in (await conn.execute(query)).mappings().all()}
    percentiles = await _sqlite_percentiles(conn, flt, keys)
    for k, row in found.items():
        row["p50"], row["p95"] = percentiles.get(k, (None, None))
    return _groups(found, group_by)


async def _pg_grouped(db: Database, flt: UsageFilter, group_by: GroupBy | None) -> list[UsageGroup]:
    keys = _keys(flt, group_by, True)
    found = await pg_measures(db, keys, _where(flt), _PERCENTILES, many_groups=group_by == "day")
    return _groups(found, group_by)


def _groups(found: dict[tuple[Any, ...], dict[str, Any]], group_by: GroupBy | None) -> list[UsageGroup]:
    groups = []
    for k, row in found.items():
        if not group_by and not row["calls"]:
            continue
        p50, p95 = row.get("p50"), row.get("p95")
        measures = Measures(
            calls=int(row["calls"]),
            active_users=int(row["users"]),
            prompt_tokens=int(row["prompt"]),
            completion_tokens=int(row["completion"]),
            cost=float(row["cost"]),
            errors=int(row["errors"]),
            latency_p50_ms=None if p50 is None else float(p50),
            latency_p95_ms=None if p95 is None else float(p95),
        )
        provider, model = (k[0], k[1]) if group_by == "model" else (None, None)
        groups.append(UsageGroup(_label(k, group_by), measures, provider, model))
    return _ordered(groups, group_by)


def _key_of(row: Any) -> tuple[Any, ...]:
    if "k2" in row:
        return (row["k"], row["k2"])
    if "k" in row:
        return (row["k"],)
    return ()


def _label(k: tuple[Any, ...], group_by: GroupBy | None) -> str | None:
    if not k:
        return None
    if group_by == "model":
        return f"{k[0]}/{k[1]}"
    return None if k[0] is None else str(k[0])


def _ordered(groups: list[UsageGroup], group_by: GroupBy | None) -> list[UsageGroup]:
    if group_by == "day":
        return sorted(groups, key=lambda g: g.key or "")
    return sorted(groups, key=lambda g: (-g.measures.calls, g.key or ""))


async def _sqlite_percentiles(
    conn: AsyncConnection, flt: UsageFilter, keys: list[ColumnElement[Any]]
) -> dict[tuple[Any, ...], tuple[float | None, float | None]]:
    """percentile_cont by hand: each group's latencies ranked by a window function; the two ranks around
    p·(n−1) read in SQL, interpolated here (the same result PostgreSQL's percentile_cont gives)."""
    partition = [k.element if hasattr(k, "element") else k for k in keys]
    ranked = (
        select(
            *keys,
            _T.latency_ms.label("v"),
            (func.row_number().over(partition_by=partition or None, order_by=_T.latency_ms) - 1).label("rn"),
            func.count().over(partition_by=partition or None).label("n"),
        )
        .where(_where(flt))
        .subquery()
    )
    key_cols = [ranked.c[k.name] for k in keys]
    picks: list[ColumnElement[Any]] = [func.max(ranked.c.n).label("n")]
    for p in _PERCENTILES:
        pos = sql_cast(literal(p) * (ranked.c.n - 1), Float)
        lo = sql_cast(pos, Integer)  # truncation is floor: positions are never negative
        tag = int(p * 100)
        picks.append(func.max(case((ranked.c.rn == lo, ranked.c.v))).label(f"lo{tag}"))
        picks.append(func.max(case((ranked.c.rn == lo + 1, ranked.c.v))).label(f"hi{tag}"))
    query = select(*key_cols, *picks)
    if key_cols:
        query = query.group_by(*key_cols)
    out: dict[tuple[Any, ...], tuple[float | None, float | None]] = {}
    for row in (await conn.execute(query)).mappings().all():
        n = row["n"]
        values = tuple(_interpolate(p, n, row[f"lo{int(p * 100)}"], row[f"hi{int(p * 100)}"]) for p in _PERCENTILES)
        out[_key_of(row)] = cast(tuple[float | None, float | None], values)
    return out


def _interpolate(p: float, n: int | None, lo: float | None, hi: float | None) -> float | None:
    if not n or lo is None:
        return None
    pos = p * (n - 1)
    frac = pos - int(pos)
    return float(lo) if hi is None or frac == 0 else float(lo) + frac * (float(hi) - float(lo))


# --- active users and the organisations to choose from ---


async def _active_users(conn: AsyncConnection, flt: UsageFilter) -> ActiveUsers:
    """Distinct users on the last day, in the 7 and in the 30 days ending with it."""
    day_lo, _ = _bounds(flt, flt.end, flt.end)
    week_lo, _ = _bounds(flt, flt.end - timedelta(days=6), flt.end)

    last = (
        select(_T.user, func.max(_T.at).label("last"))
        .where(_where(flt, flt.end - timedelta(days=29)), _T.user.is_not(None))
        .group_by(_T.user)
        .subquery()
    )

    def since(lo: datetime) -> ColumnElement[Any]:
        return func.coalesce(func.sum(case((last.c["last"] >= lo, 1), else_=0)), 0)

    daily, weekly, monthly = (await conn.execute(select(since(day_lo), since(week_lo), func.count()))).one()
    return ActiveUsers(flt.end, int(daily), int(weekly), int(monthly))


async def _organisations(conn: AsyncConnection, flt: UsageFilter) -> list[str]:
    """Organisations with usage in the period, within the viewer's scope (the `org=` choice itself ignored)."""
    lo, hi = _bounds(flt, flt.start, flt.end)
    query = select(_T.organisation).where(_T.at >= lo, _T.at < hi, _T.organisation.is_not(None)).distinct()
    if flt.allowed_org is not None:
        query = query.where(_T.organisation == flt.allowed_org)
    query = query.order_by(_T.organisation)
    return [str(v) for v in (await conn.execute(query)).scalars().all()]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
