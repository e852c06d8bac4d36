"""The PostgreSQL half of the suite may be skipped on a laptop without PostgreSQL, never in CI.

With GENAI_TEST_REQUIRE_POSTGRES=1 (set by `.ci/run`) a missing server fails the tests that need it instead of
skipping them, and the run fails when any `postgres` test was skipped or none passed (deselected with `-m`, say).
Either way the summary ends with one line `postgres tests: N passed, M skipped, K failed` that `.ci/run` checks.
Hooks are imported into tests/conftest.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import pytest

__all__ = [
    "REQUIRE_ENV",
    "missing_server",
    "pytest_runtest_logreport",
    "pytest_sessionfinish",
    "pytest_terminal_summary",
    "required",
]

REQUIRE_ENV = "GENAI_TEST_REQUIRE_POSTGRES"


def required() -> bool:
    return os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def missing_server(reason: str) -> None:
    """No PostgreSQL for this test: a skip on a developer's machine, a failure where it is required."""
    if required():
        pytest.fail(f"{reason}; {REQUIRE_ENV} is set, so this is a failure, not a skip", pytrace=False)
    pytest.skip(reason)


@dataclass
class _Tally:
    passed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def problem(self) -> str | None:
        if self.skipped:
            return f"{len(self.skipped)} PostgreSQL test(s) were skipped, e.g. {self.skipped[0]}"
        if not self.passed:
            return "no PostgreSQL test passed (were they deselected, or is the server missing?)"
        return None


_tally = _Tally()


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "postgres" not in report.keywords:
        return
    if report.skipped:
        _tally.skipped.append(report.nodeid)
    elif report.failed:
        _tally.failed.append(report.nodeid)
    elif report.passed and report.when == "call":
        _tally.passed.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if required() and session.exitstatus == pytest.ExitCode.OK and _tally.problem():
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(
        f"postgres tests: {len(_tally.passed)} passed, {len(_tally.skipped)} skipped, {len(_tally.failed)} failed"
    )
    problem = _tally.problem()
    if required() and problem:
        terminalreporter.write_line(f"{REQUIRE_ENV} is set: {problem}", red=True, bold=True)
