"""Structured logs (structlog). Secrets and message bodies never reach info level."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# Values under these keys are replaced: secrets at every level, message bodies at info and above.
_SECRETS = ("token", "secret", "password", "authorization", "api_key", "apikey", "cookie")
_BODIES = ("text", "body", "prompt", "content", "message_text")


def _redact(_logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    hidden = _SECRETS if method == "debug" else _SECRETS + _BODIES
    for key in list(event):
        if key != "event" and any(s in key.lower() for s in hidden):
            event[key] = "[redacted]"
    return event


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    # Tracebacks never show local variables: they could hold message bodies or tokens.
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(
        colors=False, exception_formatter=structlog.dev.plain_traceback
    )
    logging.basicConfig(format="%(message)s", stream=sys.stderr, level=level)
    for noisy in ("slack_bolt", "slack_sdk", "aiohttp.access", "apscheduler", "httpx", "openai", "alembic"):
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
