"""Committee management end to end in the Slack stand-in: signed slash commands, button clicks and modal
submissions in; real Bolt, slack_sdk, msal, aiohttp and openai out to the stand-ins. SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from icalendar import Calendar
from sqlmodel import select

from genai_bot.db.models import OutboxMessage
from genai_bot.messages import Room
from genai_bot.refs import mention
from handlers.console.chat_port import ConsoleChatPort
from skills.committee.models import Meeting
from tests.e2e.committee.conftest import JST, CommitteeBot, at
from tests.world.slack_api import Call
from tests.world.slack_payloads import view_submission_payload

DRAFT = "1. 日時\n令和9年2月15日（月）12時～13時\n4. 議題\n来年度予算の方針\n6. 決定事項\n予算案の概要を了承した。"


def ics(start: str, end: str) -> bytes:
    s, e = (datetime.fromisoformat(x).replace(tzinfo=JST).astimezone(UTC) for x in (start, end))
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//JA\r\nBEGIN:VEVENT\r\nUID:sato-1@test\r\n"
        f"DTSTAMP:{s:%Y%m%dT%H%M%SZ}\r\nDTSTART:{s:%Y%m%dT%H%M%SZ}\r\nDTEND:{e:%Y%m%dT%H%M%SZ}\r\n"
        "SUMMARY:出張\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def button_values(blocks: Any) -> list[str]:
    return [e.get("value", "") for b in _json(blocks) or [] if b["type"] == "actions" for e in b["elements"]]


def posts(bot: CommitteeBot, needle: str) -> list[Call]:
    return [c for c in bot.slack.calls_to("chat.postMessage") if needle in str(c.params.get("text", ""))]


def poll_text(bot: CommitteeBot, ts: str) -> str:
    message = bot.slack.store.get_message("C1", ts)
    assert message is not None
    return str(message["text"]).replace("*", "")


async def test_create_members_slots_poll_votes_confirm_reminders_minutes(
    committee_bot: CommitteeBot, tmp_path: Path
) -> None:
    bot, slack, entra, llm = committee_bot, committee_bot.slack, committee_bot.entra, committee_bot.llm

    # 1. create, then members through the modal and by typing
    created = await bot.command("committee create 予算検討委員会 --channel here --email tanaka@example.go.jp")
    assert created["response_type"] == "ephemeral" and "委員会「予算検討委員会」（#1）を作成しました" in created["text"]
    await bot.sender.slash_command("委員会 member add 予算検討委員会", user_id="U1")
    [opened] = await slack.wait_for("views.open")
    view = _json(opened.params["view"])
    assert json.loads(view["private_metadata"])["command"] == "committee member add 1"
    await bot.submit_form(
        "committee member add 1",
        {
            "users": {"value": {"type": "multi_users_select", "selected_users": ["U2", "U3"]}},
            "role": {"value": {"type": "static_select", "selected_option": {"value": "member"}}},
            "attendance": {"value": {"type": "static_select", "selected_option": {"value": "required"}}},
        },
    )
    [added] = await slack.wait_for("chat.postEphemeral")
    assert "2人を追加しました: suzuki、sato" in added.params["text"]
    external = await bot.command(
        "committee member add 予算検討委員会 "
        "<mailto:yamada@example.ac.jp|yamada@example.ac.jp> "
        "--name 山田太郎 --org 東京大学 --optional"
    )
    assert "山田太郎" in external["text"]
    assert "suzuki（委員長・必須）" in (await bot.command("committee member role 1 <@U2|suzuki> chair"))["text"]
    await bot.command("committee member set 1 <@U2> --email suzuki@example.go.jp")

    # 2. availability: Outlook (Graph stand-in) for ministry staff, an imported .ics for sato
    entra.add_busy("suzuki@example.go.jp", datetime(2027, 2, 15, 9, tzinfo=JST), datetime(2027, 2, 15, 12, tzinfo=JST))
    path = tmp_path / "sato.ics"
    path.write_bytes(ics("2027-02-15 13:00", "2027-02-15 18:30"))
    operator = await bot.core.person("slack", "T1", "U1")
    operator_terminal = ConsoleChatPort(bot.core.db, io.StringIO())  # the operator at the bot's machine
    imported = await bot.core.handle(
        f"committee calendar import 1 {mention('U3')} {path}",
        operator,
        Room("slack", "C1"),
        "console",
        chat=operator_terminal,
    )
    assert "1 件の予定を取り込みました" in imported.plain_text
    slots = await bot.command("committee slots 予算検討委員会 2/15 2/16 --max 3", user="U2")
    assert "「予算検討委員会」の候補日時（2月15日(月)〜2月16日(火)、60分）" in slots["text"]
    assert "1. 2月15日(月) 12:00–13:00" in slots["text"]  # suzuki busy in Outlook until 12, sato busy from 13
    assert "予定不明（投票で確認）: 山田太郎" in slots["text"]
    assert entra.calls_to("schedule")
    [start_poll] = [v for v in button_values(slots["blocks"]) if v.startswith("poll ")]

    # 3. the poll, started from the slots' button by the secretariat
    refused = await bot.click(start_poll, user="U2")
    assert "事務局だけ" in refused["text"]
    opened_poll = await bot.click(start_poll, user="U1")
    assert "「第1回 予算検討委員会」の日程調整（投票 #1、候補 3件）を投稿しました" in opened_poll["text"]
    [poll_post] = posts(bot, "日程調整")
    poll_ts = str(poll_post.response["ts"])
    assert poll_post.params["channel"] == "C1"
    assert {"vote 1 1 yes", "vote 1 1 maybe", "vote 1 1 no", "vote 1 3 no"} <= set(
        button_values(poll_post.params["blocks"])
    )

    # 4. answers: live tally, a double click counted once, a non-member refused
    assert "○ を記録しました（候補 1" in (await bot.click("vote 1 1 yes", user="U2", message_ts=poll_ts))["text"]
    assert "○ suzuki" in poll_text(bot, poll_ts)
    again = await bot.click("vote 1 1 yes", user="U2", message_ts=poll_ts)
    assert "既に ○ で記録されています（1回として数えています）" in again["text"]
    stranger = await bot.click("vote 1 1 yes", user="U4", message_ts=poll_ts)
    assert stranger["response_type"] == "ephemeral" and "メンバーではないため回答できません" in stranger["text"]
    await bot.click("vote 1 1 yes", user="U3", message_ts=poll_ts)
    await bot.click("vote 1 2 no", user="U3", message_ts=poll_ts)
    await bot.click("vote 1 1 maybe", user="U1", message_ts=poll_ts)
    tally = poll_text(bot, poll_ts)
    assert "1. 2月15日(月) 12:00–13:00　○ 2  △ 1  × 0" in tally and "○ suzuki、sato　△ tanaka" in tally
    assert "未回答: tanaka（1/3）、suzuki（1/3）、sato（2/3）、山田太郎" in tally  # partial answers show progress

    # 5. close, a late answer refused, confirm from the button
    closed = await bot.command("committee close 1")
    assert "最適な候補:\n1. 2月15日(月) 12:00–13:00　○ 2  △ 1  × 0（必須メンバーの ○ 2/3）" in closed["text"]
    [confirm_value] = [v for v in button_values(closed["blocks"]) if v.startswith("confirm ")]
    assert confirm_value == "confirm 1 1"
    assert "締め切りました" in poll_text(bot, poll_ts)
    late = await bot.click("vote 1 2 yes", user="U2", message_ts=poll_ts)
    assert "締め切られているため、回答できません" in late["text"]
    confirmed = await bot.click(confirm_value, user="U1")
    assert "「第1回 予算検討委員会」を確定しました（会議 #1）" in confirmed["text"]
    assert "Outlook の予定表に登録し、出席者に招待を送りました" in confirmed["text"]
    assert "2月15日(月) 12:00–13:00　場所: 未定" in confirmed["text"]
    assert "2月15日(月) 12:00–13:00 に確定しました" in poll_text(bot, poll_ts)

    # Outlook event in the secretariat's calendar, with the attendees who have e-mail
    [event] = entra.events
    assert event["subject"] == "第1回 予算検討委員会" and event["organiser"] == "tanaka@example.go.jp"
    invited = {a["emailAddress"]["address"]: a["type"] for a in event["attendees"]}
    assert invited == {"suzuki@example.go.jp": "required", "yamada@example.ac.jp": "optional"}

    # the .ics invitation in the channel, readable by any calendar
    [invitation] = [f for f in slack.files.values() if f.name == "meeting-1.ics"]
    assert invitation.completed and invitation.channel == "C1" and invitation.content
    [vevent] = Calendar.from_ical(invitation.content).walk("VEVENT")
    assert vevent.decoded("dtstart") == datetime(2027, 2, 15, 12, 0, tzinfo=JST)
    assert {str(a) for a in vevent.get("attendee")} == {"mailto:suzuki@example.go.jp", "mailto:yamada@example.ac.jp"}

    # reminders are durable outbox rows
    async with bot.core.db.session() as s:
        keys = sorted(
            r.dedup_key for r in (await s.exec(select(OutboxMessage))).all() if r.dedup_key.startswith("meeting:")
        )
        meeting = (await s.exec(select(Meeting))).one()
    assert keys == ["meeting:1:t-1d", "meeting:1:t-1h", "meeting:1:t-7d"]

    # 6. the agenda thread collects items; the day-before reminder goes out
    [agenda_post] = posts(bot, "議題・資料はこのスレッドへ")
    agenda_ts = str(agenda_post.response["ts"])
    assert meeting.agenda_thread_id == agenda_ts
    slack.add_message("C1", "議題案: 来年度予算の方針について", "U2", thread_ts=agenda_ts)
    slack.add_message("C1", "資料1「予算案の概要」を共有します", "U3", thread_ts=agenda_ts)
    agenda = await bot.command("committee agenda 1", user="U3")
    assert "1. 議題案: 来年度予算の方針について — suzuki" in agenda["text"]
    assert "2. 資料1「予算案の概要」を共有します — sato" in agenda["text"]
    swept = await bot.core.services.outbox.sweep(now=at(2027, 2, 14, 12, 1))
    assert swept.sent == 2
    assert posts(bot, "【資料準備】")
    assert posts(bot, "【開催のご案内】「第1回 予算検討委員会」は 2月15日(月) 12:00–13:00 に開催します")  # on Friday
    assert not posts(bot, "【明日開催】")

    # 7. minutes drafted from the agenda thread, for the secretariat only
    assert "事務局だけ" in (await bot.command("committee minutes 1", user="U3"))["text"]
    llm.reply_with(lambda body: DRAFT)
    minutes = await bot.command("committee 議事要旨 1")
    assert "議事要旨（案）— 第1回 予算検討委員会" in minutes["text"] and "予算案の概要を了承した。" in minutes["text"]
    prompt = "\n".join(m["content"] for m in llm.requests[-1]["messages"])
    assert "suzuki: 議題案: 来年度予算の方針について" in prompt and "sato: 資料1「予算案の概要」を共有します" in prompt
    async with bot.core.db.session() as s:
        assert (await s.exec(select(Meeting))).one().minutes_draft == DRAFT


async def test_create_form_and_a_taken_name_shown_in_the_modal(committee_bot: CommitteeBot) -> None:
    bot = committee_bot
    await bot.sender.slash_command("committee create", user_id="U1", channel_id="C1")
    [opened] = await bot.slack.wait_for("views.open")
    assert [b["block_id"] for b in _json(opened.params["view"])["blocks"]][:2] == ["name", "description"]
    await bot.submit_form(
        "committee create",
        {
            "name": {"value": {"type": "plain_text_input", "value": "広報委員会"}},
            "channel": {"value": {"type": "static_select", "selected_option": {"value": "here"}}},
        },
    )
    [created] = await bot.slack.wait_for("chat.postEphemeral")
    assert "委員会「広報委員会」（#1）を作成しました" in created.params["text"]
    metadata = json.dumps({"command": "committee create", "channel_id": "C1", "thread_id": None})
    status, body, _ = await bot.sender.interactive(
        view_submission_payload(
            "genai_form",
            {"name": {"value": {"type": "plain_text_input", "value": "広報委員会"}}},
            private_metadata=metadata,
        )
    )
    assert status == 200 and json.loads(body)["response_action"] == "errors"
    assert "既にあります" in json.loads(body)["errors"]["name"]


async def test_a_poll_the_bot_cannot_post_is_not_left_half_made(committee_bot: CommitteeBot) -> None:
    bot = committee_bot
    await bot.command("committee create 予算検討委員会 --channel here")
    bot.slack.fail_next("chat.postMessage", status=200, error="not_in_channel")
    answer = await bot.command("committee poll 予算検討委員会 2/15 2/19")
    assert "投稿できませんでした（not_in_channel）" in answer["text"] and "/invite" in answer["text"]
    async with bot.core.db.session() as s:
        assert (await s.exec(select(Meeting))).all() == []
    retried = await bot.command("committee poll 予算検討委員会 2/15 2/19")
    assert "候補 5件）を投稿しました" in retried["text"]  # poll numbers may be reused on SQLite


async def test_graph_refusing_the_event_still_confirms_with_the_invitation(committee_bot: CommitteeBot) -> None:
    bot = committee_bot
    await bot.command("committee create 予算検討委員会 --channel here --email tanaka@example.go.jp")
    await bot.command("committee poll 予算検討委員会 2/15 2/19")
    bot.entra.forbid("events")
    confirmed = await bot.command("committee confirm 1 2 --force")
    assert "を確定しました" in confirmed["text"] and "Outlook の予定表に登録できませんでした" in confirmed["text"]
    assert "招待ファイル（.ics）をチャンネルに投稿しました" in confirmed["text"]
    assert [f.name for f in bot.slack.files.values()] == ["meeting-1.ics"]
