"""A committee of a private channel is for its members: anyone else is told it is not found — in the list, by
name, by number, by a near-miss name, through its polls — and never learns its name; members and the secretariat
see it as before; a committee of a public channel stays visible to everyone. Committees stored before privacy was
recorded are looked up on the next command. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import TextIO

from sqlalchemy import text

from genai_bot.app import migration_locations, upgrade_database
from genai_bot.chat import ChatError, RoomInfo
from genai_bot.db import Database, make_engine
from genai_bot.db.migrate import upgrade
from genai_bot.messages import Room
from genai_bot.refs import room_link
from handlers.console.chat_port import ConsoleChatPort
from tests.integration.committee.conftest import Office, committee_with_members

SECRET = "人事評価委員会"
PUBLIC = "予算検討委員会"
SECRET_ROOM = Room(platform="console", channel_id="C-jinji")


class RoomsWithPrivacy(ConsoleChatPort):
    """The console port in rooms the platform reports as private, or cannot see at all (`unseen`)."""

    def __init__(self, db: Database, out: TextIO, private: set[str], unseen: set[str] | None = None) -> None:
        super().__init__(db, out)
        self.private, self.unseen = private, unseen or set()
        self.asked: list[str] = []

    async def room_info(self, room: Room) -> RoomInfo:
        self.asked.append(room.channel_id)
        if room.channel_id in self.unseen:
            raise ChatError("channel_not_found")
        return RoomInfo(is_private=room.channel_id in self.private, name=room.channel_id)


def with_private_rooms(office: Office, *private: str, unseen: set[str] | None = None) -> RoomsWithPrivacy:
    port = RoomsWithPrivacy(office.core.db, office.terminal, set(private), unseen)
    office.core.services.chat_ports["console"] = port
    return port


async def rows(office: Office, sql: str) -> list[tuple[object, ...]]:
    async with office.core.db.session() as s:
        return [tuple(r) for r in (await s.exec(text(sql))).all()]  # type: ignore[call-overload]


async def private_committee(office: Office) -> None:
    """Committee #2 of the private channel C-jinji: tanaka (secretariat) and suzuki; a poll (#1) open on it."""
    office.room = SECRET_ROOM
    created = await office.text("tanaka", f"/genai committee create {SECRET} --channel here")
    assert f"委員会「{SECRET}」（#2）を作成しました" in created, created
    assert "追加しました" in await office.text("tanaka", f"/genai committee member add {SECRET} @suzuki")
    assert "投票 #1" in await office.text("tanaka", f"/genai committee poll {SECRET} 2/15 2/19")


def hidden(reply: str, typed: str = "") -> bool:
    """Refused as unknown, naming nothing the person did not type themselves."""
    return (
        reply.startswith("! ")
        and "見つかりません" in reply
        and "C-jinji" not in reply
        and (SECRET not in reply or SECRET in typed)
    )


async def test_a_private_channels_committee_is_not_found_by_anyone_else(office: Office) -> None:
    with_private_rooms(office, "C-jinji")
    await committee_with_members(office, PUBLIC)  # #1: no channel, public; sato and outsider are not on #2
    await private_committee(office)
    assert await rows(office, "SELECT id, channel_private FROM committees ORDER BY id") == [(1, False), (2, True)]

    listed = await office.text("outsider", "/genai committee list")
    assert PUBLIC in listed and SECRET not in listed and "（1件）" in listed
    assert SECRET not in await office.text("sato", "/genai committee list --all")
    for line in (
        f"/genai committee show {SECRET}",
        "/genai committee show 2",
        "/genai committee show #2",
        "/genai committee show 人事評価委員",
        "/genai committee show 人事評価",
        f"/genai committee slots {SECRET}",
        "/genai committee agenda 2",
        "/genai committee vote 1 1 ○",
        "/genai committee close 1",
        f"/genai committee member add {SECRET} @outsider",
        f"/genai committee archive {SECRET}",
    ):
        reply = await office.text("outsider", line)
        assert hidden(reply, line), (line, reply)
    assert await rows(office, "SELECT COUNT(*) FROM votes") == [(0,)]
    assert await rows(office, "SELECT status FROM committees WHERE id = 2") == [("active",)]

    # a member and the secretariat see it as before
    for user, role in (("suzuki", "委員"), ("tanaka", "事務局")):
        mine = await office.text(user, "/genai committee list")
        assert f"{SECRET} (#2) — 2人 — あなたは{role}" in mine, mine
        shown = await office.text(user, "/genai committee show 2")
        assert SECRET in shown and "C-jinji" in shown and "tanaka（事務局・必須）" in shown, shown
    assert "○ を記録しました" in await office.text("suzuki", "/genai committee vote 1 1 ○")

    # the public committee: everyone may see it, non-members by names only, as today
    public = await office.text("outsider", f"/genai committee show {PUBLIC}")
    assert PUBLIC in public and "tanaka、suzuki、sato、山田太郎" in public
    assert "委員会のメンバーだけに表示されます" in public


async def test_a_channel_the_bot_cannot_see_makes_the_committee_private(office: Office) -> None:
    port = with_private_rooms(office, unseen={"CHIDDEN"})
    await office.person("tanaka")
    channel = room_link("CHIDDEN", "jinji")  # what the Slack adapter makes of <#CHIDDEN|jinji>
    created = await office.text("tanaka", f"/genai committee create {SECRET} --channel {channel}")
    assert "作成しました" in created and port.asked == ["CHIDDEN"]
    assert hidden(await office.text("outsider", "/genai committee show 1"))
    assert SECRET in await office.text("tanaka", "/genai committee show 1")


async def test_committees_stored_before_privacy_was_recorded_are_looked_up_once(office: Office) -> None:
    port = with_private_rooms(office, "C-jinji")
    await committee_with_members(office, PUBLIC)
    await private_committee(office)
    async with office.core.db.session() as s:  # as the migration leaves committees that have a channel
        await s.exec(text("UPDATE committees SET channel_id = 'C-committee' WHERE id = 1"))  # type: ignore[call-overload]
        await s.exec(text("UPDATE committees SET channel_private = NULL"))  # type: ignore[call-overload]
    port.asked.clear()

    listed = await office.text("outsider", "/genai committee list")
    assert PUBLIC in listed and SECRET not in listed
    assert sorted(port.asked) == ["C-committee", "C-jinji"]
    assert await rows(office, "SELECT id, channel_private FROM committees ORDER BY id") == [(1, False), (2, True)]
    await office.text("outsider", "/genai committee list")
    assert len(port.asked) == 2  # known now: not asked again


async def test_the_migration_leaves_committees_with_a_channel_to_be_looked_up(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        await upgrade(engine, "0004", locations=migration_locations())
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO committees"
                    " (platform, team_id, name, channel_id, timezone, status, created_by, created_at)"
                    " VALUES ('slack', 'T1', 'a', 'C1', 'Asia/Tokyo', 'active', 'x', CURRENT_TIMESTAMP),"
                    " ('slack', 'T1', 'b', NULL, 'Asia/Tokyo', 'active', 'x', CURRENT_TIMESTAMP)"
                )
            )
        await upgrade_database(engine)
        async with engine.connect() as conn:
            found = (await conn.execute(text("SELECT name, channel_private FROM committees ORDER BY name"))).all()
        assert [tuple(r) for r in found] == [("a", None), ("b", False)]
    finally:
        await engine.dispose()
