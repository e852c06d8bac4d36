"""Structured logs (structlog). Secrets and message bodies never reach info level."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

__all__ = ["HeadOnlyFilter", "body_free_logger", "configure_logging"]

# Values under these keys are replaced: secrets at every level, message bodies at info and above.
_SECRETS = ("token", "secret", "password", "authorization", "api_key", "apikey", "cookie")
_BODIES = ("text", "body", "prompt", "content", "message_text")

# Libraries that put request bodies into their messages (Bolt: "Unhandled request ({…})", "Invalid request
# signature detected (… body: …)").
_BODY_LOGGING_LIBRARIES = ("slack_bolt", "slack_sdk", "genai_bot.slack_bolt")
_DETAIL = re.compile(r"\s*[({\[:].*", re.DOTALL)


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


def _redact(_logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    hidden = _SECRETS if method == "debug" else _SECRETS + _BODIES
    for key in list(event):
        if key != "event" and any(s in key.lower() for s in hidden):
            event[key] = "[redacted]"
    return event


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    # Tracebacks never show local variables: they could hold message bodies or tokens.
    renderer: Any = (
        structlog.processors.JSONRenderer()
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
    )
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    for handler in logging.getLogger().handlers:  # loggers the libraries make without our base logger
        if not any(isinstance(f, HeadOnlyFilter) for f in handler.filters):
            handler.addFilter(HeadOnlyFilter(*_BODY_LOGGING_LIBRARIES))
    for noisy in (*_BODY_LOGGING_LIBRARIES, "aiohttp.access", "apscheduler", "httpx", "openai", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            _redact,
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level)),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
