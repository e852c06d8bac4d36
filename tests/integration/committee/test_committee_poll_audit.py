"""Votes, closing a poll and confirming a meeting leave who / what / which committee in the audit log, read back
from the database after each action; refused actions leave nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlmodel import col, select

from genai_bot.db.models import AuditEntry
from tests.integration.committee.conftest import Office, committee_with_members

TANAKA, SUZUKI = "console:T-office:tanaka", "console:T-office:suzuki"


async def audit_since(office: Office, last_id: int) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """(actor, action, target, detail) of every audit row written after row `last_id`, oldest first."""
    async with office.core.db.session() as s:
        entries = (
            await s.exec(select(AuditEntry).where(col(AuditEntry.id) > last_id).order_by(col(AuditEntry.id)))
        ).all()
    return [(e.actor, e.action, e.target, dict(e.detail)) for e in entries]


async def last_audit_id(office: Office) -> int:
    async with office.core.db.session() as s:
        entries = (await s.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(1))).all()
    return entries[0].id or 0 if entries else 0


async def member_ids(office: Office) -> dict[str, int]:
    async with office.core.db.session() as s:
        found = (await s.exec(text("SELECT name, id FROM committee_members"))).all()  # type: ignore[call-overload]
    return {str(name): int(number) for name, number in found}


async def test_votes_are_audited_one_row_per_changed_answer(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    mark = await last_audit_id(office)

    assert "○ を記録しました" in await office.text("suzuki", "/genai committee vote 1 1 ○")
    members = await member_ids(office)
    assert await audit_since(office, mark) == [
        (
            SUZUKI,
            "committee.vote_recorded",
            "committee:1",
            {"poll": 1, "option": 1, "answer": "yes", "member": members["suzuki"], "proxy": False},
        )
    ]

    mark = await last_audit_id(office)
    await office.text("suzuki", "/genai committee vote 1 1 ○")  # the same answer again changes nothing
    assert await audit_since(office, mark) == []
    await office.text("suzuki", "/genai committee vote 1 1 × 2 △")
    assert [(a, act, d["option"], d["answer"]) for a, act, _t, d in await audit_since(office, mark)] == [
        (SUZUKI, "committee.vote_recorded", 1, "no"),
        (SUZUKI, "committee.vote_recorded", 2, "maybe"),
    ]

    mark = await last_audit_id(office)
    assert "山田太郎 さんの回答として記録します" in await office.text(
        "tanaka", "/genai committee vote 1 3 △ --for 山田太郎"
    )
    [(actor, action, target, detail)] = await audit_since(office, mark)
    assert (actor, action, target) == (TANAKA, "committee.vote_recorded", "committee:1")  # who clicked
    assert detail["proxy"] is True and detail["answer"] == "maybe" and detail["option"] == 3
    assert detail["member"] == members["山田太郎"]  # for whom

    mark = await last_audit_id(office)
    refused = await office.text("outsider", "/genai committee vote 1 1 ○")
    assert refused.startswith("! ")
    assert await audit_since(office, mark) == []


async def test_closing_a_poll_is_audited_with_the_chosen_slot(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    await office.text("suzuki", "/genai committee vote 1 2 ○")
    mark = await last_audit_id(office)

    assert "事務局だけ" in await office.text("suzuki", "/genai committee close 1")
    assert await audit_since(office, mark) == []
    assert "締め切りました" in await office.text("tanaka", "/genai committee close 1")
    assert await audit_since(office, mark) == [
        (TANAKA, "committee.poll_closed", "committee:1", {"poll": 1, "chosen": 2})
    ]
    assert "既に締め切られています" in await office.text("tanaka", "/genai committee close 1")
    assert len(await audit_since(office, mark)) == 1


async def test_confirming_a_meeting_is_audited_with_the_slot(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --location 第1会議室")
    mark = await last_audit_id(office)

    assert "事務局だけ" in await office.text("sato", "/genai committee confirm 1 3")
    assert await audit_since(office, mark) == []
    assert "確定しました（会議 #1）" in await office.text("tanaka", "/genai committee confirm 1 3 --force")
    confirmed = [r for r in await audit_since(office, mark) if r[1] == "committee.meeting_confirmed"]
    assert confirmed == [(TANAKA, "committee.meeting_confirmed", "committee:1", {"meeting": 1, "poll": 1, "option": 3})]
    mark = await last_audit_id(office)
    assert "既に" in await office.text("tanaka", "/genai committee confirm 1 2")
    assert await audit_since(office, mark) == []
