"""The calendar port: who is busy when (``CalendarSource``) and putting a meeting in a calendar (``EventWriter``).

People are named by e-mail address (looked up in Microsoft Graph) or by any other key the caller uses for a
member (looked up in the busy blocks imported from .ics files). ``person_key`` is the one normal form both
sides store and compare: NFKC (full-width input accepted), trimmed, e-mail addresses case-folded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple, Protocol

from genai_bot.text import nfkc

Span = tuple[datetime, datetime]
"""A half-open busy period ``[start, end)`` with time-zone-aware datetimes (UTC when produced here)."""

SOURCE_GRAPH = "graph"
SOURCE_LOCAL = "local"

# Warning codes: why an answer is less complete than asked for (i18n: calendar.reason.<code>).
GRAPH_UNREACHABLE = "graph_unreachable"
GRAPH_THROTTLED = "graph_throttled"
GRAPH_FORBIDDEN = "graph_forbidden"
GRAPH_AUTH_FAILED = "graph_auth_failed"
GRAPH_REJECTED = "graph_rejected"
WARNING_CODES = (GRAPH_UNREACHABLE, GRAPH_THROTTLED, GRAPH_FORBIDDEN, GRAPH_AUTH_FAILED, GRAPH_REJECTED)


class Contact(NamedTuple):
    """A person on an invitation: display name and e-mail address."""

    name: str
    email: str


class Attendee(NamedTuple):
    """An invited person; ``required=False`` makes them optional."""

    name: str
    email: str
    required: bool = True


@dataclass(frozen=True)
class NewEvent:
    """A meeting to put in the organiser's calendar, inviting the attendees.

    ``start``/``end`` are time-zone-aware. ``transaction_id`` makes retries safe: the calendar service returns
    the event made the first time instead of a duplicate (a random one is used when it is None)."""

    organiser: str
    """E-mail address of the calendar the event goes in."""
    subject: str
    body: str
    start: datetime
    end: datetime
    attendees: tuple[Attendee, ...] = ()
    location: str | None = None
    transaction_id: str | None = None


@dataclass
class AvailabilityResult:
    """Busy periods per person, as asked for (keys are the caller's own strings).

    Every person asked about is in exactly one of ``busy`` (possibly with an empty list: known to be free)
    or ``unknown`` (no calendar data: ask them in the poll). ``sources`` says where each known person's data
    came from; ``warnings`` holds codes such as ``graph_unreachable`` when a fallback was used.
    """

    busy: dict[str, list[Span]] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add_known(self, person: str, spans: list[Span], source: str) -> None:
        self.busy[person] = spans
        self.sources[person] = source
        self.unknown.discard(person)

    def add_unknown(self, person: str) -> None:
        if person not in self.busy:
            self.unknown.add(person)

    def warn(self, code: str) -> None:
        if code not in self.warnings:
            self.warnings.append(code)

    def people_from(self, source: str) -> list[str]:
        return [person for person, where in self.sources.items() if where == source]


class CalendarSource(Protocol):
    async def busy(self, people: Sequence[str], start: datetime, end: datetime) -> AvailabilityResult:
        """Busy periods of ``people`` overlapping ``[start, end)`` (aware datetimes), clipped to the window."""
        ...


class EventWriter(Protocol):
    async def create_event(self, event: NewEvent) -> str | None:
        """Put the meeting in the organiser's calendar and invite the attendees.

        Returns the calendar's event id, or None when no calendar service is configured (send the .ics
        invitation instead). Raises ``CalendarError`` (with a ``warning_code``) when the service failed.
        """
        ...


class RemoteCalendar(Protocol):
    """The organisation's calendar service (Microsoft Graph in ``graph.py``) as ``CompositeCalendar`` uses it.

    Raises ``CalendarError`` when the service as a whole cannot answer."""

    async def busy(
        self, people: Sequence[str], start: datetime, end: datetime, *, organiser: str | None = None
    ) -> AvailabilityResult: ...

    async def create_event(self, event: NewEvent) -> str: ...

    async def aclose(self) -> None: ...


def person_key(value: str) -> str:
    """The normal form a person is stored and compared under (full-width accepted; e-mails case-folded)."""
    key = nfkc(value).strip()
    return key.casefold() if "@" in key else key


def is_email(key: str) -> bool:
    """True for something shaped like an e-mail address (``local@domain.tld``, no spaces)."""
    local, at, domain = key.partition("@")
    return bool(at and local and "." in domain.strip(".") and not any(c.isspace() for c in key))
