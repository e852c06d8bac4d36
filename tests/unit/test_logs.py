"""Logs never carry tokens or message bodies at info level, and tracebacks never show local variables."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Iterator

import pytest
import structlog

from genai_bot.logs import HeadOnlyFilter, body_free_logger, configure_logging, without_message


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """configure_logging binds a root handler to pytest's captured stderr; undo it so later tests log safely."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    structlog.reset_defaults()
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(False)


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


def _libraries_log() -> None:
    """What the libraries under the bot log on their own stdlib loggers."""
    logging.getLogger("httpx2").info('HTTP Request: POST http://llm/v1/chat/completions "HTTP/1.1 200 OK"')
    logging.getLogger("httpx2").warning("HTTP Request: retrying")
    logging.getLogger("slack_sdk.socket_mode.aiohttp").error("Failed to connect (error: %s); Retrying...", "boom")
    logging.getLogger("apscheduler.scheduler").warning("Run time of job was missed by %s", "0:00:01")
    try:
        raise ConnectionResetError("peer went away")
    except ConnectionResetError:
        logging.getLogger("aiohttp.server").exception("Error handling request")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("a deprecated call", DeprecationWarning, stacklevel=1)


def test_json_mode_is_json_for_every_logger(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "json")
    structlog.get_logger("genai_bot.test").info("handled", user="U1")
    _libraries_log()
    records = [json.loads(line) for line in capsys.readouterr().err.splitlines()]  # every line is one JSON object
    assert [r["logger"] for r in records] == [
        "genai_bot.test",
        "httpx2",
        "slack_sdk.socket_mode.aiohttp",
        "apscheduler.scheduler",
        "aiohttp.server",
        "py.warnings",
    ]
    assert all({"event", "level", "timestamp"} <= set(r) for r in records)
    assert records[2]["event"] == "Failed to connect" and records[2]["level"] == "error"  # the head only
    assert "ConnectionResetError: peer went away" in records[4]["exception"]
    assert "a deprecated call" in records[5]["event"]


def test_request_lines_of_http_clients_stay_out_at_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "console")
    _libraries_log()
    err = capsys.readouterr().err
    assert "chat/completions" not in err and "HTTP Request: retrying" in err


def test_configuring_again_replaces_the_handler(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", "console")
    configure_logging("WARNING", "json")
    structlog.get_logger("t").info("quiet")
    logging.getLogger("genai_bot.t").warning("once")
    [line] = capsys.readouterr().err.splitlines()
    assert json.loads(line)["event"] == "once"


def test_without_message_drops_that_message_only_while_it_lasts(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("genai_bot.t.quiet")
    with without_message(logger, "As you gave `client` as well, `token` will be unused."):
        logger.warning("As you gave `client` as well, `token` will be unused.")
        logger.warning("something else")
    logger.warning("As you gave `client` as well, `token` will be unused.")
    assert [r.getMessage() for r in caplog.records] == [
        "something else",
        "As you gave `client` as well, `token` will be unused.",
    ]
