"""Benchmark the LLM gateway's overhead: `LLMGateway.complete` vs. a bare `AsyncOpenAI` call.

Run from the repository root: ``python -m bench.bench_gateway``. Prints one JSON object.
Both go to the same stand-in API (tests.world.openai_api) with a fixed latency, interleaved call by call in
one process, so network and server noise hit both alike. The gateway's side includes masking, routing,
retry bookkeeping, the concurrency semaphore and usage accounting into SQLite (rows are flushed and counted
at the end; the flush time is reported separately).
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from openai import AsyncOpenAI
from sqlalchemy import func, select

from genai_bot.app import upgrade_database
from genai_bot.db import make_engine
from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent
from genai_bot.llm import CallContext, LLMGateway, LLMSettings, system, user
from genai_bot.logs import configure_logging
from tests.world.openai_api import FakeOpenAI

N = 200
WARMUP = 20
LATENCY_SECONDS = 0.020
TARGET_MAX = 1.1
MODEL = "gpt-4o-mini"
CTX = CallContext(user="U-bench", organisation="総務課", channel="C-bench", skill="chat")
MESSAGES = [
    system("あなたは市役所の職員を手伝うアシスタントです。簡潔に、丁寧な日本語で答えてください。"),
    user(
        "来週の委員会の案内文を作ってください。連絡先は総務課 山田（yamada@example.lg.jp、03-1234-5678）、"
        "会場は〒100-0013 東京都千代田区霞が関1-1-1 第3会議室です。議題は予算案と人事案の2点です。"
    ),
]


async def _timed(call: Callable[[], Awaitable[Any]]) -> float:
    started = time.perf_counter()
    await call()
    return time.perf_counter() - started


async def _usage_rows(db: Database) -> int:
    async with db.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(UsageEvent))).scalar_one())


async def run(n: int = N) -> dict[str, Any]:
    async with FakeOpenAI(latency=LATENCY_SECONDS) as llm:
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
            await upgrade_database(engine)
            db = Database(engine)
            settings = LLMSettings(
                _env_file=None,
                GENAI_LLM_PROVIDERS=json.dumps([llm.provider("bench", model=MODEL)]),
                GENAI_LLM_PRICES=json.dumps({MODEL: {"prompt": 0.0225, "completion": 0.09}}),
            )
            gateway = LLMGateway(settings, db)
            bare = AsyncOpenAI(base_url=llm.base_url, api_key="bench", max_retries=0, timeout=30)

            async def via_gateway() -> None:
                await gateway.complete("chat", MESSAGES, ctx=CTX)

            async def via_bare() -> None:
                await bare.chat.completions.create(model=MODEL, messages=list(MESSAGES))  # type: ignore[arg-type]

            try:
                for _ in range(WARMUP):
                    await via_bare()
                    await via_gateway()
                bare_s: list[float] = []
                gateway_s: list[float] = []
                for i in range(n):
                    first, second = (via_bare, via_gateway) if i % 2 == 0 else (via_gateway, via_bare)
                    a, b = await _timed(first), await _timed(second)
                    bare_s.append(a if first is via_bare else b)
                    gateway_s.append(b if first is via_bare else a)
                flush_s = await _timed(gateway.flush_usage)
                rows = await _usage_rows(db)
            finally:
                await gateway.aclose()
                await bare.close()
                await engine.dispose()
    return _report(n, bare_s, gateway_s, flush_s, rows)


def _report(n: int, bare_s: list[float], gateway_s: list[float], flush_s: float, rows: int) -> dict[str, Any]:
    bare_mean, gateway_mean = statistics.fmean(bare_s), statistics.fmean(gateway_s)
    ratio = gateway_mean / bare_mean
    return {
        "benchmark": "llm_gateway_overhead",
        "n": n,
        "stand_in_latency_ms": LATENCY_SECONDS * 1000,
        "bare_mean_ms": round(bare_mean * 1000, 3),
        "gateway_mean_ms": round(gateway_mean * 1000, 3),
        "bare_median_ms": round(statistics.median(bare_s) * 1000, 3),
        "gateway_median_ms": round(statistics.median(gateway_s) * 1000, 3),
        "overhead_mean_ms": round((gateway_mean - bare_mean) * 1000, 3),
        "gateway_over_bare": round(ratio, 4),
        "target_max": TARGET_MAX,
        "within_target": ratio <= TARGET_MAX,
        "usage_rows_written": rows,
        "final_flush_ms": round(flush_s * 1000, 3),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }


def main() -> None:
    configure_logging("WARNING")
    print(json.dumps(asyncio.run(run()), ensure_ascii=False))


if __name__ == "__main__":
    main()
