"""PostgreSQL's fast path for one grouping of usage rows: two scans at once, each on its own connection.

- counts, sums and distinct users: aggregated per (group, user) by hashing, then per group (instead of
  `count(DISTINCT user)`, which sorts every row);
- latency p50/p95, exactly as `percentile_cont`: a histogram of (keys, latency) counted by hashing, its running
  count per group, and only the rows around each percentile's rank read back and interpolated here. Where the
  histogram would be nearly as long as the rows (many small groups: days), `percentile_cont` itself is cheaper.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import and_, case, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.elements import ColumnElement

from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent

__all__ = ["Key", "pg_measures"]

Key = tuple[Any, ...]
_R = TypeVar("_R")
_T = UsageEvent.__table__.c  # type: ignore[attr-defined]
_SUMS = ("calls", "prompt", "completion", "cost", "errors")


async def pg_measures(
    db: Database,
    keys: Sequence[ColumnElement[Any]],
    where: ColumnElement[bool],
    percentiles: Sequence[float],
    *,
    many_groups: bool = False,
) -> dict[Key, dict[str, Any]]:
    """Per group (its key values, in `keys` order): calls, users, prompt, completion, cost, errors and
    `p<NN>` for each percentile (None without latencies). `many_groups`: use percentile_cont (see the module)."""
    spot = _ordered if many_groups else _histogram
    sums: dict[Key, dict[str, Any]]
    spots: dict[Key, dict[str, Any]]
    sums, spots = await asyncio.gather(
        _on(db, lambda c: _sums_and_users(c, keys, where)),
        _on(db, lambda c: spot(c, keys, where, percentiles)),
    )
    for key, row in sums.items():
        row.update(spots.get(key, {f"p{round(p * 100)}": None for p in percentiles}))
    return sums


async def _on(db: Database, work: Callable[[AsyncConnection], Awaitable[_R]]) -> _R:
    async with db.engine.connect() as conn:
        return await work(conn)


def _names(keys: Sequence[ColumnElement[Any]]) -> list[str]:
    return [str(getattr(k, "name", "")) for k in keys]


async def _sums_and_users(
    conn: AsyncConnection, keys: Sequence[ColumnElement[Any]], where: ColumnElement[bool]
) -> dict[Key, dict[str, Any]]:
    """Counts and sums per (group, user) by hashing, then per group: the users are the rows with a user."""
    names = _names(keys)
    per_user = (
        select(
            *keys,
            _T.user.label("u"),
            func.count().label("calls"),
            func.sum(_T.prompt_tokens).label("prompt"),
            func.sum(_T.completion_tokens).label("completion"),
            func.sum(_T.cost).label("cost"),
            func.sum(case((_T.success == true(), 0), else_=1)).label("errors"),
        )
        .where(where)
        .group_by(*keys, _T.user)
        .subquery()
    )
    columns = [per_user.c[n] for n in names]
    measures = [func.coalesce(func.sum(per_user.c[m]), 0).label(m) for m in _SUMS]
    query = select(*columns, *measures, func.count(per_user.c.u).label("users"))
    if columns:
        query = query.group_by(*columns)
    return {
        tuple(row[n] for n in names): {m: row[m] for m in (*_SUMS, "users")}
        for row in (await conn.execute(query)).mappings().all()
    }


async def _ordered(
    conn: AsyncConnection, keys: Sequence[ColumnElement[Any]], where: ColumnElement[bool], percentiles: Sequence[float]
) -> dict[Key, dict[str, Any]]:
    tags = [f"p{round(p * 100)}" for p in percentiles]
    query = select(
        *keys,
        *[
            func.percentile_cont(p).within_group(_T.latency_ms).label(tag)
            for p, tag in zip(percentiles, tags, strict=True)
        ],
    ).where(where)
    if keys:
        query = query.group_by(*keys)
    names = _names(keys)
    return {
        tuple(row[n] for n in names): {tag: row[tag] for tag in tags}
        for row in (await conn.execute(query)).mappings().all()
    }


async def _histogram(
    conn: AsyncConnection, keys: Sequence[ColumnElement[Any]], where: ColumnElement[bool], percentiles: Sequence[float]
) -> dict[Key, dict[str, Any]]:
    names = _names(keys)
    latency = _T.latency_ms.label("v")
    counted = (
        select(*keys, latency, func.count().label("c"))
        .where(where, _T.latency_ms.is_not(None))
        .group_by(*keys, _T.latency_ms)
        .subquery()
    )
    group = [counted.c[n] for n in names] or None
    running = select(
        *[counted.c[n] for n in names],
        counted.c.v,
        counted.c.c,
        func.sum(counted.c.c).over(partition_by=group, order_by=counted.c.v).label("cum"),
        func.sum(counted.c.c).over(partition_by=group).label("n"),
    ).subquery()
    first = running.c.cum - running.c.c  # the rank (from 0) of the first row with this latency
    near = []
    for p in percentiles:
        rank = func.floor(literal(p) * (running.c.n - 1))  # float8 arithmetic, as `_value` below does it
        near.append(and_(first <= rank + 1, running.c.cum > rank))
    query = select(*[running.c[n] for n in names], running.c.v, first.label("first"), running.c.cum, running.c.n)
    steps: dict[Key, list[tuple[int, int, float]]] = {}
    sizes: dict[Key, int] = {}
    for row in (await conn.execute(query.where(or_(*near)))).mappings().all():
        key = tuple(row[n] for n in names)
        steps.setdefault(key, []).append((int(row["first"]), int(row["cum"]), float(row["v"])))
        sizes[key] = int(row["n"])
    return {
        key: {f"p{round(p * 100)}": _value(p, sizes[key], found) for p in percentiles} for key, found in steps.items()
    }


def _value(p: float, n: int, steps: list[tuple[int, int, float]]) -> float | None:
    """percentile_cont from the histogram rows around its ranks: (first rank, end rank, latency)."""

    def at(rank: int) -> float | None:
        return next((v for first, end, v in steps if first <= rank < end), None)

    pos = p * (n - 1)
    lo = math.floor(pos)
    low, high = at(lo), at(lo + 1) if lo + 1 < n else None
    if low is None:
        return None
    return low if high is None or pos == lo else low + (pos - lo) * (high - low)
