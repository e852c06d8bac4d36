"""How fast is the usage API over a million rows? Seeds usage rows in PostgreSQL (COPY), then times each
`group_by` of `GET /admin/api/usage` over HTTP, repeated calls over the whole seeded period.

    python -m bench dashboard [--rows N] [--repeat R] [--days D]

PostgreSQL: GENAI_TEST_POSTGRES_URL (a fresh database is created in it and dropped afterwards), else a throwaway
server is started (tests/world/postgres.py). Target: p95 < 1000 ms for each group_by.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
from aiohttp import web

from bench._harness import emit, percentile_ms
from genai_bot.app import build_core, upgrade_database
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.db.engine import make_engine
from genai_bot.llm import LLMSettings
from genai_bot.web.identity import Admin, set_admin
from genai_bot.web.usage_api import add_usage_routes
from tests.world import postgres

TARGET_MS = 1000
END = date(2026, 11, 30)
GROUPS = ("org", "skill", "model", "day")
_ADMIN = Admin("bench", "Bench", None, frozenset({"admin"}), None)
_COLUMNS = (
    "at",
    "user",
    "organisation",
    "channel",
    "skill",
    "provider",
    "model",
    "prompt_tokens",
    "completion_tokens",
    "latency_ms",
    "cost",
    "success",
    "error",
)


@asynccontextmanager
async def _server() -> AsyncIterator[str]:
    url = os.environ.get("GENAI_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    directory = Path(tempfile.mkdtemp(prefix="bench-dashboard-pg-"))
    try:
        yield postgres.start(directory)
    finally:
        postgres.stop(directory)


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def _records(rows: int, days: int, seed: int = 14) -> list[tuple[Any, ...]]:
    rng = random.Random(seed)
    orgs = [f"org{i:02d}" for i in range(12)] + [None]
    skills = ["assist", "summarize", "translate", "committee", "trip", "digest"]
    models = [("azure", "gpt-4o"), ("azure", "gpt-4o-mini"), ("openai", "gpt-4.1"), ("local", "llama-3")]
    start = datetime.combine(END - timedelta(days=days - 1), datetime.min.time(), UTC) - timedelta(hours=9)
    span = days * 86400
    out = []
    for _ in range(rows):
        provider, model = rng.choice(models)
        ok = rng.random() > 0.03
        out.append(
            (
                start + timedelta(seconds=rng.randrange(span)),
                f"slack:T1:U{rng.randrange(3000)}",
                rng.choice(orgs),
                f"C{rng.randrange(200)}",
                rng.choice(skills),
                provider,
                model,
                rng.randrange(50, 3000),
                rng.randrange(10, 800),
                int(rng.lognormvariate(7, 0.5)),
                round(rng.random() / 50, 6),
                ok,
                None if ok else "timeout",
            )
        )
    return out


async def _seed(url: str, rows: int, days: int) -> float:
    started = time.monotonic()
    conn = await asyncpg.connect(_plain(url))
    try:
        chunk = 100_000
        for first in range(0, rows, chunk):
            records = _records(min(chunk, rows - first), days, seed=first)
            await conn.copy_records_to_table("usage_events", records=records, columns=_COLUMNS)
        await conn.execute("ANALYZE usage_events")
    finally:
        await conn.close()
    return round(time.monotonic() - started, 1)


async def _time_api(url: str, repeat: int, days: int) -> dict[str, Any]:
    settings = Settings(_env_file=None, GENAI_DATABASE_URL=url)  # type: ignore[call-arg]
    core = build_core(
        settings, clock=FixedClock(datetime(2026, 12, 1, tzinfo=UTC)), llm_settings=LLMSettings(_env_file=None)
    )  # type: ignore[call-arg]

    @web.middleware
    async def signed_in(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        set_admin(request, _ADMIN)
        return await handler(request)

    app = web.Application(middlewares=[signed_in])
    add_usage_routes(app, core.services)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    params = {"from": (END - timedelta(days=days - 1)).isoformat(), "to": END.isoformat()}
    figures: dict[str, Any] = {}
    try:
        async with aiohttp.ClientSession() as session:
            for group_by in GROUPS:
                endpoint = f"http://127.0.0.1:{port}/admin/api/usage"
                latencies, calls = [], 0
                for i in range(repeat + 1):
                    started = time.perf_counter()
                    async with session.get(endpoint, params={**params, "group_by": group_by}) as response:
                        body = await response.json()
                        assert response.status == 200, body
                    if i:  # the first call warms the caches
                        latencies.append(time.perf_counter() - started)
                    calls = body["totals"]["calls"]
                figures[group_by] = {
                    "p50_ms": percentile_ms(latencies, 50),
                    "p95_ms": percentile_ms(latencies, 95),
                    "groups": len(body["rows"]),
                    "calls_counted": calls,
                }
    finally:
        await runner.cleanup()
        await core.db.dispose()
    return figures


async def run(rows: int, repeat: int, days: int) -> dict[str, Any]:
    async with _server() as server:
        name = f"bench_dash_{uuid.uuid4().hex[:8]}"
        admin = await asyncpg.connect(_plain(server))
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = server.rsplit("/", 1)[0] + f"/{name}"
        try:
            engine = make_engine(url)
            await upgrade_database(engine)
            await engine.dispose()
            seed_seconds = await _seed(url, rows, days)
            figures = await _time_api(url, repeat, days)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()
    return {
        "benchmark": "dashboard",
        "rows": rows,
        "days": days,
        "repeat": repeat,
        "seed_seconds": seed_seconds,
        "group_by": figures,
        "max_p95_ms": max(f["p95_ms"] for f in figures.values()),
        "target_p95_ms": TARGET_MS,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench dashboard", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=10, help="timed calls per group_by (after one warm-up)")
    parser.add_argument("--days", type=int, default=90, help="days the rows spread over (all queried)")
    args = parser.parse_args(argv)
    emit(asyncio.run(run(args.rows, args.repeat, args.days)))
