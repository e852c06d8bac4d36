"""SIGTERM whose grace period ends before the work does: the person is told it will resume, and after the restart
the answer arrives, once."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import make_settings, migrate
from tests.e2e.test_cli import EXE
from tests.e2e.test_shutdown import SECRET, _free_port, _wait_healthy
from tests.waiting import wait_until
from tests.world import FakeSlackAPI, SlackEventSender
from tests.world.openai_api import FakeOpenAI

ANSWER = "The committee meets tomorrow."


def _start(env: dict[str, str], port: int, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [EXE, "run", "--mode", "http", "--port", str(port)],
        env=env,
        cwd=cwd,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )


async def _stop(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGTERM)
    return await asyncio.get_running_loop().run_in_executor(None, proc.wait, 20)


def _ephemerals(slack: FakeSlackAPI) -> list[dict[str, Any]]:
    return [c.params for c in slack.calls_to("chat.postEphemeral") if c.ok]


async def test_sigterm_mid_work_tells_the_person_and_the_next_start_answers_once(
    tmp_path: Path, database_url: str, fake_llm: FakeOpenAI
) -> None:
    await migrate(make_settings(GENAI_DATABASE_URL=database_url))
    async with FakeSlackAPI() as slack:
        slack.add_user("U1", "tanaka")
        slack.add_channel("C1", "general", members=["U1", "UBOT"])
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GENAI_", "OPENAI_"))}
        env |= {
            "SLACK_BOT_TOKEN": "xoxb-t",
            "SLACK_SIGNING_SECRET": SECRET,
            "GENAI_SLACK_API_URL": slack.base_url,
            "GENAI_DATABASE_URL": database_url,
            "GENAI_LLM_PROVIDERS": json.dumps([fake_llm.provider("p1")]),
            "GENAI_SHUTDOWN_TIMEOUT_SECONDS": "0.5",  # far shorter than the model takes
            "GENAI_OUTBOX_INTERVAL_SECONDS": "0.2",
        }
        fake_llm.latency = 30.0
        fake_llm.reply_with(lambda _body: ANSWER)
        procs: list[subprocess.Popen[bytes]] = []
        try:
            port = _free_port()
            procs.append(_start(env, port, tmp_path))
            await _wait_healthy(f"http://127.0.0.1:{port}", procs[0])
            async with SlackEventSender(f"http://127.0.0.1:{port}", SECRET, slack_api=slack) as sender:
                status, _, _ = await sender.slash_command("translate en 委員会は明日開催します")
                assert status == 200
                await wait_until(lambda: len(fake_llm.requests) == 1, what="the model asked (slowly)")
                assert await _stop(procs[0]) == 0
            [told] = _ephemerals(slack)
            assert told["user"] == "U1" and told["channel"] == "C1"
            assert "再起動後に続きを実行" in told["text"]
            assert slack.responses == []  # no answer yet

            fake_llm.latency = 0.0
            port = _free_port()
            procs.append(_start(env, port, tmp_path))
            await _wait_healthy(f"http://127.0.0.1:{port}", procs[1])
            await wait_until(lambda: len(_ephemerals(slack)) == 2, what="the resumed answer")
            assert await _stop(procs[1]) == 0  # sweeps came and went: nothing more was sent
            answers = [p for p in _ephemerals(slack) if ANSWER in p["text"]]
            assert len(answers) == 1 and answers[0]["user"] == "U1" and answers[0]["channel"] == "C1"
            assert len(_ephemerals(slack)) == 2 and slack.responses == []
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
