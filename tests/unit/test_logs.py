"""Logs never carry tokens or message bodies at info level, and tracebacks never show local variables."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import structlog

from genai_bot.logs import configure_logging


@pytest.fixture(autouse=True)
def _restore_structlog() -> Iterator[None]:
    """configure_logging binds structlog to pytest's captured stderr; undo it so later tests log safely."""
    yield
    structlog.reset_defaults()


def test_sensitive_values_are_redacted_at_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    log = structlog.get_logger("t")
    log.info("handled", bot_token="xoxb-secret-1", text="部長の人事案について", user="U1", prompt="p")
    err = capsys.readouterr().err
    assert "xoxb-secret-1" not in err and "部長の人事案" not in err
    assert '"user": "U1"' in err and "[redacted]" in err


def test_tracebacks_do_not_show_locals(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "console")
    log = structlog.get_logger("t")
    secret_message = "機密: 予算案の詳細"  # noqa: F841 (a local the traceback must not print)
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    err = capsys.readouterr().err
    assert "ValueError: boom" in err and "予算案" not in err


def test_debug_keeps_bodies_for_developers_but_never_secrets(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("DEBUG", "json")
    structlog.get_logger("t").debug("sizes", text="short", api_key="sk-123")
    err = capsys.readouterr().err
    assert '"text": "short"' in err and "sk-123" not in err
