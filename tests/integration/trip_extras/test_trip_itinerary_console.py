"""On the console: the itinerary file written where the reply says, what overlaps a trip, and who is away."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from genai_bot.calendar.local import import_ics
from skills.committee.models import Committee, CommitteeMember, Meeting
from tests.integration.trip_extras.conftest import JST, TripOffice


async def test_the_itinerary_is_written_to_the_file_the_reply_names(office: TripOffice) -> None:
    trip = await office.add_trip()
    answer = await office.text("tanaka", f"/genai trip ics {trip.id}")
    found = re.search(r"`([^`]+\.ics)`", answer)
    assert found is not None, answer
    path = Path(found.group(1))
    assert path.is_absolute() and path.name == f"trip-{trip.id}.ics"
    event = Calendar.from_ical(await asyncio.to_thread(path.read_bytes)).walk("VEVENT")[0]
    assert str(event["summary"]) == "出張: 大阪市"
    assert event.decoded("dtstart") == date(2026, 12, 10) and event.decoded("dtend") == date(2026, 12, 12)
    assert str(event["uid"]) == f"trip-{trip.id}@genai-bot" and int(event["sequence"]) == 2
    assert "12月10日(木)〜12月11日(金)" in answer


async def test_someone_else_cannot_take_the_travellers_itinerary(office: TripOffice) -> None:
    trip = await office.add_trip()
    assert "出張者本人だけ" in await office.text("nakamura", f"/genai trip ics {trip.id}")
    assert "見つかりません" in await office.text("tanaka", "/genai trip ics 99")
    cancelled = await office.add_trip(state="cancelled")
    assert "取消のため" in await office.text("tanaka", f"/genai trip ics {cancelled.id}")


async def test_conflicts_name_the_calendar_the_committee_meeting_and_the_other_trip(office: TripOffice) -> None:
    trip = await office.add_trip(state="draft")
    await office.add_trip(destination="名古屋市", depart=date(2026, 12, 11), return_on=date(2026, 12, 12))
    await office.add_trip(
        destination="福岡市", depart=date(2026, 12, 11), return_on=date(2026, 12, 11), state="rejected"
    )
    await office.add_trip(destination="札幌市", depart=date(2026, 12, 12), return_on=date(2026, 12, 13))
    async with office.core.db.session() as s:
        committee = Committee(platform="console", team_id="T-office", name="予算検討委員会", created_by="yamada")
        s.add(committee)
        await s.flush()
        s.add(CommitteeMember(committee_id=committee.id, user_id="tanaka", name="田中"))
        start = datetime(2026, 12, 10, 14, 0, tzinfo=JST)
        s.add(
            Meeting(
                committee_id=committee.id,
                title="第3回",
                status="confirmed",
                start=start,
                end=start + timedelta(hours=1),
                created_by="yamada",
            )
        )
        s.add(
            Meeting(
                committee_id=committee.id,
                title="第4回（調整中）",
                status="polling",
                start=start,
                end=start + timedelta(hours=1),
                created_by="yamada",
            )
        )
    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//x//JA\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        b"DTSTART;TZID=Asia/Tokyo:20261211T090000\r\nDTEND;TZID=Asia/Tokyo:20261211T103000\r\n"
        b"SUMMARY:private\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    await import_ics(office.core.db, "tanaka@example.go.jp", ics, now=office.clock.now())
    answer = await office.text("tanaka", f"/genai trip conflicts {trip.id}")
    lines = answer.splitlines()
    assert lines[0] == "⚠️ 出張の日程と重なる予定が 3 件あります:", answer
    assert lines[1] == "• 12月10日(木) 14:00–15:00 委員会の会議 予算検討委員会: 第3回（会議 #1）"
    assert lines[2] == "• 12月11日(金)–12月12日(土) ほかの出張 #2 名古屋市"
    assert lines[3] == "• 12月11日(金) 09:00–10:30 予定あり（予定表）"  # from the .ics imported for her e-mail
    assert "福岡" not in answer and "札幌" not in answer and "調整中" not in answer and "private" not in answer


async def test_nothing_overlapping_says_so(office: TripOffice) -> None:
    trip = await office.add_trip(state="draft")
    assert "重なる予定はありません" in await office.text("tanaka", f"/genai trip conflicts {trip.id}")


async def test_who_is_away_in_a_unit_and_the_units_under_it(office: TripOffice) -> None:
    await office.add_trip()  # tanaka, research division, 12/10–12/11
    await office.add_trip(
        traveller="U0KAKARI03",
        traveller_name="中村 由美",
        unit="mof/budget/planning",
        destination="名古屋市",
        depart=date(2026, 12, 11),
        return_on=date(2026, 12, 11),
    )
    await office.add_trip(
        traveller="kato",
        traveller_name="加藤 陽介",
        unit="mof/tax/policy",
        destination="福岡市",
        depart=date(2026, 12, 11),
        return_on=date(2026, 12, 11),
    )
    await office.add_trip(
        traveller="sato",
        traveller_name="佐藤 健",
        state="submitted",
        depart=date(2026, 12, 11),
        return_on=date(2026, 12, 11),
    )
    bureau = await office.text("tanaka", "/genai trip away 主計局 12月11日")
    assert bureau.splitlines()[0] == "12月11日(金) に出張中（主計局）: 2 人"
    assert "田中 美咲 — 大阪市" in bureau and "中村 由美 — 名古屋市" in bureau
    assert "加藤" not in bureau and "佐藤" not in bureau  # another bureau; not approved yet
    mine = await office.text("tanaka", "/genai trip away １２／１１")  # the asker's own division, full-width date
    assert "（調査課）: 1 人" in mine and "中村" not in mine
    assert "出張中の人はいません" in await office.text("tanaka", "/genai trip away")  # today, 12/1
    assert "組織「人事院」は組織ファイルにありません" in await office.text("tanaka", "/genai trip away 人事院")
    assert "所属が組織ファイルにありません" in await office.text("stranger", "/genai trip away 12/11")


async def test_who_is_away_in_english(office: TripOffice) -> None:
    await office.add_trip()
    await office.person("tanaka", lang="en")
    answer = await office.text("tanaka", "/genai trip away Budget Bureau 2026-12-10")
    assert answer.splitlines()[0] == "Away on Thu 10 Dec (Budget Bureau): 1 person"
    assert (await office.text("tanaka", "/genai trip away budget 12/10")) == answer  # the last part of its id
