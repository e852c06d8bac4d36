"""The instance name the outbox claims rows under: different for two live processes on one host, the same for a
process that restarts (so it takes its rows back at once)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from genai_bot.instance import host_instance_slot
from tests.conftest import make_settings

DB = "postgresql+asyncpg://bot:secret@db.internal:5432/genai"
ROOT = Path(__file__).resolve().parents[2]


def test_two_holders_differ_and_a_released_name_is_taken_again(tmp_path: Path) -> None:
    first, second = host_instance_slot(DB, lock_dir=tmp_path), host_instance_slot(DB, lock_dir=tmp_path)
    try:
        assert first.name != second.name
        assert first.name.endswith("-0") and second.name.endswith("-1")
        elsewhere = host_instance_slot("sqlite+aiosqlite:///other.db", lock_dir=tmp_path)
        assert elsewhere.name == first.name  # another database: names of its own
        elsewhere.release()
        first.release()
        again = host_instance_slot(DB, lock_dir=tmp_path)
        assert again.name == first.name
        again.release()
    finally:
        first.release()
        second.release()
    assert not any("secret" in p.name for p in tmp_path.iterdir())


def test_a_process_killed_and_started_again_gets_its_name_back_while_a_neighbour_keeps_its_own(
    tmp_path: Path,
) -> None:
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from genai_bot.instance import host_instance_slot
        print(host_instance_slot({DB!r}, lock_dir=Path({str(tmp_path)!r})).name, flush=True)
        time.sleep(3600)
    """)

    def start() -> tuple[subprocess.Popen[str], str]:
        process = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}
        )
        assert process.stdout is not None
        return process, process.stdout.readline().strip()

    first, first_name = start()
    neighbour, neighbour_name = start()
    try:
        assert first_name != neighbour_name
        first.kill()  # SIGKILL: the kernel drops its lock
        first.wait()
        restarted, restarted_name = start()
        restarted.kill()
        restarted.wait()
        assert restarted_name == first_name
    finally:
        for process in (first, neighbour):
            process.kill()
            process.wait()


def test_a_blank_instance_setting_means_the_host_default() -> None:
    assert make_settings(GENAI_INSTANCE_ID=" ").instance_id is None
    assert make_settings(GENAI_INSTANCE_ID="bot-a").instance_id == "bot-a"
