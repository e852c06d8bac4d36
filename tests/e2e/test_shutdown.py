"""Graceful shutdown: SIGTERM lets the HTTP server finish and exit cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
from pathlib import Path

import aiohttp

from tests.e2e.test_cli import EXE
from tests.waiting import wait_until
from tests.world import FakeSlackAPI, SlackEventSender

SECRET = "shutdown-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _wait_healthy(url: str, proc: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(100):
            assert proc.poll() is None, "bot exited early"
            try:
                async with session.get(f"{url}/healthz") as resp:
                    if resp.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("bot never became healthy")


async def test_sigterm_finishes_in_flight_work_and_exits_zero(tmp_path: Path) -> None:
    async with FakeSlackAPI() as slack:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GENAI_", "OPENAI_"))}
        env |= {
            "SLACK_BOT_TOKEN": "xoxb-t",
            "SLACK_SIGNING_SECRET": SECRET,
            "GENAI_SLACK_API_URL": slack.base_url,
            "GENAI_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db",
        }
        proc = subprocess.Popen(  # noqa: ASYNC220 (a child process that outlives this coroutine step)
            [EXE, "run", "--mode", "http", "--port", str(port)],
            env=env,
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            await _wait_healthy(url, proc)
            # the Web API answers slowly, so the reply is still in flight when SIGTERM arrives
            slack.latency["response_url"] = 1.0
            async with SlackEventSender(url, SECRET, slack_api=slack) as sender:
                status, _, _ = await sender.slash_command("status")
                assert status == 200
                await wait_until(lambda: slack.responses_started == 1, what="the answer on its way (slowly)")
                proc.send_signal(signal.SIGTERM)
                returncode = await asyncio.get_running_loop().run_in_executor(None, proc.wait, 20)
            [response] = slack.responses  # the in-flight answer was delivered before the process exited
            assert "genai-bot" in response.body["text"]
            assert returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
