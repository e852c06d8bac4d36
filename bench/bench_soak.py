"""A steady mixed load for a while: does the bot keep up, answer everything once, and keep its memory flat?

    python -m bench soak --minutes M [--rate R] [--concurrency C]

Against the stand-in Slack for M minutes (fractions allowed: 0.05 is three seconds), at R requests a second
(a steady rate, as real traffic comes, not as fast as acks return): signed slash commands (`help`, `status`),
mentions, button clicks, and — inside the bot — outbox posts scheduled every second and
delivered by its sweeps. Reports throughput, errors (non-200 answers, failed requests, answers missing or extra at
the stand-in, outbox posts missing or sent twice) and the bot's RSS sampled over time.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench._harness import (
    REPLY_METHODS,
    Fired,
    Signed,
    button_click,
    client_session,
    emit,
    fire,
    mention,
    percentile_ms,
    rss_mb,
    running,
    slash_command,
    stand_in_slack,
)
from bench._serve import OUTBOX_TEXT
from tests.world.slack_api import FakeSlackAPI

SAMPLES = 10
STEP_SECONDS = 0.5  # requests are signed and sent in steps of rate × this
OUTBOX_EVERY_SECONDS = 1.0
OUTBOX_BATCH = 5
_OUTBOX_NUMBER = re.compile(re.escape(OUTBOX_TEXT) + r" #(\d+)")


def _mix(slack: FakeSlackAPI, count: int) -> list[Signed]:
    makers: Iterator[Callable[[], Signed]] = itertools.cycle(
        [
            lambda: slash_command(slack, "help"),
            mention,
            lambda: slash_command(slack, "status"),
            lambda: button_click(slack),
        ]
    )
    return [next(makers)() for _ in range(count)]


def _outbox_numbers(slack: FakeSlackAPI) -> list[int]:
    numbers = []
    for call in slack.calls:
        if call.method == "chat.postMessage" and (found := _OUTBOX_NUMBER.search(str(call.params.get("text", "")))):
            numbers.append(int(found.group(1)))
    return numbers


def _answers(slack: FakeSlackAPI) -> int:
    posts = sum(1 for c in slack.calls if c.method in REPLY_METHODS)
    return posts - len(_outbox_numbers(slack)) + len(slack.responses)


async def _settle(slack: FakeSlackAPI, expected: int, timeout: float = 60.0) -> None:  # noqa: ASYNC109
    deadline = time.monotonic() + timeout
    while True:  # polling what the stand-in recorded: it has no event to wait on
        if _answers(slack) >= expected or time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(OUTBOX_EVERY_SECONDS * 3)  # the outbox posts already scheduled get their sweeps


async def run(minutes: float, rate: float, concurrency: int) -> dict[str, Any]:
    duration = minutes * 60
    interval = max(duration / SAMPLES, 0.5)
    fired, sent, samples = Fired(), 0, []
    with tempfile.TemporaryDirectory(prefix="bench-soak-") as tmp:
        async with (
            stand_in_slack() as slack,
            running(
                "bot",
                slack,
                Path(tmp),
                args=["--outbox-every", str(OUTBOX_EVERY_SECONDS), "--outbox-batch", str(OUTBOX_BATCH)],
                GENAI_OUTBOX_INTERVAL_SECONDS=str(OUTBOX_EVERY_SECONDS),
            ) as bot,
            client_session(concurrency) as session,
        ):
            started = time.monotonic()
            samples.append((0.0, rss_mb(bot.pid)))
            next_sample = interval
            per_step = max(1, round(rate * STEP_SECONDS))
            while (elapsed := time.monotonic() - started) < duration:
                requests = _mix(slack, per_step)
                step, _ = await asyncio.gather(
                    fire(session, bot.url, requests, concurrency), asyncio.sleep(STEP_SECONDS)
                )
                fired.latencies_s += step.latencies_s
                fired.errors += step.errors
                sent += len(requests)
                if elapsed >= next_sample:
                    samples.append((round(elapsed, 1), rss_mb(bot.pid)))
                    next_sample += interval
            busy = time.monotonic() - started
            await _settle(slack, sent)
            samples.append((round(time.monotonic() - started, 1), rss_mb(bot.pid)))
            answers, outbox = _answers(slack), _outbox_numbers(slack)
    outbox_seen = Counter(outbox)
    outbox_missing = (max(outbox_seen) - len(outbox_seen)) if outbox_seen else 0
    outbox_twice = sum(n - 1 for n in outbox_seen.values())
    return {
        "benchmark": "soak",
        "minutes": minutes,
        "rate_rps": rate,
        "concurrency": concurrency,
        "requests": sent,
        "throughput_rps": round(sent / busy, 1) if busy else None,
        "ack_p50_ms": percentile_ms(fired.latencies_s, 50),
        "ack_p99_ms": percentile_ms(fired.latencies_s, 99),
        "answers": answers,
        "outbox_posts": len(outbox_seen),
        "outbox_missing": outbox_missing,
        "outbox_sent_twice": outbox_twice,
        "errors": fired.errors + abs(sent - answers) + outbox_missing + outbox_twice,
        "rss_mb": [{"at_s": at, "rss_mb": mb} for at, mb in samples],
        "rss_start_mb": samples[0][1],
        "rss_end_mb": samples[-1][1],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=1.0)
    parser.add_argument("--rate", type=float, default=40.0, help="requests per second")
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args(argv)
    emit(asyncio.run(run(args.minutes, args.rate, args.concurrency)))


if __name__ == "__main__":
    main()
