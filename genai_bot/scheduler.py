"""APScheduler wiring: periodic housekeeping now; the outbox sweep of due messages joins it later."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from genai_bot.dedup import prune_events
from genai_bot.services import Services
from genai_bot.tasks import ShuttingDownError

log = structlog.get_logger(__name__)


Housekeeping = Callable[[Services], Awaitable[object]]


class Scheduler:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._scheduler: AsyncIOScheduler | None = None
        self._hourly: dict[str, Housekeeping] = {}

    def add_hourly(self, name: str, job: Housekeeping) -> None:
        """Housekeeping that skills register (e.g. chat-memory retention, see SkillHost); runs once an hour."""
        self._hourly[name] = job

    async def run_hourly(self, name: str) -> object:
        """Run one hourly job now, as the timer would (operators and tests)."""
        return await self._hourly[name](self._services)

    def start(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone=self._services.settings.timezone)
        self._scheduler.add_job(
            self.prune, "interval", hours=1, id="prune_processed_events", coalesce=True, max_instances=1
        )
        self._scheduler.add_job(
            self.sweep_outbox,
            "interval",
            seconds=self._services.settings.outbox_interval_seconds,
            id="sweep_outbox",
            coalesce=True,
            max_instances=1,
        )
        for name, job in self._hourly.items():
            self._scheduler.add_job(
                job, "interval", hours=1, args=[self._services], id=name, coalesce=True, max_instances=1
            )
        self._scheduler.start()

    async def prune(self) -> int:
        removed = await prune_events(self._services.db, older_than=timedelta(days=3))
        log.debug("pruned_processed_events", removed=removed)
        return removed

    async def sweep_outbox(self) -> None:
        outbox = self._services.outbox
        if outbox is None:
            return
        try:
            result = await self._services.tasks.run(outbox.sweep(), name="outbox_sweep")
        except ShuttingDownError:
            return
        if result.sent or result.failed or result.retried:
            log.info("outbox_swept", sent=result.sent, retried=result.retried, failed=result.failed)

    def shutdown(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
