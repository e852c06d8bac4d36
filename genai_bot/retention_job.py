"""The daily retention job, exactly once across instances, and the core's own pruners.

Every instance's hourly tick schedules the day's run as an outbox row keyed `retention:<local date>`: the unique
dedup key makes one row per day however many instances tick, and the outbox's claim (SKIP LOCKED under a lease)
makes one instance run it; a run cut short is retried by the outbox. The run prunes with every registered pruner
(genai_bot.retention) and audits the counts (`retention.pruned`), never the text.

Core pruners:
- `outbox_payloads`: the payload (message text, kept requests to resume) of outbox rows that are done (sent, failed,
  cancelled) is emptied; the row stays, so its dedup key still prevents a second send.
- `pending_requests`: requests kept for a "retry" button (their text) are deleted.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import String, cast, delete, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db.models import OutboxMessage, PendingRequest
from genai_bot.retention import RetentionReport
from genai_bot.services import Services
from genai_bot.skill_host import SkillHost

__all__ = ["RETENTION_KIND", "install_retention", "run_retention", "schedule_today"]

log = structlog.get_logger(__name__)

RETENTION_KIND = "retention"
_DONE = ("sent", "failed", "cancelled")


async def run_retention(services: Services, *, dry_run: bool = False) -> RetentionReport:
    """Prune every stored text older than its window now (a dry run counts and changes nothing)."""
    return await services.retention.run(
        services.db, services.clock.now(), services.settings.retention_days, dry_run=dry_run
    )


async def schedule_today(services: Services) -> bool:
    """The hourly tick: schedule today's run (local date) unless some instance already did; True when this one did."""
    outbox = services.outbox
    if outbox is None:
        return False
    now = services.clock.now()
    day = now.astimezone(ZoneInfo(services.settings.timezone)).date().isoformat()
    return await outbox.schedule(dedup_key=f"{RETENTION_KIND}:{day}", due_at=now, kind=RETENTION_KIND, payload={})


async def _deliver(_message: OutboxMessage, services: Services) -> None:
    report = await run_retention(services)
    await services.audit.record(
        actor="system", action="retention.pruned", target=None, days=report.days, pruned=report.pruned
    )
    log.info("retention_pruned", total=report.total, **report.pruned)


async def _prune_outbox_payloads(session: AsyncSession, older_than: datetime) -> int:
    result = await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.status).in_(_DONE),
            col(OutboxMessage.created_at) < older_than,
            cast(OutboxMessage.payload, String) != "{}",
        )
        .values(payload={})
    )
    return int(result.rowcount or 0)


async def _prune_pending_requests(session: AsyncSession, older_than: datetime) -> int:
    result = await session.exec(delete(PendingRequest).where(col(PendingRequest.created_at) < older_than))
    return int(result.rowcount or 0)


def install_retention(host: SkillHost) -> None:
    """Register the daily job (hourly tick + outbox kind) and the core's pruners (the composition root calls this)."""
    host.every_hour("retention", schedule_today)
    host.outbox_kind(RETENTION_KIND, _deliver)
    host.retention("outbox_payloads", _prune_outbox_payloads)
    host.retention("pending_requests", _prune_pending_requests)
