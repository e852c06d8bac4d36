"""Every datetime column reads back as aware UTC on both engines, whatever zone it was written in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from sqlmodel import col, select

from genai_bot.app import Core
from genai_bot.db.models import OutboxMessage

JST = timezone(timedelta(hours=9))


async def test_datetimes_are_stored_in_utc_and_read_back_aware(core: Core) -> None:
    written = {
        "jst": datetime(2026, 12, 1, 10, 0, tzinfo=JST),
        "utc": datetime(2026, 12, 1, 2, 0, tzinfo=UTC),
        "naive": datetime(2026, 12, 1, 3, 0),  # naive is taken as UTC, as it always was
    }
    async with core.db.session() as s:
        s.add_all([OutboxMessage(dedup_key=key, due_at=at, kind="test") for key, at in written.items()])
    async with core.db.session() as s:
        rows = {r.dedup_key: r for r in (await s.exec(select(OutboxMessage))).all()}
        first_due = (await s.exec(select(OutboxMessage.due_at).order_by(col(OutboxMessage.due_at)))).first()
    assert {key: row.due_at for key, row in rows.items()} == {
        "jst": datetime(2026, 12, 1, 1, 0, tzinfo=UTC),
        "utc": datetime(2026, 12, 1, 2, 0, tzinfo=UTC),
        "naive": datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
    }
    assert all(row.due_at.tzinfo is UTC and row.created_at.tzinfo is UTC for row in rows.values())
    assert all(row.sent_at is None for row in rows.values())
    assert first_due == datetime(2026, 12, 1, 1, 0, tzinfo=UTC) and first_due.tzinfo is UTC


async def test_comparisons_in_queries_use_the_instant_not_the_wall_time(core: Core) -> None:
    async with core.db.session() as s:
        s.add(OutboxMessage(dedup_key="k", due_at=datetime(2026, 12, 1, 1, 0, tzinfo=UTC), kind="test"))
    async with core.db.session() as s:
        # 09:30 JST is 00:30 UTC: before the message is due, although the wall time reads later
        early = (
            await s.exec(
                select(OutboxMessage).where(col(OutboxMessage.due_at) <= datetime(2026, 12, 1, 9, 30, tzinfo=JST))
            )
        ).all()
        due = (
            await s.exec(
                select(OutboxMessage).where(col(OutboxMessage.due_at) <= datetime(2026, 12, 1, 10, 0, tzinfo=JST))
            )
        ).all()
    assert early == [] and [r.dedup_key for r in due] == ["k"]
