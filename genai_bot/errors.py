"""One exception hierarchy. Skills raise UserFacingError; adapters render it in the user's language."""

from __future__ import annotations

from typing import Any


class GenaiBotError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(GenaiBotError):
    """A setting is missing or malformed. The message is one line naming it and the fix."""


class StartupError(GenaiBotError):
    """Start-up cannot go on: a busy port, an unreachable database, a token Slack refuses. The message is one line
    naming the problem and the setting that decides it; the CLI prints it and exits with status 2."""


class UserFacingError(GenaiBotError):
    """An error the user should see, as an i18n message key with arguments."""

    def __init__(self, message_key: str, **args: Any) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.args_ = args


class FieldError(UserFacingError):
    """A UserFacingError about one field of a submitted form; shown next to that field where possible."""

    def __init__(self, field: str, message_key: str, **args: Any) -> None:
        super().__init__(message_key, **args)
        self.field = field


class ExternalServiceError(GenaiBotError):
    """A foreign service (LLM, Graph, Slack) failed after retries; translated at the boundary."""
