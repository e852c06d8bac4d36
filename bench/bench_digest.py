"""A digest fan-out through the real outbox and Slack sending path: paced at the ceiling, each recipient once?

    python -m bench digest --recipients N [--instances 2] [--kill-one] [--ceiling C] [--slack-api-url URL]

N outbox rows are written (one `chat.post:slack` row per recipient's direct message, keyed by subscription and
date, as a digest run makes them), then 1 or 2 bot processes (`bench._serve`, HTTP mode as `genai-bot run`
serves it, GENAI_OUTBOX_INTERVAL_SECONDS=1) sweep and deliver them. Two instances share one PostgreSQL
database (GENAI_TEST_POSTGRES_URL, or a throwaway server started here); one instance uses SQLite unless
GENAI_TEST_POSTGRES_URL is set. `--kill-one` SIGKILLs one instance once a third of the posts are out; its rows
come back to the other when their lease runs out.

Without `--slack-api-url` the stand-in Slack of tests/world enforces a workspace ceiling of C chat.postMessage a
second (429 + Retry-After above it) and the bot paces to C (GENAI_SLACK_MAX_POSTS_PER_SECOND); delivered,
duplicates and lost are counted from its call log. With `--slack-api-url` the bot posts there and paces to its
settings' ceiling; the figures come from the outbox (duplicates: counted by that outside stand-in, reported null).
`achieved_per_s` is measured over the delivery window (first to last post); `ratio` = achieved / ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench._harness import Instance, emit, running, stand_in_slack
from genai_bot.app import engine_for, upgrade_database
from genai_bot.config import load_settings
from genai_bot.db import Database
from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.messages import Reply, reply_to_dict
from genai_bot.notify import chat_post_kind
from tests.world import postgres
from tests.world.slack_api import FakeSlackAPI

TEXT = "bench digest for"
SETTLE_SECONDS = 2.0  # after the last recipient: anything more would be a duplicate; let it land
STALL_SECONDS = 60.0  # no new post for this long: give up waiting (the rest is lost)


def _rows(count: int, day: str) -> list[OutboxMessage]:
    due = utcnow() - timedelta(seconds=1)
    rows = []
    for n in range(1, count + 1):
        user = f"U{n:07d}"
        payload = {
            "platform": "slack",
            "channel_id": user,
            "thread_id": None,
            "is_direct": True,
            "reply": reply_to_dict(Reply.text(f"{TEXT} {user}")),
        }
        key = f"digest:bench-sub-{n}:{day}"
        rows.append(OutboxMessage(dedup_key=key, due_at=due, kind=chat_post_kind("slack"), payload=payload))
    return rows


@asynccontextmanager
async def _database(instances: int, workdir: Path) -> AsyncIterator[str]:
    """A fresh database at the head revision: PostgreSQL for several instances (or when one is given)."""
    server = os.environ.get("GENAI_TEST_POSTGRES_URL")
    if instances == 1 and not server:
        url = f"sqlite+aiosqlite:///{workdir / 'digest.db'}"
        engine = engine_for(url)
        await upgrade_database(engine)
        await engine.dispose()
        yield url
        return
    started = None
    if not server:
        started = workdir / "pg"
        server = postgres.start(started)
    try:
        import asyncpg

        name = f"bench_digest_{uuid.uuid4().hex[:10]}"
        conn = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        url = server.rsplit("/", 1)[0] + f"/{name}"
        engine = engine_for(url)
        await upgrade_database(engine)
        await engine.dispose()
        yield url
    finally:
        if started is not None:
            postgres.stop(started)


async def _fill(url: str, count: int) -> None:
    db = Database(engine_for(url))
    day = utcnow().date().isoformat()
    try:
        rows = _rows(count, day)
        for start in range(0, count, 1000):
            async with db.session() as s:
                s.add_all(rows[start : start + 1000])
    finally:
        await db.engine.dispose()


def _posts(slack: FakeSlackAPI) -> list[tuple[float, str]]:
    return [
        (c.at, str(c.params.get("channel")))
        for c in slack.calls
        if c.method == "chat.postMessage" and c.ok and str(c.params.get("text", "")).startswith(TEXT)
    ]


async def _outbox_sent(url: str) -> tuple[int, list[float]]:
    from sqlalchemy import func, select
    from sqlmodel import col

    db = Database(engine_for(url))
    try:
        async with db.session() as s:
            query = select(OutboxMessage.sent_at).where(col(OutboxMessage.status) == "sent")  # type: ignore[call-overload]
            times = [t.timestamp() for t in (await s.exec(query)).scalars().all() if t is not None]
            pending = (
                await s.exec(select(func.count()).where(col(OutboxMessage.status).in_(["pending", "sending"])))
            ).one()
    finally:
        await db.engine.dispose()
    return int(pending[0] if isinstance(pending, tuple) else pending), sorted(times)


async def _watch(count: int, progress: Any, kill: Any) -> None:
    """Wait until every recipient got their post (or nothing moves for STALL_SECONDS); `kill` once a third are out."""
    last, last_change, killed = -1, time.monotonic(), False
    while True:
        done = await progress()
        if done != last:
            last, last_change = done, time.monotonic()
        if kill is not None and not killed and done >= count // 3:
            kill()
            killed = True
        if done >= count or time.monotonic() - last_change > STALL_SECONDS:
            return
        await asyncio.sleep(0.2)


async def run(
    recipients: int, instances: int, kill_one: bool, ceiling: float, slack_api_url: str | None
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-digest-") as tmp:
        workdir = Path(tmp)
        async with AsyncExitStack() as stack:
            url = await stack.enter_async_context(_database(instances, workdir))
            await _fill(url, recipients)
            slack: FakeSlackAPI | None = None
            env = {
                "GENAI_DATABASE_URL": url,
                "GENAI_OUTBOX_INTERVAL_SECONDS": "1",
                "GENAI_LOG_LEVEL": "ERROR",
            }
            if slack_api_url is None:
                # ts on the real clock: a re-delivered row is looked up in the DM's history since its first try
                slack = await stack.enter_async_context(stand_in_slack(live_ts=True))
                slack.set_post_ceiling(ceiling)
                env["GENAI_SLACK_MAX_POSTS_PER_SECOND"] = str(ceiling)
                target: Any = slack
            else:
                target = _OutsideSlack(slack_api_url)
                ceiling = float(
                    os.environ.get("GENAI_SLACK_MAX_POSTS_PER_SECOND") or load_settings().slack_max_posts_per_second
                )
            bots: list[Instance] = []
            for n in range(instances):
                bot = await stack.enter_async_context(
                    running("bot", target, workdir, GENAI_INSTANCE_ID=f"bench-digest-{n + 1}", **env)
                )
                bots.append(bot)
            kill = (lambda: os.kill(bots[-1].pid, signal.SIGKILL)) if kill_one and instances > 1 else None

            async def progress() -> int:
                if slack is not None:
                    return len({channel for _, channel in _posts(slack)})
                return len((await _outbox_sent(url))[1])

            await _watch(recipients, progress, kill)
            await asyncio.sleep(SETTLE_SECONDS)
            if slack is not None:
                posts = _posts(slack)
                seen = Counter(channel for _, channel in posts)
                times = sorted(at for at, _ in posts)
                delivered, duplicates = len(seen), sum(n - 1 for n in seen.values())
                limited = sum(1 for c in slack.calls if c.method == "chat.postMessage" and c.limited)
            else:
                _, times = await _outbox_sent(url)
                delivered, duplicates, limited = len(times), None, None
    window = times[-1] - times[0] if len(times) > 1 else 0.0
    achieved = (len(times) - 1) / window if window > 0 else 0.0
    return {
        "benchmark": "digest",
        "recipients": recipients,
        "instances": instances,
        "kill_one": kill_one,
        "delivered": delivered,
        "duplicates": duplicates,
        "lost": recipients - delivered,
        "rate_limited_429": limited,
        "ceiling_per_s": ceiling,
        "achieved_per_s": round(achieved, 2),
        "ratio": round(achieved / ceiling, 3) if ceiling else None,
        "window_s": round(window, 1),
    }


class _OutsideSlack:
    """What `bench._harness.running` needs of a Slack: its Web API base URL."""

    def __init__(self, url: str) -> None:
        self.base_url = url if url.endswith("/") else url + "/"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench digest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=300)
    parser.add_argument("--instances", type=int, choices=(1, 2), default=1)
    parser.add_argument("--kill-one", action="store_true", help="SIGKILL one instance once a third are out")
    parser.add_argument("--ceiling", type=float, default=50.0, help="the stand-in's chat.postMessage a second")
    parser.add_argument("--slack-api-url", help="post to this Slack Web API instead of the stand-in")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        emit(asyncio.run(run(args.recipients, args.instances, args.kill_one, args.ceiling, args.slack_api_url)))


if __name__ == "__main__":
    main()
