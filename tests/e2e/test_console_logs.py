"""The console shows answers only: logs start at WARNING there (unless GENAI_LOG_LEVEL is set), the HTTP client's
request lines never appear, and GENAI_LOG_FORMAT=json makes every logger's line JSON."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_cli_startup import bot
from tests.world.openai_api import FakeOpenAI


def _llm_env(llm: FakeOpenAI) -> dict[str, str]:
    return {"GENAI_LLM_PROVIDERS": json.dumps([llm.provider("p1")])}


async def _console(cwd: Path, lines: str, **env: str) -> tuple[str, str]:
    async with bot(["run"], cwd, **env) as child:
        out, err = await child.proc.communicate(lines.encode())
        assert child.proc.returncode == 0, err.decode()
    return out.decode(), err.decode()


async def test_the_console_prints_answers_and_no_log_line(tmp_path: Path) -> None:
    async with FakeOpenAI() as llm:
        out, err = await _console(tmp_path, "/genai help\nこんにちは\n", **_llm_env(llm))
        assert len(llm.requests) == 1  # the chat line went to the LLM (an HTTP request the client logs at info)
    assert "genai-bot の使い方" in out and "こんにちは" in out
    assert err == ""


async def test_json_logs_are_json_for_every_logger(tmp_path: Path) -> None:
    async with FakeOpenAI() as llm:
        _, err = await _console(
            tmp_path, "こんにちは\n", GENAI_LOG_FORMAT="json", GENAI_LOG_LEVEL="DEBUG", **_llm_env(llm)
        )
    records = [json.loads(line) for line in err.splitlines()]  # every line is one JSON object
    loggers = {r["logger"] for r in records}
    assert any(not name.startswith(("genai_bot", "handlers", "skills")) for name in loggers), loggers
    assert not any("HTTP Request" in r["event"] for r in records)


async def test_openai_base_url_without_a_key_is_one_warning(tmp_path: Path) -> None:
    _, err = await _console(tmp_path, "/genai help\n", OPENAI_BASE_URL="http://127.0.0.1:9/v1")
    [line] = err.splitlines()
    assert "warning" in line and "OPENAI_BASE_URL" in line and "OPENAI_API_KEY" in line
    _, err = await _console(tmp_path, "/genai help\n", OPENAI_BASE_URL="http://127.0.0.1:9/v1", OPENAI_API_KEY="k")
    assert err == ""
