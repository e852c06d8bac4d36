"""Structured logs (structlog). Secrets and message bodies never reach info level."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import structlog

__all__ = ["HeadOnlyFilter", "body_free_logger", "configure_logging", "without_message"]

# Values under these keys are replaced: secrets at every level, message bodies at info and above.
_SECRETS = ("token", "secret", "password", "authorization", "api_key", "apikey", "cookie")
_BODIES = ("text", "body", "prompt", "content", "message_text")

# Libraries that put request bodies into their messages (Bolt: "Unhandled request ({…})", "Invalid request
# signature detected (… body: …)").
_BODY_LOGGING_LIBRARIES = ("slack_bolt", "slack_sdk", "genai_bot.slack_bolt")
_DETAIL = re.compile(r"\s*[({\[:].*", re.DOTALL)
# Libraries that log every request at info: kept at WARNING unless the level asked for is higher.
_NOISY_LIBRARIES = (
    *_BODY_LOGGING_LIBRARIES,
    "aiohttp.access",
    "apscheduler",
    "httpx",
    "httpx2",
    "httpcore",
    "httpcore2",
    "openai",
    "alembic",
)


class HeadOnlyFilter(logging.Filter):
    """At info and above keep only a message's head, the words before its first `(`, `{`, `[` or `:`, so a
    library that logs a request body logs only what happened ("Unhandled request"). Debug stays whole."""

    def __init__(self, *prefixes: str) -> None:
        super().__init__()
        self._prefixes = prefixes

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO and (not self._prefixes or record.name.startswith(self._prefixes)):
            head = _DETAIL.sub("", record.getMessage()).strip()
            record.msg, record.args = head or "(details hidden)", ()
        return True


def body_free_logger(name: str = "genai_bot.slack_bolt") -> logging.Logger:
    """A stdlib logger for a library that logs bodies (pass it to Bolt's `AsyncApp(logger=…)`: Bolt copies its
    filters to every logger it makes)."""
    logger = logging.getLogger(name)
    if not any(isinstance(f, HeadOnlyFilter) for f in logger.filters):
        logger.addFilter(HeadOnlyFilter())
    return logger


@contextmanager
def without_message(logger: logging.Logger, *messages: str) -> Iterator[None]:
    """Drop records whose message is exactly one of `messages` from `logger` for the duration (a library's
    warning that does not apply, e.g. Bolt's "`token` will be unused" when SLACK_BOT_TOKEN is in the environment)."""

    def other_messages(record: logging.LogRecord) -> bool:
        return record.getMessage() not in messages

    logger.filters.insert(0, other_messages)  # before a HeadOnlyFilter shortens the message
    try:
        yield
    finally:
        logger.removeFilter(other_messages)


def _one_line_event(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A library's message without the trailing newline some add (Python's warnings do)."""
    if isinstance(event.get("event"), str):
        event["event"] = event["event"].rstrip()
    return event


def _redact(_logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    hidden = _SECRETS if method == "debug" else _SECRETS + _BODIES
    for key in list(event):
        if key != "event" and any(s in key.lower() for s in hidden):
            event[key] = "[redacted]"
    return event


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    """Every log line, structlog's and the libraries' (httpx, slack_sdk, aiohttp, apscheduler, …), goes through one
    stderr handler and one renderer: `json` is JSON for every logger. Calling it again replaces the handler."""
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _redact,
        # Tracebacks never show local variables: they could hold message bodies or tokens.
        structlog.processors.format_exc_info,
    ]
    foreign = [*shared[:2], _one_line_event, *shared[2:]]
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
    )
    handler = _OurHandler(sys.stderr)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=foreign,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    handler.addFilter(HeadOnlyFilter(*_BODY_LOGGING_LIBRARIES))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _OurHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for noisy in _NOISY_LIBRARIES:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    logging.captureWarnings(True)  # Python warnings become log lines too (JSON in json mode)
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=False,
    )


class _OurHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The one handler configure_logging installs on the root logger (so a second call can replace it)."""
