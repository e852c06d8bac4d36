"""Reminders follow membership and the meeting's fate: removed members stop getting them, members who join while
a poll is open get one, archiving and `cancel` stop meeting reminders. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from icalendar import Calendar
from sqlmodel import select

from genai_bot.audit import AuditLog
from genai_bot.db.models import OutboxMessage
from genai_bot.messages import Room
from skills.committee.models import Meeting, Poll
from tests.integration.committee.conftest import JST, Office, committee_with_members

POLL = "/genai committee poll 予算検討委員会 2/15 2/19 --duration 90 --deadline 2/10 --location 第1会議室"


async def statuses(office: Office) -> dict[str, str]:
    async with office.core.db.session() as s:
        return {r.dedup_key: r.status for r in (await s.exec(select(OutboxMessage))).all()}


def capture_uploads(office: Office) -> list[tuple[str, bytes]]:
    port = office.core.services.chat_ports["console"]
    uploads: list[tuple[str, bytes]] = []
    original = port.upload

    async def upload(room: Room, filename: str, content: bytes, **kw: Any) -> None:
        uploads.append((filename, content))
        await original(room, filename, content, **kw)

    port.upload = upload  # type: ignore[method-assign]
    return uploads


async def test_removing_a_member_cancels_their_poll_reminders(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    assert (await statuses(office))["poll:1:remind:3:"] == "pending"
    assert "sato さんを外しました" in await office.text("tanaka", "/genai committee member remove 予算検討委員会 @sato")
    rows = await statuses(office)
    assert rows["poll:1:remind:3:"] == "cancelled" and rows["poll:1:remind:2:"] == "pending"
    assert "未回答: tanaka、suzuki、山田太郎" in office.posted().rsplit("📅", 1)[1]
    [entry] = await AuditLog(office.core.db).recent(1, action="committee.member_removed")
    assert entry.detail["reminders_cancelled_for_polls"] == [1]


async def test_a_member_added_while_a_poll_is_open_gets_the_answer_reminder(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    await office.person("kato")
    assert "追加しました" in await office.text("tanaka", "/genai committee member add 予算検討委員会 @kato")
    async with office.core.db.session() as s:
        row = (await s.exec(select(OutboxMessage).where(OutboxMessage.dedup_key == "poll:1:remind:5:"))).one()
    assert row.status == "pending"
    assert row.due_at.replace(tzinfo=None) == datetime(2027, 2, 10, 9, 30, tzinfo=JST).astimezone(UTC).replace(
        tzinfo=None
    )
    assert "未回答: tanaka、suzuki、sato、山田太郎、kato" in office.posted().rsplit("📅", 1)[1]
    [entry] = await AuditLog(office.core.db).recent(1, action="committee.reminders_scheduled")
    assert entry.detail["poll"] == 1 and entry.detail["count"] == 1


async def test_archiving_stops_the_reminders_of_confirmed_meetings(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    await office.text("tanaka", "/genai committee confirm 1 1 --force")
    assert (await statuses(office))["meeting:1:t-1d"] == "pending"
    await office.text("tanaka", "/genai committee archive 予算検討委員会")
    rows = await statuses(office)
    assert {rows[k] for k in rows if k.startswith("meeting:1:")} == {"cancelled"}


async def test_cancelling_a_confirmed_meeting(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    await office.text("tanaka", "/genai committee confirm 1 1 --force")
    uploads = capture_uploads(office)
    assert "事務局だけ" in await office.text("sato", "/genai committee cancel 1")
    done = await office.text("tanaka", "/genai committee 中止 1")
    assert "「第1回 予算検討委員会」（会議 #1）を中止しました。" in done
    assert "中止のお知らせを投稿しました" in done and "取消ファイル（.ics）を投稿しました" in done
    assert (
        "【開催中止】予算検討委員会「第1回 予算検討委員会」（2月15日(月) 09:30–11:00）は中止になりました。"
        in office.posted()
    )
    rows = await statuses(office)
    assert {rows[k] for k in rows if k.startswith("meeting:1:")} == {"cancelled"}
    [(name, content)] = uploads
    assert name == "meeting-1-cancel.ics"
    calendar = Calendar.from_ical(content)
    assert str(calendar.get("method")) == "CANCEL"
    [event] = calendar.walk("VEVENT")
    assert str(event.get("uid")) == "meeting-1.T-office@genai-bot" and int(event.get("sequence")) == 1
    assert str(event.get("status")) == "CANCELLED"
    async with office.core.db.session() as s:
        assert (await s.exec(select(Meeting))).one().status == "cancelled"
    [entry] = await AuditLog(office.core.db).recent(1, action="committee.meeting_cancelled")
    assert entry.detail["meeting"] == 1 and entry.detail["invitation_cancelled"] is True
    again = await office.text("tanaka", "/genai committee cancel 1")
    assert again.startswith("! ") and "既に中止のため中止できません" in again
    assert "中止または開催済みのため確定できません" in await office.text("tanaka", "/genai committee confirm 1 2")


async def test_cancelling_a_meeting_still_being_scheduled_closes_its_poll(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    uploads = capture_uploads(office)
    done = await office.text("tanaka", "/genai committee cancel 1")
    assert "を中止しました" in done and "取消ファイル" not in done and uploads == []
    rows = await statuses(office)
    assert {rows[k] for k in rows if k.startswith("poll:1:")} == {"cancelled"}
    async with office.core.db.session() as s:
        assert (await s.exec(select(Poll))).one().status == "closed"
    assert "この会議は中止になりました。" in office.posted().rsplit("📅", 1)[1]
    assert "締め切られているため" in await office.text("sato", "/genai committee vote 1 1 ○")
