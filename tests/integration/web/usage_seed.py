"""Seeded usage rows for the dashboard tests: three organisations' calls over a few JST days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from genai_bot.db import Database
from genai_bot.db.models import UsageEvent

JST = ZoneInfo("Asia/Tokyo")


def at(day: str, hour: int, minute: int = 0) -> datetime:
    """A JST wall-clock moment, in UTC."""
    local = datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=JST)
    return local.astimezone(UTC)


def row(when: datetime, **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "at": when,
        "user": "slack:T1:U1",
        "organisation": "mof",
        "channel": "C1",
        "skill": "assist",
        "provider": "azure",
        "model": "gpt-4o",
        "prompt_tokens": 100,
        "completion_tokens": 50,
        "latency_ms": 1000,
        "cost": 0.01,
        "success": True,
        "error": None,
    }
    return {**base, **values}


ROWS = [
    # 2026-11-30 JST (00:30 JST is still the 29th in UTC: the day must be the local one)
    row(at("2026-11-30", 0, 30), latency_ms=100),
    row(at("2026-11-30", 9), user="slack:T1:U2", latency_ms=200, skill="summarize"),
    row(at("2026-11-30", 10), user="slack:T1:U2", latency_ms=300, success=False, error="timeout"),
    row(
        at("2026-11-30", 11),
        organisation="mic",
        user="slack:T1:U3",
        latency_ms=400,
        provider="openai",
        model="gpt-4o-mini",
    ),
    # 2026-12-01 JST
    row(at("2026-12-01", 9), latency_ms=500, prompt_tokens=1000, completion_tokens=500, cost=0.1),
    row(at("2026-12-01", 23, 59), organisation="mic", user="slack:T1:U3", latency_ms=600, skill="translate"),
    row(at("2026-12-01", 12), organisation=None, user="slack:T1:U9", latency_ms=700),
    # 2026-12-02 JST: outside a range ending on the 1st
    row(at("2026-12-02", 0, 0), latency_ms=9999, user="slack:T1:U7"),
    # 2026-11-20: inside the 30 days before the 1st, outside a range starting on the 30th
    row(at("2026-11-20", 12), user="slack:T1:U5", organisation="mic"),
]


async def seed(db: Database, rows: list[dict[str, Any]] | None = None) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(insert(UsageEvent), rows if rows is not None else ROWS)


def percentile_cont(values: list[float], p: float) -> float:
    ordered = sorted(values)
    pos = p * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (pos - lo) * (ordered[hi] - ordered[lo])


ONE_DAY = timedelta(days=1)
