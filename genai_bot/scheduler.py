"""APScheduler wiring: hourly housekeeping and the outbox sweep of due messages (reminders, kept replies, resumed
work), in every mode."""

from __future__ import annotations

import asyncio
import itertools
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

import structlog
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from genai_bot.dedup import prune_events
from genai_bot.outbox import SweepResult
from genai_bot.services import Services
from genai_bot.tasks import ShuttingDownError

log = structlog.get_logger(__name__)


Housekeeping = Callable[[Services], Awaitable[object]]
SWEEP_BATCH = 10  # outbox rows claimed at a time
SWEEP_BATCHES = 20  # at most this many batches per sweep, so one sweep never runs unbounded
WORKER_BATCH = 2  # rows a worker claims at a time when several deliver side by side (short waits, short leases)
SWEEP_SECONDS = 300.0  # a sweep of several workers ends after this long; the next one carries on


class _LongSweepFilter(logging.Filter):
    """A long sweep (a big fan-out, paced) outlives the interval: the skipped runs meanwhile are expected."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("sweep_outbox" in message and "maximum number of running instances" in message)


_SKIP_FILTER = _LongSweepFilter()


class Scheduler:
    def __init__(self, services: Services) -> None:
        self._services = services
        self._scheduler: AsyncIOScheduler | None = None
        self._hourly: dict[str, Housekeeping] = {}
        self._minutely: dict[str, Housekeeping] = {}

    def add_hourly(self, name: str, job: Housekeeping) -> None:
        """Housekeeping that skills register (e.g. scheduling the daily retention run); runs once an hour."""
        self._hourly[name] = job

    async def run_hourly(self, name: str) -> object:
        """Run one hourly job now, as the timer would (operators and tests)."""
        return await self._hourly[name](self._services)

    def add_minutely(self, name: str, job: Housekeeping) -> None:
        """Jobs that skills register to run once a minute (e.g. finding due digests, see SkillHost)."""
        self._minutely[name] = job

    async def run_minutely(self, name: str) -> object:
        """Run one per-minute job now, as the timer would (operators and tests)."""
        return await self._minutely[name](self._services)

    def start(self) -> None:
        logging.getLogger("apscheduler.scheduler").addFilter(_SKIP_FILTER)  # once: the same filter object
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
        for name, job in self._minutely.items():
            self._scheduler.add_job(
                self._guarded(name, job), "interval", minutes=1, id=name, coalesce=True, max_instances=1
            )
        self._scheduler.start()

    def _guarded(self, name: str, job: Housekeeping) -> Callable[[], Awaitable[None]]:
        """A per-minute job run as a tracked task; its failure is logged and the next minute tries again."""

        async def once() -> None:
            await job(self._services)

        async def run() -> None:
            try:
                await self._services.tasks.run(once(), name=name)
            except ShuttingDownError:
                return
            except Exception:
                log.exception("minutely_job_failed", job=name)

        return run

    async def prune(self) -> int:
        removed = await prune_events(self._services.db, older_than=timedelta(days=3))
        log.debug("pruned_processed_events", removed=removed)
        return removed

    async def sweep_outbox(self) -> SweepResult:
        """Deliver what is due, batch after batch while full batches come back (after an outage many replies
        wait: they go out in one sweep, not ten per interval). With GENAI_OUTBOX_CONCURRENCY above 1, that many
        workers do so side by side, each claiming a couple of rows at a time (a big fan-out keeps every worker
        busy, each delivery waiting for its Slack permit), for at most SWEEP_SECONDS; one worker stops after
        SWEEP_BATCHES batches."""
        total = SweepResult()
        outbox = self._services.outbox
        if outbox is None:
            return total
        workers = self._services.settings.outbox_concurrency
        batch = SWEEP_BATCH if workers == 1 else WORKER_BATCH
        loop = asyncio.get_running_loop()
        until = loop.time() + SWEEP_SECONDS

        async def worker() -> None:
            for done in itertools.count(1):
                try:
                    result = await self._services.tasks.run(outbox.sweep(limit=batch), name="outbox_sweep")
                except ShuttingDownError:
                    break
                total.sent, total.retried, total.failed = (
                    total.sent + result.sent,
                    total.retried + result.retried,
                    total.failed + result.failed,
                )
                if result.sent + result.retried + result.failed < batch:
                    break
                if (workers == 1 and done >= SWEEP_BATCHES) or loop.time() >= until:
                    break

        await asyncio.gather(*(worker() for _ in range(workers)))
        if total.sent or total.failed or total.retried:
            log.info("outbox_swept", sent=total.sent, retried=total.retried, failed=total.failed)
        return total

    def shutdown(self) -> None:
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self._scheduler = None
