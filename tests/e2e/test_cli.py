"""The installed `genai-bot` command as a newcomer uses it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from genai_bot.app import schema_heads
from tests.postgres_guard import missing_server

EXE = shutil.which("genai-bot", path=str(Path(sys.executable).parent)) or "genai-bot"


def run(args: list[str], cwd: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GENAI_", "OPENAI_", "AZURE_"))}
    return subprocess.run(
        [EXE, *args], input=stdin, capture_output=True, text=True, cwd=cwd, env={**clean, **env}, timeout=60
    )


def test_run_without_slack_tokens_starts_the_console_and_prints_help(tmp_path: Path) -> None:
    done = run(["run"], tmp_path, "/genai help\n")
    assert done.returncode == 0, done.stderr
    assert "genai-bot の使い方" in done.stdout and "`committee`" in done.stdout
    assert (tmp_path / "genai-bot.db").exists()  # embedded SQLite, upgraded at start


def test_console_options_user_and_lang(tmp_path: Path) -> None:
    done = run(["console", "--user", "suzuki", "--lang", "en"], tmp_path, "/genai help status\n")
    assert done.returncode == 0, done.stderr
    assert "Show the bot's status" in done.stdout


def test_malformed_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    done = run(["run"], tmp_path, "", GENAI_TIMEZONE="Tokyo/Nowhere")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "GENAI_TIMEZONE" in lines[0] and "Asia/Tokyo" in lines[0]


def test_a_bad_skill_setting_also_stops_start_up_with_one_line(tmp_path: Path) -> None:
    done = run(["run"], tmp_path, "", GENAI_TRANSLATE_GLOSSARY=str(tmp_path / "missing.csv"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "GENAI_TRANSLATE_GLOSSARY" in lines[0]


def test_http_mode_without_signing_secret_names_the_setting(tmp_path: Path) -> None:
    done = run(["run", "--mode", "http"], tmp_path, "", SLACK_BOT_TOKEN="xoxb-1")
    assert done.returncode == 2
    assert "SLACK_SIGNING_SECRET" in done.stderr and "xoxb-1" not in done.stderr


def test_db_upgrade_reports_the_revision(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/ops.db"
    done = run(["db", "upgrade"], tmp_path, GENAI_DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    assert f"is at revision {', '.join(schema_heads())}" in done.stdout


@pytest.mark.postgres
def test_run_against_postgres_refuses_an_unmigrated_database(tmp_path: Path, postgres_server: str | None) -> None:
    if postgres_server is None:
        missing_server("no PostgreSQL server binary on this machine")
    import asyncio

    from tests.conftest import _fresh_postgres_database

    url = asyncio.run(_fresh_postgres_database(postgres_server))
    done = run(["run"], tmp_path, "/genai help\n", GENAI_DATABASE_URL=url)
    assert done.returncode == 2 and "genai-bot db upgrade" in done.stderr
    assert run(["db", "upgrade"], tmp_path, GENAI_DATABASE_URL=url).returncode == 0
    done = run(["run"], tmp_path, "/genai status\n", GENAI_DATABASE_URL=url)
    assert done.returncode == 0 and "postgresql" in done.stdout


def test_sigterm_stops_a_console_waiting_for_input(tmp_path: Path) -> None:
    import signal
    import time

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "GENAI_", "OPENAI_", "AZURE_"))}
    proc = subprocess.Popen(
        [EXE, "console"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=tmp_path, env=clean
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("/genai status\n")
        proc.stdin.flush()
        assert "genai-bot" in proc.stdout.readline()  # it answered and now waits for the next line
        time.sleep(0.3)  # part of the test: the console is back at its prompt, idle, when the signal comes
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0  # stdin is still open: it must not wait for it
    finally:
        if proc.poll() is None:
            proc.kill()
