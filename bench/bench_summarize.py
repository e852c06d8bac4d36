"""Benchmark map-reduce summarisation: a 2,000-message Slack channel with an LLM answering after 300 ms.

Run from the repository root: ``python -m bench.bench_summarize``. Prints one JSON object.
History is read through the real SlackChatPort (slack_sdk) from the stand-in Slack Web API, and the model is
the stand-in OpenAI API with a fixed latency, behind the real gateway (per-provider concurrency limit). The
ideal wall time is the map calls in waves of `concurrency`, then the reduce round(s): the ratio wall/ideal
shows what reading, chunking, rendering and bookkeeping add around the unavoidable model latency.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import platform
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from genai_bot.app import Core, build_core
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from genai_bot.logs import configure_logging
from genai_bot.messages import Reply, Room
from handlers.slack.app import build_web_client
from handlers.slack.chat_port import SlackChatPort
from tests.world.openai_api import FakeOpenAI
from tests.world.slack_api import FakeSlackAPI
from tests.world.slack_store import DEFAULT_TS_START

MESSAGES = 2000
LATENCY_SECONDS = 0.300
CONCURRENCY = 4
TARGET_MAX = 1.2
SEED = 20261201
MERGE_MARK = "merge partial summaries"
USERS = {"U1": "田中", "U2": "鈴木", "U3": "佐藤", "U4": "高橋", "U5": "伊藤"}
TOPICS = ("来年度予算案", "庁舎移転", "議会答弁の資料", "出張旅費の精算", "情報セキュリティ研修", "委員会の日程")
PHRASES = (
    "について、{date}までに資料を修正して共有します。",
    "の件、課長の確認が取れました。次回の会議で報告します。",
    "は前回の方針どおり進めることで合意しました。",
    "について、<@{user}> さんに関係部署との調整をお願いします。",
    "の最新版を共有フォルダに置きました。ご確認ください。",
)


def _history(rng: random.Random) -> list[dict[str, Any]]:
    messages = []
    for i in range(MESSAGES):
        topic, phrase = rng.choice(TOPICS), rng.choice(PHRASES)
        text = topic + phrase.format(date=f"12月{rng.randint(1, 28)}日", user=rng.choice(list(USERS)))
        messages.append({"text": f"{text}（{i}）", "user": rng.choice(list(USERS))})
    return messages


def _answer(body: dict[str, Any]) -> str:
    """A small well-formed summary: partial ones cite their first message, the merged one a few."""
    content = str(body["messages"][-1]["content"])
    if MERGE_MARK in str(body["messages"][0]["content"]):
        points = [{"text": "予算案と庁舎移転の進め方を確認", "sources": ["m1", "m1000", "m2000"]}]
    else:
        points = [{"text": "部分の要点", "sources": [content.split("]", 1)[0].lstrip("[")]}]
    return json.dumps({"key_points": points, "decisions": [], "action_items": []}, ensure_ascii=False)


async def _core(slack: FakeSlackAPI, llm: FakeOpenAI, directory: Path) -> Core:
    settings = Settings(
        _env_file=None,
        GENAI_DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
        SLACK_BOT_TOKEN="xoxb-bench",
        GENAI_SLACK_API_URL=slack.base_url,
    )
    provider = llm.provider("bench", concurrency=CONCURRENCY, timeout_seconds=30)
    llm_settings = LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS=json.dumps([provider]))
    core = build_core(
        settings,
        adapter="http",
        llm_settings=llm_settings,
        clock=FixedClock(datetime.fromtimestamp(DEFAULT_TS_START, UTC) + timedelta(hours=1)),
    )
    await core.start()
    core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))
    return core


async def run() -> dict[str, Any]:
    async with FakeSlackAPI() as slack, FakeOpenAI(latency=LATENCY_SECONDS) as llm:
        for user_id, name in USERS.items():
            slack.add_user(user_id, name)
        slack.add_channel("C1", "general", members=[*USERS, "UBOT"])
        slack.add_messages("C1", _history(random.Random(SEED)))
        llm.reply_with(_answer)
        with tempfile.TemporaryDirectory() as tmp:
            core = await _core(slack, llm, Path(tmp))
            try:
                person = await core.person("slack", "T1", "U1")
                started = time.perf_counter()
                reply = await core.handle("summarize", person, Room("slack", "C1"))
                wall = time.perf_counter() - started
            finally:
                await core.close()
    return _report(reply, wall, llm, slack)


def _report(reply: Reply, wall: float, llm: FakeOpenAI, slack: FakeSlackAPI) -> dict[str, Any]:
    maps = sum(1 for r in llm.requests if MERGE_MARK not in str(r["messages"][0]["content"]))
    reduces = len(llm.requests) - maps
    waves = math.ceil(maps / CONCURRENCY)
    ideal = waves * LATENCY_SECONDS + math.ceil(reduces / CONCURRENCY) * LATENCY_SECONDS
    ratio = wall / ideal
    return {
        "benchmark": "summarize_map_reduce",
        "messages": MESSAGES,
        "summary_ok": not reply.is_error and f"{MESSAGES} 件" in reply.plain_text,
        "history_pages": len(slack.calls_to("conversations.history")),
        "llm_latency_ms": LATENCY_SECONDS * 1000,
        "concurrency": CONCURRENCY,
        "map_calls": maps,
        "map_waves": waves,
        "reduce_calls": reduces,
        "llm_concurrent_max": llm.concurrent_max,
        "ideal_s": round(ideal, 3),
        "wall_s": round(wall, 3),
        "wall_over_ideal": round(ratio, 3),
        "target_max": TARGET_MAX,
        "within_target": ratio <= TARGET_MAX,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }


def main() -> None:
    configure_logging("WARNING")
    print(json.dumps(asyncio.run(run()), ensure_ascii=False))


if __name__ == "__main__":
    main()
