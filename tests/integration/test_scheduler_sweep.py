"""The timed outbox sweep: after an outage many rows are due at once, and one sweep delivers them all."""

from __future__ import annotations

from datetime import timedelta

from genai_bot.app import Core
from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.scheduler import SWEEP_BATCH


async def test_one_sweep_delivers_every_due_row_batch_after_batch(core: Core) -> None:
    outbox = core.services.outbox
    assert outbox is not None
    delivered: list[str] = []

    async def deliver(message: OutboxMessage) -> None:
        delivered.append(message.dedup_key)

    outbox.register("test.batch", deliver)
    count = SWEEP_BATCH * 3 + 5
    for n in range(count):
        await outbox.schedule(
            dedup_key=f"b:{n:03d}", due_at=utcnow() - timedelta(seconds=1), kind="test.batch", payload={}
        )
    result = await core.scheduler.sweep_outbox()
    assert result.sent == count and sorted(delivered) == [f"b:{n:03d}" for n in range(count)]
    assert (await core.scheduler.sweep_outbox()).sent == 0
