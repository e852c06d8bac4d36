"""Structured logs (structlog). Secrets and message bodies never reach info level."""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

# Keys whose values are replaced in every log line at info and above.
_SENSITIVE = ("token", "secret", "password", "authorization", "text", "body", "prompt", "content")


def _redact(_logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    if method == "debug":
        return event
    for key in list(event):
        if key != "event" and any(s in key.lower() for s in _SENSITIVE):
            event[key] = "[redacted]"
    return event


def configure_logging(level: str = "INFO", fmt: str = "console") -> None:
    renderer: Any = structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(
        colors=False
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
