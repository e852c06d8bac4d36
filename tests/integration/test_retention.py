"""The daily retention job on both engines: old stored text goes, recent text and usage aggregates stay, racing
instances run it once a day, and `genai-bot db prune --dry-run` counts without changing anything."""

from __future__ import annotations

import asyncio
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import select

from genai_bot.app import Core
from genai_bot.config import Settings
from genai_bot.db import Database
from genai_bot.db.models import AuditEntry, ChannelMessage, OutboxMessage, PendingRequest, UsageEvent, utcnow
from genai_bot.retention_job import run_retention
from skills.committee.models import Committee, Meeting
from skills.trip.models import Trip
from tests.conftest import running_core
from tests.e2e.test_cli import run

OLD = timedelta(days=200)  # past the default windows (chat 30 days, everything else 90)


async def _seed(db: Database) -> None:
    now = utcnow()
    old = now - OLD
    async with db.session() as s:
        for text, at in (("古い相談", old), ("最近の相談", now)):
            s.add(ChannelMessage(platform="slack", channel_id="C1", author="U1", text=text, created_at=at))
        for key, status, at in (("old-sent", "sent", old), ("new-sent", "sent", now), ("old-pending", "pending", old)):
            s.add(
                OutboxMessage(
                    dedup_key=key, due_at=at + timedelta(days=400), kind="x", status=status, created_at=at,
                    payload={"reply": {"text": f"本文 {key}"}},
                )
            )  # fmt: skip
        for args, at in (("古い依頼", old), ("新しい依頼", now)):
            s.add(PendingRequest(platform="slack", team_id="T1", user_id="U1", channel_id="C1", verb="chat", args=args,
                                 created_at=at))  # fmt: skip
        for state, at in (("completed", old), ("approved", old), ("completed", now)):
            s.add(
                Trip(
                    platform="slack", team_id="T1", traveller="U1", destination="大阪市", purpose="予算説明会",
                    depart=date(2026, 1, 5), return_on=date(2026, 1, 6), state=state, notes=f"メモ {state}",
                    report="報告書の下書き", updated_at=at,
                )
            )  # fmt: skip
        committee = Committee(platform="slack", team_id="T1", name="研究会", created_by="U1")
        s.add(committee)
        await s.flush()
        assert committee.id is not None
        for status, at in (("held", old), ("held", now)):
            s.add(Meeting(committee_id=committee.id, title=f"第{status}回", status=status, start=at,
                          minutes_draft="議事録の下書き", created_by="U1"))  # fmt: skip
        for at in (old, now):
            s.add(UsageEvent(at=at, user="U1", skill="chat", provider="p1", model="m", prompt_tokens=100))


async def _texts(db: Database) -> dict[str, Any]:
    async with db.session() as s:
        return {
            "chat": sorted(m.text for m in (await s.exec(select(ChannelMessage))).all()),
            "outbox": {o.dedup_key: o.payload for o in (await s.exec(select(OutboxMessage))).all()},
            "pending": sorted(p.args for p in (await s.exec(select(PendingRequest))).all()),
            "trips": sorted(
                (t.state, t.updated_at < utcnow() - timedelta(days=1), t.notes, t.report)
                for t in (await s.exec(select(Trip))).all()
            ),
            "minutes": sorted(((m.title, m.minutes_draft) for m in (await s.exec(select(Meeting))).all()), key=str),
            "usage": (await s.exec(select(func.count(), func.sum(UsageEvent.prompt_tokens)))).one(),
        }


async def test_old_text_goes_recent_text_and_usage_stay(core: Core) -> None:
    await _seed(core.db)
    report = await run_retention(core.services)
    assert report.pruned == {
        "outbox_payloads": 1,
        "pending_requests": 1,
        "chat_memory": 1,
        "minutes_drafts": 1,
        "trip_notes": 2,  # the old completed trip: its notes and its unfiled report draft
        "feedback_reasons": 0,  # none given (tests/integration/feedback covers them)
    }
    after = await _texts(core.db)
    assert after["chat"] == ["最近の相談"]
    assert after["outbox"]["old-sent"] == {}
    assert after["outbox"]["new-sent"] == {"reply": {"text": "本文 new-sent"}}
    assert after["outbox"]["old-pending"] == {"reply": {"text": "本文 old-pending"}}  # not delivered yet: kept
    assert after["pending"] == ["新しい依頼"]
    assert after["trips"] == sorted(
        [
            ("completed", True, None, None),  # over and old: notes and unfiled draft cleared
            ("approved", True, "メモ approved", "報告書の下書き"),  # still under way: kept
            ("completed", False, "メモ completed", "報告書の下書き"),  # recent: kept
        ]
    )
    assert set(after["minutes"]) == {("第held回", None), ("第held回", "議事録の下書き")}
    assert tuple(after["usage"]) == (2, 200)  # aggregates are never pruned
    assert (await run_retention(core.services)).total == 0  # nothing left to prune: the next run counts nothing


async def test_zero_days_keeps_everything(settings: Settings) -> None:
    kept = settings.model_copy(update={"retention_days": 0})
    async with running_core(kept) as core:
        await _seed(core.db)
        before = await _texts(core.db)
        report = await run_retention(core.services)
        assert report.days["outbox_payloads"] == 0 and report.pruned["outbox_payloads"] == 0
        after = await _texts(core.db)
        assert after["outbox"] == before["outbox"] and after["trips"] == before["trips"]
        assert after["chat"] == ["最近の相談"]  # chat memory has its own window (GENAI_CHAT_RETENTION_DAYS=30)


async def test_racing_instances_run_the_days_job_once(settings: Settings) -> None:
    async with running_core(settings) as one, running_core(settings) as two:
        await _seed(one.db)
        await asyncio.gather(one.scheduler.run_hourly("retention"), two.scheduler.run_hourly("retention"))
        await asyncio.gather(one.scheduler.sweep_outbox(), two.scheduler.sweep_outbox())
        await asyncio.gather(one.scheduler.run_hourly("retention"), two.scheduler.run_hourly("retention"))
        await asyncio.gather(one.scheduler.sweep_outbox(), two.scheduler.sweep_outbox())  # same day: nothing again
        async with one.db.session() as s:
            runs = (await s.exec(select(AuditEntry).where(AuditEntry.action == "retention.pruned"))).all()
            days = (await s.exec(select(OutboxMessage).where(OutboxMessage.kind == "retention"))).all()
        assert len(runs) == 1 and len(days) == 1 and days[0].status == "sent"
        assert runs[0].detail["pruned"]["pending_requests"] == 1
        assert "古い" not in json.dumps(runs[0].detail, ensure_ascii=False)  # counts only, never the text
        assert (await _texts(one.db))["pending"] == ["新しい依頼"]


async def test_cli_dry_run_prints_counts_and_changes_nothing(settings: Settings, tmp_path: Path) -> None:
    async with running_core(settings) as core:
        await _seed(core.db)
        before = await _texts(core.db)
    url = settings.database_url
    dry = await asyncio.to_thread(run, ["db", "prune", "--dry-run"], tmp_path, GENAI_DATABASE_URL=url)
    assert dry.returncode == 0, dry.stderr
    counts = json.loads(dry.stdout)
    assert counts["dry_run"] is True and counts["pruned"]["pending_requests"] == 1 and counts["total"] == 6
    async with running_core(settings) as core:
        assert await _texts(core.db) == before
    done = await asyncio.to_thread(run, ["db", "prune"], tmp_path, GENAI_DATABASE_URL=url)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["pruned"] == counts["pruned"]
    async with running_core(settings) as core:
        assert (await _texts(core.db))["pending"] == ["新しい依頼"]
