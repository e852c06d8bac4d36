"""Two workspaces on one platform share the database: a person in workspace B cannot find, list, show, vote in,
close, confirm, cancel or read the agenda of workspace A's committee, poll or meeting — not by name, not by number,
not even when B has a person with the same user id as A's secretariat. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from genai_bot.messages import Room
from handlers.console.render import render_text
from tests.integration.committee.conftest import Office, committee_with_members
from tests.world.openai_api import FakeOpenAI

NAME = "予算検討委員会"
OTHER_TEAM = "T-elsewhere"
OTHER_ROOM = Room(platform="console", channel_id="C-elsewhere")


async def from_other_workspace(office: Office, line: str, user: str = "tanaka") -> str:
    """`line` typed by `user` of workspace B (the same platform and user id as in A, another team)."""
    person = await office.core.person("console", OTHER_TEAM, user, name=user)
    return render_text(await office.core.handle(line, person, OTHER_ROOM, "console"))


async def rows(office: Office, sql: str) -> list[tuple[object, ...]]:
    async with office.core.db.session() as s:
        return [tuple(r) for r in (await s.exec(text(sql))).all()]  # type: ignore[call-overload]


def refused_as_unknown(reply: str) -> bool:
    return reply.startswith("! ") and "見つかりません" in reply


async def test_another_workspace_cannot_touch_an_open_poll(office: Office) -> None:
    await committee_with_members(office)
    assert "投票 #1" in await office.text("tanaka", f"/genai committee poll {NAME} 2/15 2/19")
    audited = len(await rows(office, "SELECT id FROM audit_log"))

    for line in (
        f"/genai committee show {NAME}",
        "/genai committee show 1",
        "/genai committee vote 1 1 ○",
        "/genai committee vote 1 1 ○ --for 山田太郎",
        "/genai committee close 1",
        "/genai committee confirm 1 1",
        f"/genai committee slots {NAME} 2/15 2/16",
        f"/genai committee member add {NAME} @intruder",
        "/genai committee archive 1",
    ):
        reply = await from_other_workspace(office, line)
        assert refused_as_unknown(reply), (line, reply)
        assert NAME not in reply or NAME in line, (line, reply)  # nothing of A's committee is shown
        assert "山田太郎" not in reply and "第1回" not in reply, (line, reply)
    listing = await from_other_workspace(office, "/genai committee list")
    assert NAME not in listing

    # nothing changed in workspace A
    assert await rows(office, "SELECT status, chosen_option_id FROM polls") == [("open", None)]
    assert await rows(office, "SELECT id FROM votes") == []
    assert await rows(office, "SELECT status FROM meetings") == [("polling",)]
    assert await rows(office, "SELECT status FROM committees") == [("active",)]
    assert len(await rows(office, "SELECT id FROM committee_members")) == 4
    assert len(await rows(office, "SELECT id FROM audit_log")) == audited
    # …and A still works as before
    assert "○ を記録しました" in await office.text("suzuki", "/genai committee vote 1 1 ○")


async def test_another_workspace_cannot_read_cancel_or_minute_a_confirmed_meeting(
    llm_office: Office, fake_llm: FakeOpenAI
) -> None:
    office = llm_office
    await committee_with_members(office)
    await office.text("tanaka", f"/genai committee poll {NAME} 2/15 2/19 --location 第1会議室")
    assert "確定しました（会議 #1）" in await office.text("tanaka", "/genai committee confirm 1 1 --force")

    for line in (
        "/genai committee agenda 1",
        f"/genai committee agenda {NAME}",
        "/genai committee cancel 1",
        f"/genai committee cancel {NAME}",
        "/genai committee minutes 1 --show",
        "/genai committee minutes 1 議事メモ",
    ):
        reply = await from_other_workspace(office, line)
        assert refused_as_unknown(reply), (line, reply)
        assert "第1会議室" not in reply and "第1回" not in reply, (line, reply)
    assert await rows(office, "SELECT status, location FROM meetings") == [("confirmed", "第1会議室")]
    assert await rows(office, "SELECT minutes_draft FROM meetings") == [(None,)]
    assert fake_llm.requests == []  # nothing of A's meeting went to the LLM either
    assert "議題・資料" in await office.text("sato", "/genai committee agenda 1")


async def test_the_same_name_in_two_workspaces_means_two_committees(office: Office) -> None:
    await committee_with_members(office)
    created = await from_other_workspace(office, f"/genai committee create {NAME}", user="kimura")
    assert "作成しました" in created and "#2" in created
    assert refused_as_unknown(await from_other_workspace(office, "/genai committee show 1", user="kimura"))

    theirs = await from_other_workspace(office, f"/genai committee show {NAME}", user="kimura")
    assert "kimura" in theirs and "suzuki" not in theirs and "山田太郎" not in theirs
    ours = await office.text("tanaka", f"/genai committee show {NAME}")
    assert "suzuki" in ours and "kimura" not in ours
    assert NAME in await from_other_workspace(office, "/genai committee list", user="kimura")

    # B's poll gets the next number; A's secretariat cannot close it, and B cannot vote in A's poll
    await office.text("tanaka", f"/genai committee poll {NAME} 2/15 2/19")
    assert "投票 #2" in await from_other_workspace(office, f"/genai committee poll {NAME} 2/15 2/19", user="kimura")
    assert refused_as_unknown(await office.text("tanaka", "/genai committee close 2"))
    assert refused_as_unknown(await from_other_workspace(office, "/genai committee vote 1 1 ○", user="kimura"))
    assert "○ を記録しました" in await from_other_workspace(office, "/genai committee vote 2 1 ○", user="kimura")
    assert await rows(office, "SELECT poll_id, answer FROM votes") == [(2, "yes")]
