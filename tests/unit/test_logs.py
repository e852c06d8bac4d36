"""Logs never carry tokens or message bodies at info level, and tracebacks never show local variables."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import structlog

from genai_bot.logs import HeadOnlyFilter, body_free_logger, configure_logging


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


def test_bolt_logs_what_happened_never_the_body(caplog: pytest.LogCaptureFixture) -> None:
    from slack_bolt.middleware.request_verification import RequestVerification

    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="genai_bot.slack_bolt")  # Bolt copies the base logger's level
    verification = RequestVerification("secret", base_logger=body_free_logger())
    verification._debug_log_error("v0=abc", "123", "payload=%7B%22text%22%3A%22部長の人事案%22%7D")
    verification.logger.debug("Received (text: 部長の人事案)")  # developers may see bodies at debug
    assert [r.getMessage() for r in caplog.records] == [
        "Invalid request signature detected",
        "Received (text: 部長の人事案)",
    ]


def test_third_party_loggers_without_our_filter_are_cut_at_the_handler() -> None:
    record = logging.LogRecord(
        "slack_sdk.socket_mode", logging.WARNING, __file__, 1, "Failed to parse: %s", ("部長の人事案",), None
    )
    other = logging.LogRecord("apscheduler.scheduler", logging.INFO, __file__, 1, "Added job (x)", (), None)
    handler_filter = HeadOnlyFilter("slack_bolt", "slack_sdk")
    assert handler_filter.filter(record) and record.getMessage() == "Failed to parse"
    assert handler_filter.filter(other) and other.getMessage() == "Added job (x)"
