"""Which language each text uses: what is posted for a channel (the poll, its title, the invitation, the agenda
thread, the meeting reminders) in the channel's language (`/genai lang channel`, default GENAI_LANGUAGE), never the
asker's; direct-message reminders in each recipient's own language; English without Japanese punctuation. SQLite
and PostgreSQL."""

from __future__ import annotations

import json

from sqlmodel import col, select

from genai_bot.db.models import AuditEntry, OutboxMessage
from tests.integration.committee.conftest import Office, committee_with_members

POLL = "/genai committee poll 予算検討委員会 2/15 2/19 --duration 90 --deadline 2/10"


async def payload_texts(office: Office) -> dict[str, str]:
    async with office.core.db.session() as s:
        return {
            r.dedup_key: json.dumps(r.payload, ensure_ascii=False) for r in (await s.exec(select(OutboxMessage))).all()
        }


async def test_reminder_dms_use_each_recipients_language(office: Office) -> None:
    await committee_with_members(office)
    await office.person("sato", lang="en")
    await office.person("tanaka", lang="en")
    await office.text("tanaka", POLL)
    texts = await payload_texts(office)
    assert 'The poll for \\"第1回 予算検討委員会\\" (poll #1) closes Wed 10 Feb 18:15' in texts["poll:1:remind:3:"]
    assert "まだ回答がありません" in texts["poll:1:remind:2:"]  # suzuki kept the workspace language
    assert "reached its deadline" in texts["poll:1:deadline:1"]


async def test_the_default_title_uses_the_workspace_language_not_the_callers(office: Office) -> None:
    await committee_with_members(office)
    await office.person("tanaka", lang="en")
    opened = await office.text("tanaka", POLL)
    assert 'Posted the poll for "第1回 予算検討委員会"' in opened
    assert "meeting 1" not in opened


async def test_english_replies_use_no_japanese_punctuation(office: Office) -> None:
    await committee_with_members(office)
    await office.person("sato", lang="en")
    await office.text("tanaka", POLL)
    shown = await office.text("sato", "/genai committee show 予算検討委員会")
    assert "#1 第1回 予算検討委員会 (poll open)" in shown
    slots = await office.text("sato", "/genai committee slots 予算検討委員会 2/15 2/16")
    assert "(Mon 15 Feb–Tue 16 Feb, 60 min)" in slots
    voted = await office.text("sato", "/genai committee vote 1 1 yes")
    assert "Recorded ○ (slot 1:" in voted
    for text in (shown, slots, voted):
        assert not any(mark in text for mark in "〜（）、。　"), text


async def test_a_channel_set_to_english_gets_its_posts_in_english_whatever_the_asker_reads(office: Office) -> None:
    await committee_with_members(office)
    await office.person("sato", lang="en")
    assert "日本語" in await office.text("tanaka", "/genai lang channel")  # never set: GENAI_LANGUAGE (ja)
    changed = await office.send("tanaka", "/genai lang channel en")
    assert changed.ephemeral is False  # the channel sees who changed its language
    assert "tanaka set the language of the bot's posts in this channel to English." in changed.blocks[0].markdown  # type: ignore[union-attr]
    assert "English" in await office.text("sato", "/genai lang channel")
    opened = await office.text("tanaka", POLL)  # tanaka still reads Japanese
    assert "「予算検討委員会 meeting 1」の日程調整" in opened  # the reply in his language, the title in the channel's
    posted = office.posted()
    assert "Please answer by Wed 10 Feb" in posted and "回答期限" not in posted
    texts = await payload_texts(office)
    assert "まだ回答がありません" in texts["poll:1:remind:2:"]  # a DM: suzuki reads Japanese
    assert "closes Wed 10 Feb 18:15" in texts["poll:1:remind:3:"]  # sato reads English
    await office.text("sato", "/genai committee vote 1 2 yes")
    assert "を確定しました" in await office.text("tanaka", "/genai committee confirm 1 2")
    posted = office.posted()
    assert "Invitation for" in posted and "の招待ファイルです" not in posted
    reminders = await payload_texts(office)
    assert all("に開催します" not in text for key, text in reminders.items() if key.startswith("meeting:1:"))
    async with office.core.db.session() as s:
        audited = (await s.exec(select(AuditEntry).where(col(AuditEntry.action) == "channel.language_changed"))).all()
    assert [(a.actor.split(":")[-1], a.target, a.detail["lang"]) for a in audited] == [
        ("tanaka", "console:C-committee", "en")
    ]


async def test_a_channel_set_back_to_the_default_speaks_the_workspace_language_again(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai lang channel en")
    cleared = await office.text("tanaka", "/genai lang channel default")
    assert "既定値（日本語）に戻しました" in cleared
    await office.text("tanaka", POLL)
    assert "回答期限: 2月10日(水)" in office.posted()
    refused = await office.text("tanaka", "/genai lang channel fr")
    assert refused.startswith("! ") and "fr" in refused


async def test_a_classification_change_is_announced_in_the_channels_language(office: Office) -> None:
    await office.person("tanaka")  # reads Japanese
    await office.text("tanaka", "/genai lang channel en")
    announced = await office.text("tanaka", "/genai classify 2")
    assert announced == "tanaka set this channel's classification to 2 (confidential)."
