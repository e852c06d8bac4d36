"""Does one instance stay small and stop growing? RSS of the bot's HTTP mode idle, then after two equal batches of
signed `/genai help` commands (each acknowledged, run and answered through response_url at the stand-in).

    python -m bench memory [--commands N] [--concurrency C]

`idle_rss_mb`: the core built and started, the HTTP app listening, nothing handled yet (target ≤ 150 MB).
`growth_pct`: RSS after the second batch against RSS after the first (target ≤ 5%: no leak). The first batch
also pays for everything that is loaded or cached once, which is why the two batches are compared, not idle.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path
from typing import Any

from bench._harness import (
    build,
    client_session,
    emit,
    fire,
    replies,
    rss_mb,
    running,
    slash_command,
    stand_in_slack,
    wait_for_replies,
)
from tests.world.slack_api import FakeSlackAPI

TARGET_IDLE_MB = 150
TARGET_GROWTH_PCT = 5
BATCH = 500  # requests signed at a time (a signature is good for five minutes)


async def _handle(slack: FakeSlackAPI, url: str, commands: int, concurrency: int) -> int:
    """Send `commands` help commands, a batch at a time, each batch answered before the next is sent (the acks
    come much faster than the answers: unpaced, the RSS would measure the queue of work, not the instance)."""
    errors, before = 0, replies(slack)
    async with client_session(concurrency) as session:
        for start in range(0, commands, BATCH):
            requests = build(min(BATCH, commands - start), lambda: slash_command(slack))
            errors += (await fire(session, url, requests, concurrency)).errors
            await wait_for_replies(slack, before + start + len(requests))
    return errors + await wait_for_replies(slack, before + commands)


async def run(commands: int, concurrency: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        async with stand_in_slack() as slack, running("bot", slack, Path(tmp)) as bot:
            await asyncio.sleep(1.0)  # let start-up settle (first scheduler run, lazy imports)
            idle = rss_mb(bot.pid)
            errors = await _handle(slack, bot.url, commands, concurrency)
            first = rss_mb(bot.pid)
            errors += await _handle(slack, bot.url, commands, concurrency)
            second = rss_mb(bot.pid)
    return {
        "benchmark": "memory",
        "commands": commands,
        "concurrency": concurrency,
        "idle_rss_mb": idle,
        "rss_after_first_mb": first,
        "rss_after_second_mb": second,
        "growth_pct": round((second - first) / first * 100, 2),
        "errors": errors,
        "target_idle_mb": TARGET_IDLE_MB,
        "target_growth_pct": TARGET_GROWTH_PCT,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=10_000, help="commands per batch (two batches)")
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args(argv)
    emit(asyncio.run(run(args.commands, args.concurrency)))


if __name__ == "__main__":
    main()
