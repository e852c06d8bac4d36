"""Calendars for committee scheduling: who is busy when, and putting the confirmed meeting in calendars.

``build_calendar(settings, db)`` gives a ``CompositeCalendar``: Microsoft Graph (app-only, via msal) for
e-mail addresses when GENAI_ENTRA_TENANT_ID, GENAI_ENTRA_CLIENT_ID and GENAI_ENTRA_CLIENT_SECRET are set,
and busy blocks imported from .ics files (``import_ics``) for everyone else and whenever Graph fails.
``build_invitation`` / ``build_cancellation`` make the .ics files sent with a confirmation.
Nothing connects at import time.
"""

from __future__ import annotations

from genai_bot.calendar import messages as messages
from genai_bot.calendar.composite import CompositeCalendar
from genai_bot.calendar.errors import (
    CalendarError,
    GraphAuthFailed,
    GraphForbidden,
    GraphRejected,
    GraphThrottled,
    GraphUnavailable,
)
from genai_bot.calendar.graph import GraphCalendar, GraphUser
from genai_bot.calendar.ics import build_cancellation, build_invitation
from genai_bot.calendar.ics_parse import IcsIssue, parse_busy_blocks
from genai_bot.calendar.local import ImportResult, LocalCalendar, import_ics
from genai_bot.calendar.messages import event_failure_message, fallback_message, issue_message
from genai_bot.calendar.port import (
    SOURCE_GRAPH,
    SOURCE_LOCAL,
    WARNING_CODES,
    Attendee,
    AvailabilityResult,
    CalendarSource,
    Contact,
    EventWriter,
    NewEvent,
    RemoteCalendar,
    Span,
    is_email,
    person_key,
)
from genai_bot.config import Settings
from genai_bot.db import Database
from genai_bot.secrets import SecretStore

__all__ = [
    "SOURCE_GRAPH",
    "SOURCE_LOCAL",
    "WARNING_CODES",
    "Attendee",
    "AvailabilityResult",
    "CalendarError",
    "CalendarSource",
    "CompositeCalendar",
    "Contact",
    "EventWriter",
    "GraphAuthFailed",
    "GraphCalendar",
    "GraphForbidden",
    "GraphRejected",
    "GraphThrottled",
    "GraphUnavailable",
    "GraphUser",
    "IcsIssue",
    "ImportResult",
    "LocalCalendar",
    "NewEvent",
    "RemoteCalendar",
    "Span",
    "build_calendar",
    "build_cancellation",
    "build_invitation",
    "event_failure_message",
    "fallback_message",
    "import_ics",
    "is_email",
    "issue_message",
    "parse_busy_blocks",
    "person_key",
]


def build_calendar(settings: Settings, db: Database, **graph_tuning: object) -> CompositeCalendar:
    """The calendar the app uses: Graph when Entra ID is configured (raises ConfigError on a missing CA
    bundle file), local .ics data always. Close it with ``aclose()``."""
    graph = GraphCalendar.from_settings(settings, SecretStore(db), **graph_tuning)  # its token kept encrypted
    return CompositeCalendar(graph, LocalCalendar(db))
