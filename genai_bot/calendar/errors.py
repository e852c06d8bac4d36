"""Calendar service failures, each carrying the warning code the caller shows (i18n: calendar.reason.<code>)."""

from __future__ import annotations

from genai_bot.calendar.port import (
    GRAPH_AUTH_FAILED,
    GRAPH_FORBIDDEN,
    GRAPH_REJECTED,
    GRAPH_THROTTLED,
    GRAPH_UNREACHABLE,
)
from genai_bot.errors import ExternalServiceError


class CalendarError(ExternalServiceError):
    """A calendar service failed; ``warning_code`` names why in a way the user can be told."""

    warning_code = GRAPH_UNREACHABLE

    def __init__(self, detail: str = "") -> None:
        super().__init__(f"{self.warning_code}: {detail}" if detail else self.warning_code)
        self.detail = detail


class GraphUnavailable(CalendarError):
    """Graph or the Entra authority could not be reached, or kept answering 5xx, after retries."""

    warning_code = GRAPH_UNREACHABLE


class GraphThrottled(GraphUnavailable):
    """Graph kept answering 429 after the bounded number of retries."""

    warning_code = GRAPH_THROTTLED


class GraphForbidden(CalendarError):
    """Graph refused the app (401/403): permission missing or admin consent not granted."""

    warning_code = GRAPH_FORBIDDEN


class GraphAuthFailed(CalendarError):
    """Entra ID refused to issue a token (wrong client id or secret, unknown tenant or authority)."""

    warning_code = GRAPH_AUTH_FAILED


class GraphRejected(CalendarError):
    """Graph answered a client error that retrying will not fix (400, 404 on the organiser, …)."""

    warning_code = GRAPH_REJECTED
