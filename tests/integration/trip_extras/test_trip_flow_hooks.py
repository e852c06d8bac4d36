"""The extras inside the request flow: submitting shows what overlaps, approving schedules the reminders, and the
reminder goes out on the working day before departure."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import select

from genai_bot.config import Settings
from genai_bot.db.models import OutboxMessage
from tests.integration.trip.conftest import JST, open_office, write_org


async def test_submit_shows_the_overlap_and_approve_schedules_the_reminders(settings: Settings, tmp_path: Path) -> None:
    org_settings = settings.model_copy(update={"org_file": write_org(tmp_path)})
    async with open_office(org_settings) as office:
        await office.send("tanaka", "trip new 大阪 12/10-12/11 予算説明会 --fare 29000")
        await office.send("tanaka", "trip new 名古屋 12/11-12/11 打合せ --fare 20000")
        submitted = await office.text("tanaka", "trip submit 2")
        assert "提出しました" in submitted
        assert "重なる予定が 1 件" in submitted and "ほかの出張 #1 大阪" in submitted

        await office.text("tanaka", "trip submit 1")
        assert "承認しました" in await office.text("yamada", "trip approve 1")
        async with office.core.db.session() as s:
            keys = sorted(
                r.dedup_key
                for r in (await s.exec(select(OutboxMessage))).all()
                if r.dedup_key.startswith("trip:1:") and r.kind == "trip.reminder:console"
            )
        assert len(keys) == 2 and keys[0].endswith(":report-due") and keys[1].endswith(":t-1")

        office.clock.set(datetime(2026, 12, 9, 9, 0, tzinfo=JST))
        await office.deliver()
        assert "明日から出張です: #1 大阪" in office.posted()
