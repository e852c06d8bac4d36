"""Which language each text uses: the shared poll and title in the workspace language, direct-message reminders
in each recipient's own language, English without Japanese punctuation. SQLite and PostgreSQL."""

from __future__ import annotations

import json

from sqlmodel import select

from genai_bot.db.models import OutboxMessage
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
