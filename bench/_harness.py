"""What the HTTP benchmarks share: the stand-in Slack, an app under test in its own process, signed requests fired
at a fixed concurrency, percentiles and RSS.

The stand-in Web API (and the response_url host) is the test world's `FakeSlackAPI`; it runs in the benchmark's
process, the app under test in a child (`bench._serve`), so the load generator never competes with the measured
event loop and the child's RSS is the instance's alone.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from tests.world.signing import sign
from tests.world.slack_api import FakeSlackAPI
from tests.world.slack_payloads import (
    app_mention_event,
    block_actions_payload,
    event_callback,
    new_trigger_id,
    slash_command_payload,
)

SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench"
REPLY_METHODS = ("chat.postMessage", "chat.postEphemeral")
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Signed:
    """One request as Slack would send it: body bytes and headers, signed."""

    body: bytes
    headers: dict[str, str]


@dataclass
class Fired:
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0


def _signed(body: str, content_type: str) -> Signed:
    return Signed(body.encode(), {"Content-Type": content_type, **sign(SIGNING_SECRET, body)})


def slash_command(slack: FakeSlackAPI, text: str = "help") -> Signed:
    fields = slash_command_payload(text, response_url=slack.response_url(), trigger_id=new_trigger_id())
    return _signed(urlencode(fields), "application/x-www-form-urlencoded")


def mention(text: str = "<@UBOT> help") -> Signed:
    return _signed(json.dumps(event_callback(app_mention_event(text, channel="C1"))), "application/json")


def button_click(slack: FakeSlackAPI) -> Signed:
    payload = block_actions_payload(
        "genai:help", value="committee", trigger_id=new_trigger_id(), response_url=slack.response_url()
    )
    return _signed(urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def replies(slack: FakeSlackAPI) -> int:
    """Answers the stand-in has received: chat posts and response_url posts."""
    return sum(1 for c in slack.calls if c.method in REPLY_METHODS) + len(slack.responses)


async def wait_for_replies(slack: FakeSlackAPI, expected: int, timeout: float = 120.0) -> int:  # noqa: ASYNC109
    """Wait until `expected` answers arrived (or `timeout`); returns how many are missing."""
    deadline = time.monotonic() + timeout
    while True:  # polling what the stand-in recorded: it has no event to wait on
        if replies(slack) >= expected or time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # anything more than expected would be a duplicate: let it land
    return abs(expected - replies(slack))


@asynccontextmanager
async def stand_in_slack(*, live_ts: bool = False) -> AsyncIterator[FakeSlackAPI]:
    """`live_ts`: message ts on the real clock, as Slack's (needed where the bot looks its posts up by time)."""
    async with FakeSlackAPI(tokens=[BOT_TOKEN], live_ts=live_ts) as slack:
        slack.add_user("U1", "tanaka", email="tanaka@example.go.jp")
        slack.add_channel("C1", "general", members=["U1", "UBOT"])
        yield slack


@dataclass(frozen=True)
class Instance:
    url: str
    pid: int


@asynccontextmanager
async def running(
    app: str, slack: FakeSlackAPI, workdir: Path, *, args: Sequence[str] = (), **env: str
) -> AsyncIterator[Instance]:
    """`app` ("bot" or "baseline") serving in a child process against `slack`, with its SQLite file in `workdir`."""
    child_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        "GENAI_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / f'{app}.db'}",
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "GENAI_SLACK_API_URL": slack.base_url,
        "GENAI_LOG_LEVEL": "WARNING",
        **env,
    }
    for name in ("SLACK_APP_TOKEN", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "GENAI_LLM_PROVIDERS"):
        child_env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench._serve",
        "--app",
        app,
        *args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=child_env,
        cwd=workdir,
    )
    assert process.stdout is not None and process.stdin is not None
    try:
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        if not line:
            raise RuntimeError(f"{app} did not start (exit status {await process.wait()})")
        ready = json.loads(line)
        yield Instance(f"http://127.0.0.1:{ready['port']}/slack/events", int(ready["pid"]))
    finally:
        process.stdin.close()
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


async def fire(session: aiohttp.ClientSession, url: str, requests: Sequence[Signed], concurrency: int) -> Fired:
    """Send `requests` with at most `concurrency` in flight; time each until its status line arrives."""
    fired = Fired()
    queue = iter(requests)

    async def worker() -> None:
        for request in queue:
            started = time.perf_counter()
            try:
                async with session.post(url, data=request.body, headers=request.headers) as response:
                    status = response.status
                    await response.read()
            except (aiohttp.ClientError, TimeoutError):
                fired.errors += 1
                continue
            fired.latencies_s.append(time.perf_counter() - started)
            if status != 200:
                fired.errors += 1

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return fired


def client_session(concurrency: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=30))


def percentile_ms(values: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile of `values` (seconds), in milliseconds."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return round(ordered[rank - 1] * 1000, 2)


def rss_mb(pid: int) -> float:
    """Resident set size of process `pid` in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError(f"no VmRSS for pid {pid}")


def emit(result: dict[str, Any]) -> None:
    """Print the one JSON object a benchmark reports (the last line of its output)."""
    print(json.dumps({**result, "cpu_count": os.cpu_count()}, ensure_ascii=False), flush=True)


def build(count: int, make: Callable[[], Signed]) -> list[Signed]:
    return [make() for _ in range(count)]
