"""Graph first for e-mail addresses, local busy blocks for everyone else and as the fallback.

When Graph cannot answer (unreachable, throttled, 401/403, token refused) every person is looked up locally
instead and the result carries the warning code, so the caller can say "Outlook could not be read; using
imported calendars". What Graph did answer is cached in the local table so a later outage still has data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import structlog
from sqlalchemy.exc import SQLAlchemyError

from genai_bot.calendar.errors import CalendarError
from genai_bot.calendar.local import LocalCalendar
from genai_bot.calendar.port import SOURCE_GRAPH, AvailabilityResult, NewEvent, RemoteCalendar, is_email, person_key

log = structlog.get_logger(__name__)


class CompositeCalendar:
    """A ``CalendarSource`` and ``EventWriter`` over an optional Graph calendar and the local table.

    Depends on the ``RemoteCalendar`` protocol, not on ``GraphCalendar``, so skills may import this module
    without pulling in aiohttp (the import-linter contract)."""

    def __init__(self, graph: RemoteCalendar | None, local: LocalCalendar, *, cache_graph: bool = True) -> None:
        self.graph = graph
        self.local = local
        self._cache_graph = cache_graph

    @property
    def uses_graph(self) -> bool:
        return self.graph is not None

    async def busy(
        self, people: Sequence[str], start: datetime, end: datetime, *, organiser: str | None = None
    ) -> AvailabilityResult:
        """Busy periods per person; see ``AvailabilityResult`` for what ``unknown``/``sources``/``warnings`` mean.

        ``organiser`` (an e-mail) is the mailbox Graph's getSchedule is asked through; by default the first
        person of each batch."""
        everyone = list(dict.fromkeys(people))
        result = AvailabilityResult()
        leftover = everyone
        if self.graph is not None:
            for_graph = [person for person in everyone if is_email(person_key(person))]
            if for_graph:
                leftover = await self._from_graph(for_graph, everyone, start, end, organiser, result)
        if leftover:
            local = await self.local.busy(leftover, start, end)
            for person in leftover:
                if person in local.busy:
                    result.add_known(person, local.busy[person], local.sources[person])
                else:
                    result.add_unknown(person)
        return result

    async def _from_graph(
        self,
        for_graph: list[str],
        everyone: list[str],
        start: datetime,
        end: datetime,
        organiser: str | None,
        result: AvailabilityResult,
    ) -> list[str]:
        """Fill ``result`` from Graph; return the people still to look up locally."""
        assert self.graph is not None
        try:
            answer = await self.graph.busy(for_graph, start, end, organiser=organiser)
        except CalendarError as exc:
            log.warning("calendar.graph_fallback", code=exc.warning_code, people=len(for_graph))
            result.warn(exc.warning_code)
            return everyone
        for person in answer.people_from(SOURCE_GRAPH):
            result.add_known(person, answer.busy[person], SOURCE_GRAPH)
        if self._cache_graph:
            await self._remember(answer, start, end)
        return [person for person in everyone if person not in result.busy]

    async def _remember(self, answer: AvailabilityResult, start: datetime, end: datetime) -> None:
        try:
            await self.local.cache_graph(answer.busy, start, end)
        except SQLAlchemyError as exc:  # a cache must never cost the user their answer
            log.warning("calendar.graph_cache_failed", error=type(exc).__name__)

    async def create_event(self, event: NewEvent) -> str | None:
        """The Graph event id, or None without Graph (send the .ics invitation). Raises ``CalendarError``."""
        if self.graph is None:
            return None
        return await self.graph.create_event(event)

    async def aclose(self) -> None:
        if self.graph is not None:
            await self.graph.aclose()
