"""Through signed Slack payloads against the Slack stand-in: the itinerary uploaded to the traveller's DM, the
report drafted and filed with its buttons, and the day-before reminder sent as a DM by the outbox."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from skills.trip.models import Trip
from skills.trip.reminders import schedule_trip_reminders
from tests.conftest import llm_settings_for
from tests.e2e.conftest import running_http_bot
from tests.world import FakeSlackAPI, block_actions_payload
from tests.world.openai_api import FakeOpenAI

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=JST)


async def _trip(core: Core, **values: Any) -> Trip:
    fields: dict[str, Any] = {
        "platform": "slack",
        "team_id": "T1",
        "traveller": "U1",
        "traveller_name": "田中",
        "destination": "大阪市",
        "purpose": "予算説明会への出席",
        "depart": date(2026, 12, 10),
        "return_on": date(2026, 12, 11),
        "transport": "新幹線",
        "state": "approved",
        "version": 2,
    }
    trip = Trip(**(fields | values))
    async with core.db.session() as s:
        s.add(trip)
    async with core.db.session() as s:
        stored = await s.get(Trip, trip.id)
    assert stored is not None
    return stored


async def test_itinerary_report_and_reminder_in_slack(
    slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda _body: "1. 出張の概要\n大阪市で予算説明会に出席した。")
    clock = FixedClock(NOW)
    async with running_http_bot(slack, database_url, llm_settings=llm_settings_for(fake_llm), clock=clock) as bot:
        trip = await _trip(bot.core)

        # the itinerary: uploaded to the traveller's DM, not to the channel the command was typed in
        seen = len(slack.responses)
        status, _, _ = await bot.sender.slash_command(f"trip ics {trip.id}", user_id="U1", channel_id="C1")
        assert status == 200
        answer = (await slack.wait_for_response(seen + 1, timeout=15))[seen].body
        assert f"trip-{trip.id}.ics" in answer["text"] and "DM" in answer["text"]
        [upload] = [f for f in slack.files.values() if f.name == f"trip-{trip.id}.ics"]
        assert upload.completed and upload.content
        assert upload.channel == "U1" or upload.channel.startswith("D")  # the DM (Slack takes a user id for it)
        [event] = Calendar.from_ical(upload.content).walk("VEVENT")
        assert str(event["summary"]) == "出張: 大阪市" and str(event["uid"]) == f"trip-{trip.id}@genai-bot"
        assert event.decoded("dtstart") == date(2026, 12, 10) and event.decoded("dtend") == date(2026, 12, 12)

        # the report: drafted from the notes, filed with the File button
        seen = len(slack.responses)
        await bot.sender.slash_command(f"trip report {trip.id} 質疑3件", user_id="U1", channel_id="C1")
        drafted = (await slack.wait_for_response(seen + 1, timeout=15))[seen].body
        assert "大阪市で予算説明会に出席した。" in str(drafted)
        buttons = [e for b in drafted["blocks"] if b["type"] == "actions" for e in b["elements"]]
        values = [b["value"] for b in buttons]
        assert values[:2] == [f"report {trip.id} edit", f"report {trip.id} file"]
        assert [v.split()[-1] for v in values[2:]] == ["up", "down"]  # an AI draft: 👍/👎 under it too
        seen = len(slack.responses)
        payload = block_actions_payload("genai:trip", value=f"report {trip.id} file", user_id="U1", channel_id="C1")
        status, _, _ = await bot.sender.interactive(payload)
        assert status == 200
        filed = (await slack.wait_for_response(seen + 1, timeout=15))[seen].body
        assert "提出しました" in filed["text"]
        async with bot.core.db.session() as s:
            done = await s.get(Trip, trip.id)
        assert done is not None and done.state == "completed"

        # the reminder: a DM to the traveller from the outbox, on the working day before departure
        other = await _trip(bot.core, destination="名古屋市")
        assert await schedule_trip_reminders(bot.core.services, other) == 2
        due = datetime(2026, 12, 9, 9, 0, tzinfo=JST)
        clock.set(due)
        assert bot.core.services.outbox is not None
        await bot.core.services.outbox.sweep(now=due.astimezone(UTC))
        dm = [t for t in slack.posted_texts() if "明日から出張です" in t]
        assert dm == [
            f"明日から出張です: #{other.id} 名古屋市（12月10日(木)〜12月11日(金)）。持ち物と乗車券をご確認ください。"
            f"予定表ファイル: `/genai trip ics {other.id}`"
        ]
        assert any(c.params.get("channel", "").startswith(("D", "U1")) for c in slack.calls_to("chat.postMessage"))
