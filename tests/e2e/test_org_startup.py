"""GENAI_ORG_FILE at start-up: a good file lets the bot start; a broken one stops it with one line naming it."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli import run

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "org.example.yaml"


def test_the_example_organisation_file_starts(tmp_path: Path) -> None:
    done = run(["run"], tmp_path, "/genai status\n", GENAI_ORG_FILE=str(EXAMPLE))
    assert done.returncode == 0, done.stderr


def test_an_unknown_approver_stops_start_up_with_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "org.yaml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace("[U0KACHO001]", "[U0NOBODY1]"), encoding="utf-8")
    done = run(["run"], tmp_path, "/genai status\n", GENAI_ORG_FILE=str(broken))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown approver 'U0NOBODY1'" in lines[0] and "GENAI_ORG_FILE" in lines[0]
