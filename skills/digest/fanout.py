"""The fan-out: a job every minute (on every instance) turns each due subscription into ONE small outbox row,
`digest:<subscription id>:<local date>` of kind `digest.build:<platform>`; the content is gathered only when that
row is delivered (skills.digest.deliver).

Every instance runs the job: the row's key makes the write idempotent (a second write changes nothing) and the
subscription's next due time moves on by compare-and-set, so instances running it together, or one restarted
half-way, write each row once. An occurrence missed by more than LATE (the bot was down) is not sent late.
Snoozed digests are skipped; quiet hours move the row's due time to their end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlmodel import col, select

from genai_bot.services import Services
from skills.digest.models import DigestSubscription
from skills.digest.schedule import next_occurrence, quiet_shift, zone
from skills.digest.store import advance, quiet_hours, schedule_of

__all__ = ["BUILD", "FanOut", "build_kind", "digest_key", "find_due"]

log = structlog.get_logger(__name__)
BUILD = "digest.build"
BATCH = 500
LATE = timedelta(hours=12)
"""An occurrence missed by more than this (the bot was down) is not sent late."""


def build_kind(platform: str) -> str:
    return f"{BUILD}:{platform}"


def digest_key(sub_id: int, local_day: str) -> str:
    return f"digest:{sub_id}:{local_day}"


@dataclass
class FanOut:
    written: int = 0
    skipped: int = 0


async def find_due(services: Services) -> FanOut:
    """Write the outbox rows of every subscription due by now (services.clock)."""
    now, result = services.clock.now(), FanOut()
    outbox = services.outbox
    if outbox is None:
        return result
    while True:
        async with services.db.session() as s:
            due = list(
                (
                    await s.exec(
                        select(DigestSubscription)
                        .where(col(DigestSubscription.active).is_(True), col(DigestSubscription.next_due_at) <= now)
                        .order_by(col(DigestSubscription.next_due_at), col(DigestSubscription.id))
                        .limit(BATCH)
                    )
                ).all()
            )
        for sub in due:
            await _one(services, sub, now, result)
        if len(due) < BATCH:
            return result


async def _one(services: Services, sub: DigestSubscription, now: datetime, result: FanOut) -> None:
    assert sub.id is not None and services.outbox is not None
    tz = zone(sub.timezone, services.settings.tz)
    occurrence = sub.next_due_at
    local_day = occurrence.astimezone(tz).date()
    stale = now - occurrence > LATE
    snoozed = sub.snoozed_until is not None and occurrence < sub.snoozed_until
    if stale or snoozed:
        result.skipped += 1
        log.info("digest.skipped", subscription=sub.id, day=local_day.isoformat(), stale=stale, snoozed=snoozed)
    else:
        owner_quiet = None if sub.channel_id else await quiet_hours(services.db, sub.platform, sub.team_id, sub.owner)
        written = await services.outbox.schedule(
            dedup_key=digest_key(sub.id, local_day.isoformat()),
            due_at=quiet_shift(occurrence, owner_quiet, tz),
            kind=build_kind(sub.platform),
            payload={"subscription": sub.id, "day": local_day.isoformat()},
        )
        result.written += int(written)
    await advance(services.db, sub.id, occurrence, next_occurrence(max(occurrence, now), schedule_of(sub), tz))
