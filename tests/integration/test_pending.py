"""Requests kept for "retry" (`genai_bot.pending`) on both engines: kept once, only the asker's, done is final,
long arguments travel as a reference."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from genai_bot import pending
from genai_bot.app import Core
from genai_bot.commands import CommandContext, Source
from genai_bot.db.models import PendingRequest
from genai_bot.errors import UserFacingError
from genai_bot.messages import Person, Room

SATO = Person("slack", "T1", "U-sato")
KATO = Person("slack", "T1", "U-kato", lang="en")
ROOM = Room("slack", "C1")


def context(core: Core, person: Person, source: Source = "action") -> CommandContext:
    return CommandContext(person=person, room=ROOM, services=core.services, source=source)


async def rows(core: Core) -> list[PendingRequest]:
    async with core.db.session() as s:
        return list((await s.exec(select(PendingRequest).order_by(col(PendingRequest.id)))).all())


async def test_a_request_is_kept_once_while_pending(core: Core) -> None:
    first = await pending.keep(core.db, SATO, "translate", "en 会議は中止です", Room("slack", "C1", "1.0"))
    again = await pending.keep(core.db, SATO, "translate", "en 会議は中止です", Room("slack", "C1", "2.0"))
    assert again == first
    [row] = await rows(core)
    assert (row.user_id, row.verb, row.args, row.status) == ("U-sato", "translate", "en 会議は中止です", "pending")
    assert row.thread_id == "2.0"  # asked again: a retry answers where it was asked last
    others = {
        await pending.keep(core.db, KATO, "translate", "en 会議は中止です", ROOM),
        await pending.keep(core.db, SATO, "chat", "en 会議は中止です", ROOM),
        await pending.keep(core.db, SATO, "translate", "ja 会議は中止です", ROOM),
        await pending.keep(core.db, SATO, "translate", "en 会議は中止です", Room("slack", "C2")),
    }
    assert len(others) == 4 and first not in others
    assert await pending.mark_done(core.db, SATO, "translate", "en 会議は中止です", channel_id="C1") == 1
    assert await pending.keep(core.db, SATO, "translate", "en 会議は中止です", ROOM) != first  # done: kept anew


async def test_someone_elses_request_is_refused(core: Core) -> None:
    request_id = await pending.keep(core.db, SATO, "proofread", "資料を確認出来ます。", ROOM)
    assert (await pending.find(core.db, SATO, "proofread", request_id)) is not None
    assert await pending.find(core.db, KATO, "proofread", request_id) is None
    assert await pending.find(core.db, SATO, "draft", request_id) is None  # another verb's button
    with pytest.raises(UserFacingError) as refused:
        await pending.expand(context(core, KATO), "proofread", pending.reference(request_id))
    assert refused.value.message_key == "retry.not_found"
    assert await pending.mark_done(core.db, KATO, "proofread", request_id=request_id) == 0
    assert [r.status for r in await rows(core)] == ["pending"]


async def test_a_done_request_is_refused(core: Core) -> None:
    request_id = await pending.keep(core.db, SATO, "draft", "notice 停電点検", ROOM)
    assert await pending.mark_done(core.db, SATO, "draft", request_id=request_id) == 1
    assert await pending.mark_done(core.db, SATO, "draft", request_id=request_id) == 0
    assert await pending.find(core.db, SATO, "draft", request_id) is None
    with pytest.raises(UserFacingError, match=r"^retry\.done$"):
        await pending.expand(context(core, SATO), "draft", pending.reference(request_id))
    [kept] = await rows(core)
    assert (kept.id, kept.status) == (request_id, "done")
    assert await pending.find(core.db, SATO, "draft", request_id + 1) is None  # unknown


async def test_a_retry_button_carries_a_reference_and_the_click_runs_where_it_was_asked(core: Core) -> None:
    long_text = "本日の会議は中止です。" * 250  # 2,750 characters: more than a Slack button value holds
    asked_in = Room("slack", "C-secret", "1700000000.000100")
    request_id = await pending.keep(core.db, SATO, "translate", f"en {long_text}", asked_in)
    button = pending.retry_button(context(core, SATO), "translate", request_id)
    assert (button.label, button.action_id, button.value) == ("再試行", "genai:translate", f"--retry {request_id}")
    clicked = CommandContext(person=SATO, room=Room("slack", "D-sato"), services=core.services, source="action")
    assert await pending.expand(clicked, "translate", button.value) == f"en {long_text}"
    assert clicked.room == Room("slack", "C-secret", "1700000000.000100")  # the click runs in the room asked in
    assert clicked.llm.places == (asked_in,)  # with that room's classification
    # typed by hand (not a button click), a reference is just text, run where it is typed
    typed = context(core, SATO, "console")
    assert await pending.expand(typed, "translate", button.value) == button.value and typed.room == ROOM
