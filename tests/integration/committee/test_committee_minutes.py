"""The agenda thread and 議事要旨 drafted through the LLM gateway (the OpenAI stand-in). SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import select

from genai_bot.audit import AuditLog
from genai_bot.db.models import ChannelMessage
from genai_bot.llm import set_channel_classification
from genai_bot.messages import Actions, Room
from handlers.console.render import render_text
from skills.committee.models import Meeting
from tests.conftest import clickable
from tests.integration.committee.conftest import JST, Office, committee_with_members
from tests.world.openai_api import FakeOpenAI

DRAFT = "1. 日時\n令和9年2月15日（月）9時30分～11時\n2. 場所\n第1会議室\n6. 決定事項\n予算案を了承した。"


async def confirmed_meeting(office: Office) -> Meeting:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --duration 90 --location 第1会議室")
    await office.text("tanaka", "/genai committee confirm 1 1 --force")
    async with office.core.db.session() as s:
        return (await s.exec(select(Meeting))).one()


async def post_in_thread(office: Office, meeting: Meeting, *posts: tuple[str, str]) -> None:
    async with office.core.db.session() as s:
        for author, text in posts:
            s.add(
                ChannelMessage(
                    platform="console",
                    channel_id=meeting.channel_id or "",
                    author=author,
                    thread_id=meeting.agenda_thread_id,
                    is_bot=False,
                    text=text,
                )
            )


def _prompt(body: dict[str, Any]) -> str:
    return "\n".join(str(m["content"]) for m in body["messages"])


async def test_agenda_lists_what_members_posted_in_the_thread(llm_office: Office) -> None:
    meeting = await confirmed_meeting(llm_office)
    empty = await llm_office.text("sato", "/genai committee agenda 1")
    assert "まだ議題スレッドへの投稿はありません" in empty
    await post_in_thread(llm_office, meeting, ("suzuki", "議題案: 来年度予算の方針"), ("sato", "資料1 を添付します"))
    listed = await llm_office.text("sato", "/genai committee agenda 予算検討委員会")
    assert "予算検討委員会「第1回 予算検討委員会」の議題・資料（2月15日(月) 09:30–11:00）" in listed
    assert "1. 議題案: 来年度予算の方針 — suzuki" in listed and "2. 資料1 を添付します — sato" in listed
    assert "議題・資料はこのスレッドへ" not in listed  # the bot's own opening post is not an item


async def test_minutes_are_drafted_from_the_thread_in_official_style_and_saved(
    llm_office: Office, fake_llm: FakeOpenAI
) -> None:
    meeting = await confirmed_meeting(llm_office)
    await post_in_thread(
        llm_office, meeting, ("suzuki", "来年度予算の方針について議論"), ("sato", "予算案を了承。次回は3月に開催")
    )
    fake_llm.reply_with(lambda body: DRAFT)
    llm_office.clock.set(datetime(2027, 2, 15, 12, 0, tzinfo=JST))  # after the meeting
    text = await llm_office.text("tanaka", "/genai committee minutes 1")
    assert "議事要旨（案）— 第1回 予算検討委員会" in text and "予算案を了承した。" in text
    assert "議題スレッドの 2件の投稿から作成し、下書きとして保存しました" in text
    prompt = _prompt(fake_llm.requests[-1])
    for heading in ("1. 日時", "2. 場所", "3. 出席者", "4. 議題", "5. 議事概要", "6. 決定事項", "7. 今後の予定"):
        assert heading in prompt
    assert "公用文" in prompt and "日時: 2月15日(月) 09:30–11:00" in prompt and "場所: 第1会議室" in prompt
    assert "suzuki: 来年度予算の方針について議論" in prompt and "sato: 予算案を了承。次回は3月に開催" in prompt
    assert "山田太郎（委員・東京大学）" in prompt
    async with llm_office.core.db.session() as s:
        saved = (await s.exec(select(Meeting))).one()
    assert saved.minutes_draft == DRAFT and saved.status == "held"
    shown = await llm_office.text("tanaka", "/genai committee minutes 予算検討委員会 --show")
    assert "予算案を了承した。" in shown and "保存されている下書きです" in shown
    [entry] = await AuditLog(llm_office.core.db).recent(1, action="committee.minutes_drafted")
    assert entry.detail["source"] == "thread" and "予算" not in json.dumps(entry.detail, ensure_ascii=False)


async def test_minutes_from_pasted_notes_keep_them_as_typed(llm_office: Office, fake_llm: FakeOpenAI) -> None:
    await confirmed_meeting(llm_office)
    fake_llm.reply_with(lambda body: DRAFT)
    text = await llm_office.text("tanaka", "/genai committee minutes 1 議題１：予算（案）\n① 了承")
    assert "貼り付けたメモから作成し" in text
    assert "議題１：予算（案）\n① 了承" in _prompt(fake_llm.requests[-1])


async def test_minutes_refusals_and_failures_are_friendly(llm_office: Office, fake_llm: FakeOpenAI) -> None:
    await confirmed_meeting(llm_office)
    assert "事務局だけ" in await llm_office.text("sato", "/genai committee minutes 1 メモ")
    assert "議事要旨の元になる記録がありません" in await llm_office.text("tanaka", "/genai committee minutes 1")
    assert "下書きはまだありません" in await llm_office.text("tanaka", "/genai committee minutes 1 --show")
    assert "会議 #7 が見つかりません" in await llm_office.text("tanaka", "/genai committee minutes 7 メモ")
    fake_llm.fail_next(500, times=10)
    failed = await llm_office.text("tanaka", "/genai committee minutes 1 メモ")
    assert failed.startswith("! ") and "AI サービスが一時的に利用できません" in failed
    async with llm_office.core.db.session() as s:
        assert (await s.exec(select(Meeting))).one().minutes_draft is None


async def test_minutes_without_an_llm_name_the_setting(office: Office) -> None:
    await confirmed_meeting(office)
    text = await office.text("tanaka", "/genai committee minutes 1 メモ")
    assert text.startswith("! ") and "OPENAI_API_KEY" in text and "GENAI_LLM_PROVIDERS" in text


async def test_a_committee_without_meetings_says_so(office: Office) -> None:
    await committee_with_members(office)
    assert "日程の決まった会議がまだありません" in await office.text("tanaka", "/genai committee agenda 予算検討委員会")


async def test_minutes_respect_the_meeting_channel_classification(llm_office: Office, fake_llm: FakeOpenAI) -> None:
    """The stand-in provider is cleared up to level 1: a level-3 meeting channel must not reach it, even when the
    minutes are asked for from a DM (the higher of the two levels counts)."""
    await confirmed_meeting(llm_office)
    fake_llm.reply_with(lambda body: DRAFT)
    await set_channel_classification(llm_office.core.db, "console", "C-committee", 3, team_id="T-office")
    before = len(fake_llm.requests)
    llm_office.room = Room(platform="console", channel_id="D-tanaka")
    refused = await llm_office.text("tanaka", "/genai committee minutes 1 メモ")
    assert refused.startswith("! ") and "機密区分（レベル 3）" in refused
    assert len(fake_llm.requests) == before
    await set_channel_classification(llm_office.core.db, "console", "C-committee", 0, team_id="T-office")
    await set_channel_classification(llm_office.core.db, "console", "D-tanaka", 2, team_id="T-office")
    assert "機密区分（レベル 2）" in await llm_office.text("tanaka", "/genai committee minutes 1 メモ")
    await set_channel_classification(llm_office.core.db, "console", "D-tanaka", 1, team_id="T-office")
    assert "議事要旨（案）" in await llm_office.text("tanaka", "/genai committee minutes 1 メモ")


async def test_an_outage_keeps_the_pasted_notes_and_the_retry_click_drafts_them(
    llm_office: Office, fake_llm: FakeOpenAI
) -> None:
    await confirmed_meeting(llm_office)
    fake_llm.fail_next(500, times=10)
    person = await llm_office.person("tanaka")
    failed = await llm_office.core.handle(
        "committee minutes 1 予算案を了承。次回は2月。",
        person,
        llm_office.room,
        "command",
        chat=clickable(llm_office.core),
    )
    [actions] = [b for b in failed.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    assert failed.is_error and button.action_id == "genai:committee" and "予算" not in button.value

    fake_llm.reset()
    fake_llm.reply_with(lambda body: "議事要旨（案）\n決定事項: 予算案を了承")
    retried = await llm_office.core.handle(f"committee {button.value}", person, llm_office.room, "action")
    assert not retried.is_error and "予算案を了承" in render_text(retried)
    assert "予算案を了承。次回は2月。" in fake_llm.requests[-1]["messages"][-1]["content"]  # the kept notes
    async with llm_office.core.db.session() as s:
        assert "予算案を了承" in ((await s.exec(select(Meeting))).one().minutes_draft or "")
