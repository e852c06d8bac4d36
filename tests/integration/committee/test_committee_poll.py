"""The whole scheduling flow on the console adapter: poll → answers → reminders → close → confirm → meeting
reminders delivered by the outbox. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from genai_bot.db.models import OutboxMessage
from skills.committee.models import Meeting, Vote
from tests.integration.committee.conftest import JST, Office, committee_with_members

POLL = "/genai committee poll 予算検討委員会 2/15 2/19 --duration 90 --deadline 2/10 --location 第1会議室"


def at(*wall: int) -> datetime:
    """A JST wall time as UTC (the outbox compares UTC; SQLite keeps no offset)."""
    return datetime(*wall, tzinfo=JST).astimezone(UTC)


async def outbox_rows(office: Office) -> dict[str, OutboxMessage]:
    async with office.core.db.session() as s:
        return {r.dedup_key: r for r in (await s.exec(select(OutboxMessage))).all()}


async def votes(office: Office) -> list[tuple[int, int, str]]:
    async with office.core.db.session() as s:
        rows = (await s.exec(select(Vote).order_by(col(Vote.option_id), col(Vote.member_id)))).all()
    return [(v.option_id, v.member_id, v.answer) for v in rows]


async def test_poll_answers_close_confirm_and_reminders(office: Office) -> None:
    await committee_with_members(office)
    opened = await office.text("tanaka", POLL)
    assert "「第1回 予算検討委員会」の日程調整（投票 #1、候補 5件）を投稿しました。" in opened
    assert "回答期限: 2月10日(水) 18:15" in opened
    posted = office.posted()
    assert "📅 第1回 予算検討委員会 の日程調整" in posted and "回答期限: 2月10日(水)" in posted
    assert "1. 2月15日(月) 09:30–11:00　○ 0  △ 0  × 0" in posted and "[○]  [△]  [×]" in posted
    assert "未回答: tanaka、suzuki、sato、山田太郎" in posted

    # answer reminders for members on chat (not the external member), the secretariat's deadline note, and the
    # posted poll's update when the deadline comes
    rows = await outbox_rows(office)
    assert sorted(rows) == [
        "poll:1:deadline:1",
        "poll:1:remind:1:",
        "poll:1:remind:2:",
        "poll:1:remind:3:",
        "poll:1:view",
    ]
    assert rows["poll:1:remind:2:"].due_at.replace(tzinfo=None) == datetime(2027, 2, 10, 0, 30)  # 09:30 JST

    recorded = await office.text("suzuki", "/genai committee vote 1 1 ○")
    assert recorded.startswith("○ を記録しました（候補 1: 2月15日(月) 09:30–11:00）。")
    assert "○ suzuki" in office.posted().rsplit("📅", 1)[1]  # the posted poll was updated
    again = await office.text("suzuki", "/genai committee vote 1 1 ○")
    assert "既に ○ で記録されています（1回として数えています）" in again
    # one click is not an answer to the poll: progress shows, the reminder stays until every slot is answered
    assert "未回答: tanaka、suzuki（1/5）、sato、山田太郎" in office.posted().rsplit("📅", 1)[1]
    assert (await outbox_rows(office))["poll:1:remind:2:"].status == "pending"
    await office.text("suzuki", "/genai committee vote 1 2 ○ 3 △ 4 × 5 ×")
    assert (await outbox_rows(office))["poll:1:remind:2:"].status == "cancelled"
    assert "未回答: tanaka、sato、山田太郎" in office.posted().rsplit("📅", 1)[1]

    refused = await office.text("outsider", "/genai committee vote 1 1 ○")
    assert refused.startswith("! ") and "メンバーではないため回答できません" in refused
    proxy = await office.text("tanaka", "/genai committee vote 1 2 △ --for 山田太郎")
    assert "山田太郎 さんの回答として記録します" in proxy
    await asyncio.gather(*(office.send("sato", "/genai committee vote 1 1 yes 2 no") for _ in range(2)))
    theirs = [a for _, member, a in await votes(office) if member != 2]
    assert sorted(theirs) == ["maybe", "no", "yes"]
    changed = await office.text("sato", "/genai committee vote 1 2 maybe")
    assert changed.startswith("△ を記録しました")

    # the deadline morning: tanaka has not answered for himself and sato answered only two slots
    swept = await office.core.services.outbox.sweep(now=at(2027, 2, 10, 9, 31))
    assert swept.sent == 2
    assert "回答期限は 2月10日(水) 18:15 です。まだ回答がありません" in office.posted()

    assert "事務局だけ" in await office.text("suzuki", "/genai committee close 1")
    closed = await office.text("tanaka", "/genai committee close 1")
    assert "投票を締め切りました。最適な候補:\n1. 2月15日(月) 09:30–11:00　○ 2  △ 0  × 0" in closed
    assert "（必須メンバーの ○ 2/3）" in closed
    assert "[この日程で確定]" in closed
    assert "締め切りました。事務局が日程を確定します。" in office.posted().rsplit("📅", 1)[1]
    assert (await outbox_rows(office))["poll:1:deadline:1"].status == "cancelled"
    late = await office.text("sato", "/genai committee vote 1 1 ×")
    assert "締め切られているため、回答できません" in late
    assert "既に締め切られています" in await office.text("tanaka", "/genai committee close 1")

    assert "事務局だけ" in await office.text("sato", "/genai committee confirm 1")
    confirmed = await office.text("tanaka", "/genai committee confirm 1")
    assert "「第1回 予算検討委員会」を確定しました（会議 #1）\n2月15日(月) 09:30–11:00　場所: 第1会議室" in confirmed
    assert "Outlook 連携は設定されていない" in confirmed
    assert "招待ファイル（.ics）をチャンネルに投稿しました" in confirmed
    assert "議題・資料を受け付けるスレッドを作成しました" in confirmed
    assert (
        "1週間前（資料準備）（2月8日(月) 09:30）、前営業日（2月12日(金) 09:30）、"
        "1時間前（2月15日(月) 08:30）" in confirmed
    )
    assert "meeting-1.ics" in office.posted() and "議題・資料はこのスレッドへ" in office.posted()
    assert "2月15日(月) 09:30–11:00 に確定しました。" in office.posted()

    again = await office.text("tanaka", "/genai committee confirm 1 2")
    assert "既に 2月15日(月) 09:30–11:00 で確定しています" in again
    reminders = {k: r for k, r in (await outbox_rows(office)).items() if k.startswith("meeting:")}
    assert sorted(reminders) == ["meeting:1:t-1d", "meeting:1:t-1h", "meeting:1:t-7d"]

    swept = await office.core.services.outbox.sweep(now=at(2027, 2, 14, 9, 31))
    assert swept.sent == 2  # a week before and the day before
    posted = office.posted()
    assert "【資料準備】「第1回 予算検討委員会」（2月15日(月) 09:30–11:00、第1会議室）まで1週間です。" in posted
    # the day before is a Sunday: the reminder goes out on Friday and names the date instead of "明日"
    notice = "【開催のご案内】「第1回 予算検討委員会」は 2月15日(月) 09:30–11:00 に開催します（場所: 第1会議室）。"
    assert notice in posted
    assert "【明日開催】" not in posted
    assert reminders["meeting:1:t-1d"].due_at.replace(tzinfo=None) == datetime(2027, 2, 12, 0, 30)  # Fri 09:30

    async with office.core.db.session() as s:
        meeting = (await s.exec(select(Meeting))).one()
    assert meeting.status == "confirmed" and meeting.agenda_thread_id and meeting.location == "第1会議室"
    shown = await office.text("sato", "/genai committee show 予算検討委員会")
    assert "#1 第1回 予算検討委員会（確定） 2月15日(月) 09:30–11:00" in shown


async def test_confirm_another_slot_directly_and_skip_reminders_in_the_past(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/2 2/5 --title 臨時会合")
    confirmed = await office.text("tanaka", "/genai committee confirm 1 1 --force")
    assert "「臨時会合」を確定しました" in confirmed and "場所: 未定" in confirmed
    assert "前営業日（2月1日(月) 09:30）、1時間前（2月2日(火) 08:30）" in confirmed
    assert "1週間前" not in confirmed  # already past: skipped
    rows = await outbox_rows(office)
    assert "meeting:1:t-7d" not in rows and "meeting:1:t-1d" in rows and "meeting:1:t-1h" in rows
    assert "投票 #1 は締め切られているため" in await office.text("sato", "/genai committee vote 1 1 ○")


async def test_poll_errors(office: Office) -> None:
    await committee_with_members(office)
    assert "事務局だけ" in await office.text("suzuki", POLL)
    assert "回答期限が過ぎた日時" in await office.text("tanaka", "/genai committee poll 1 2/15 2/19 --deadline 1/29")
    assert "最初の候補日より前" in await office.text("tanaka", "/genai committee poll 1 2/15 2/19 --deadline 2/20")
    assert "最初の候補日より前" in await office.text("tanaka", "/genai committee poll 1 2/15 2/19 --deadline 2/15")
    unreadable = await office.text("tanaka", "/genai committee poll 1 2/15 --deadline いつか")
    assert "回答期限「いつか」が読み取れません" in unreadable
    assert "候補が見つかりませんでした" in await office.text("tanaka", "/genai committee poll 1 2/13 2/14")
    async with office.core.db.session() as s:
        assert (await s.exec(select(Meeting))).all() == []  # nothing half-made
    await office.text("tanaka", POLL)
    assert "投票 #9 が見つかりません" in await office.text("sato", "/genai committee vote 9 1 ○")
    assert "候補 7 はありません（候補は 1〜5）" in await office.text("sato", "/genai committee vote 1 7 ○")
    assert "回答「たぶん」が読み取れません" in await office.text("sato", "/genai committee vote 1 1 たぶん")
    assert "使い方:" in await office.text("sato", "/genai committee vote 1 1")


async def test_a_poll_without_a_chat_port_is_returned_in_the_reply(office: Office) -> None:
    await committee_with_members(office)
    del office.core.services.chat_ports["console"]
    reply = await office.send("tanaka", POLL)
    assert not reply.ephemeral and "📅 第1回 予算検討委員会 の日程調整" in reply.plain_text
    voted = await office.text("sato", "/genai committee vote 1 1 ○")
    assert "○ を記録しました" in voted and "○ sato" in voted  # the tally comes with the answer


async def test_the_deadline_defaults_to_a_few_days_before_the_first_candidate(office: Office) -> None:
    await committee_with_members(office)
    opened = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/3 2/5")
    assert "回答期限: 2月2日(火) 18:15" in opened
    later = await office.text("tanaka", "/genai committee poll 予算検討委員会 3/1 3/5")
    assert "回答期限: 2月4日(木) 18:15" in later
    office.clock.set(office.clock.now() + timedelta(days=1))
    assert "第3回 予算検討委員会" in await office.text("tanaka", "/genai committee poll 予算検討委員会 3/1 3/5")


async def test_a_slot_already_past_cannot_be_confirmed(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/2 2/5")
    office.clock.set(datetime(2027, 2, 3, 9, 0, tzinfo=JST))
    refused = await office.text("tanaka", "/genai committee confirm 1 1")
    assert "候補 1 の日時は既に過ぎているため確定できません" in refused
    assert "を確定しました" in await office.text("tanaka", "/genai committee confirm 1 3 --force")


async def test_archiving_closes_open_polls_and_stops_their_reminders(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    await office.text("tanaka", "/genai committee archive 予算検討委員会")
    assert "締め切られているため" in await office.text("sato", "/genai committee vote 1 1 ○")
    rows = await outbox_rows(office)
    assert rows and all(r.status == "cancelled" for r in rows.values())


async def test_proxy_answers_are_only_for_members_without_a_chat_account(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    await office.text("sato", "/genai committee vote 1 1 ○")
    refused = await office.text("tanaka", "/genai committee vote 1 1 × --for @sato")
    assert refused.startswith("! ") and "sato さんは自分で回答できるため、代理回答（--for）はできません" in refused
    assert [a for _, member, a in await votes(office) if member == 3] == ["yes"]  # sato's answer stands
    assert "事務局だけ" in await office.text("suzuki", "/genai committee vote 1 1 × --for 山田太郎")
    proxy = await office.text("tanaka", "/genai committee vote 1 1 × --for 山田太郎")
    assert "山田太郎 さんの回答として記録します" in proxy
