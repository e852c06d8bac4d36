"""A re-sent outbox row is looked for in Slack first (channel, thread and DM), so it never appears twice."""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import update
from sqlmodel import col

from genai_bot.app import Core
from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.messages import Reply, Room
from genai_bot.notify import schedule_post
from genai_bot.outbox import Outbox
from handlers.console.chat_port import ConsoleChatPort
from handlers.slack.chat_port import SlackChatPort
from tests.integration.test_outbox_faults import posted_keys
from tests.world.slack_api import FakeSlackAPI


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI(ts_start=time.time()) as api:
        api.add_channel("C1", "general")
        api.add_user("U7", "sato")
        yield api


@pytest.fixture
def outbox(core: Core, slack: FakeSlackAPI) -> Outbox:
    core.services.chat_ports["slack"] = SlackChatPort(AsyncWebClient(token="xoxb-test", base_url=slack.base_url))
    assert core.services.outbox is not None
    return core.services.outbox


async def as_if_the_send_was_never_recorded(core: Core, key: str) -> None:
    """What a crash between Slack's answer and the database write leaves: the row due again, its attempt noted."""
    async with core.db.session() as s:
        await s.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.dedup_key) == key)
            .values(status="pending", claimed_by=None, claimed_until=None)
        )


async def test_a_row_already_posted_in_a_channel_thread_or_dm_is_not_posted_again(
    core: Core, slack: FakeSlackAPI, outbox: Outbox
) -> None:
    parent = slack.add_message("C1", "委員会の件", "U7")
    rooms = {
        "channel": Room(platform="slack", channel_id="C1"),
        "thread": Room(platform="slack", channel_id="C1", thread_id=parent["ts"]),
        "dm": await core.services.chat_ports["slack"].direct_room("U7"),
    }
    for key, room in rooms.items():
        await schedule_post(outbox, dedup_key=key, due_at=utcnow(), room=room, reply=Reply.text(f"お知らせ ({key})"))
    assert (await outbox.sweep()).sent == 3
    for key in rooms:
        await as_if_the_send_was_never_recorded(core, key)
    assert (await outbox.sweep()).sent == 3  # marked sent: each was found where it went
    assert posted_keys(slack, "C1") == {"channel": 1, "thread": 1}
    assert posted_keys(slack, "D7") == {"dm": 1}
    assert len(slack.calls_to("chat.postMessage")) == 3
    assert slack.last("conversations.replies").params["ts"] == parent["ts"]


async def test_a_row_whose_earlier_attempt_never_got_out_is_posted(
    core: Core, slack: FakeSlackAPI, outbox: Outbox
) -> None:
    await schedule_post(outbox, dedup_key="lost:1", due_at=utcnow(), room=Room("slack", "C1"), reply=Reply.text("x"))
    slack.fail_next("chat.postMessage", status=500)  # Slack fails it: nothing was posted
    assert (await outbox.sweep()).retried == 1
    assert posted_keys(slack, "C1") == {}
    assert (await outbox.sweep(utcnow() + timedelta(minutes=5))).sent == 1
    assert posted_keys(slack, "C1") == {"lost:1": 1}
    assert slack.calls_to("conversations.history")  # it looked first


async def test_when_the_history_cannot_be_read_the_post_is_made_anyway(
    core: Core, slack: FakeSlackAPI, outbox: Outbox
) -> None:
    await schedule_post(outbox, dedup_key="ms:1", due_at=utcnow(), room=Room("slack", "C1"), reply=Reply.text("x"))
    await outbox.sweep()
    await as_if_the_send_was_never_recorded(core, "ms:1")
    slack.fail_next("conversations.history", status=200, error="missing_scope")
    assert (await outbox.sweep()).sent == 1
    assert posted_keys(slack, "C1") == {"ms:1": 2}  # at least once, as before, when it cannot look


async def test_the_console_finds_what_it_posted_with_a_key(core: Core) -> None:
    port = ConsoleChatPort(core.db, io.StringIO())
    room = Room(platform="console", channel_id="C-test")
    message_id = await port.post(room, Reply.text("hi"), key="k:1")
    assert await port.find_posted(room, "k:1", since=utcnow() - timedelta(minutes=1)) == message_id
    assert await port.find_posted(room, "k:2", since=utcnow() - timedelta(minutes=1)) is None
