"""How fast Slack gets its ack: genai-bot's HTTP mode against a minimal Bolt app doing the same job.

    python -m bench ack --kind slash|event --requests N --concurrency C

Both apps run at once, each in its own process (`bench._serve`), against the same stand-in Slack; the signed
requests are sent in alternating rounds (bot, baseline, baseline, bot, …) so load and noise hit both alike, and
each round waits until every answer has reached the stand-in before the next starts (so one app's leftover work
never slows the other's acks). Latency is the time until the HTTP status arrives. `errors` counts non-200
answers, failed requests and answers missing (or extra) at the stand-in. `ratio` = p99 / baseline p99; the target
at N=2000, C=200 is ≤ 1.3 for both kinds, with 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path
from typing import Any

from bench._harness import (
    Fired,
    Signed,
    build,
    client_session,
    emit,
    fire,
    mention,
    percentile_ms,
    replies,
    running,
    slash_command,
    stand_in_slack,
    wait_for_replies,
)
from tests.world.slack_api import FakeSlackAPI

ROUNDS = 8
WARMUP = 50
TARGET_RATIO = 1.3


def _requests(kind: str, slack: FakeSlackAPI, count: int) -> list[Signed]:
    return build(count, (lambda: slash_command(slack)) if kind == "slash" else mention)


async def _round(slack: FakeSlackAPI, url: str, requests: list[Signed], concurrency: int, into: Fired) -> None:
    before = replies(slack)
    async with client_session(concurrency) as session:
        fired = await fire(session, url, requests, concurrency)
    into.latencies_s += fired.latencies_s
    into.errors += fired.errors + await wait_for_replies(slack, before + len(requests))


async def run(kind: str, requests: int, concurrency: int) -> dict[str, Any]:
    rounds = max(1, min(ROUNDS, requests // max(1, concurrency)))
    per_round = [requests // rounds + (1 if i < requests % rounds else 0) for i in range(rounds)]
    bot, baseline = Fired(), Fired()
    with tempfile.TemporaryDirectory(prefix="bench-ack-") as tmp:
        async with stand_in_slack() as slack, running("bot", slack, Path(tmp)) as bot_app:
            async with running("baseline", slack, Path(tmp)) as base_app:
                warm = min(WARMUP, requests)
                for url in (bot_app.url, base_app.url):
                    await _round(slack, url, _requests(kind, slack, warm), min(concurrency, warm), Fired())
                for i, count in enumerate(per_round):
                    order = [(bot_app.url, bot), (base_app.url, baseline)]
                    for url, into in order if i % 2 == 0 else reversed(order):
                        await _round(slack, url, _requests(kind, slack, count), concurrency, into)
    p99, base_p99 = percentile_ms(bot.latencies_s, 99), percentile_ms(baseline.latencies_s, 99)
    return {
        "benchmark": "ack",
        "kind": kind,
        "requests": requests,
        "concurrency": concurrency,
        "p50_ms": percentile_ms(bot.latencies_s, 50),
        "p99_ms": p99,
        "baseline_p50_ms": percentile_ms(baseline.latencies_s, 50),
        "baseline_p99_ms": base_p99,
        "ratio": round(p99 / base_p99, 3) if base_p99 else None,
        "errors": bot.errors,
        "baseline_errors": baseline.errors,
        "target_ratio": TARGET_RATIO,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench ack", description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("slash", "event"), default="event")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=200)
    args = parser.parse_args(argv)
    emit(asyncio.run(run(args.kind, args.requests, args.concurrency)))


if __name__ == "__main__":
    main()
