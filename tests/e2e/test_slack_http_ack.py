"""Ack first, always: Slack gets its 200 before the bot touches the database, a retried event (same event_id) is
dropped inside the work before any side effect, and an event nobody listens to leaves nothing behind."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from sqlalchemy import func, select, text
from sqlalchemy.engine.url import make_url

from genai_bot.db import make_engine
from genai_bot.db.models import ProcessedEvent, User
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.waiting import settled
from tests.world import FakeSlackAPI, app_mention_event, message_event

ACK_WITHIN_SECONDS = 2.0  # well inside Slack's 3 s, and far below the 30 s the bot would wait for the lock


@asynccontextmanager
async def database_locked(database_url: str) -> AsyncIterator[None]:
    """Hold the tables every request writes first (the once-only claim, the user row) locked for writing."""
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(make_url(database_url).database or "", isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")  # the one write lock SQLite has
            yield
            conn.execute("ROLLBACK")
        finally:
            conn.close()
        return
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn, conn.begin():
            await conn.execute(text("LOCK TABLE processed_events, users IN ACCESS EXCLUSIVE MODE"))
            yield
    finally:
        await engine.dispose()


async def _count(bot: SlackBot, table: type[ProcessedEvent] | type[User]) -> int:
    async with bot.core.db.session() as s:
        return int((await s.exec(select(func.count()).select_from(table))).one()[0])  # type: ignore[call-overload]


async def test_an_event_is_acknowledged_while_the_database_is_locked_and_answered_after(
    http_bot: SlackBot, database_url: str
) -> None:
    async with database_locked(database_url):
        status, _, elapsed = await asyncio.wait_for(
            http_bot.sender.event(app_mention_event("<@UBOT> status", channel="C1")), ACK_WITHIN_SECONDS
        )
        assert status == 200 and elapsed < ACK_WITHIN_SECONDS
        await asyncio.sleep(0.2)
        assert http_bot.core.services.tasks.in_flight == 1  # the work waits for the database…
        assert http_bot.slack.calls_to("chat.postEphemeral") == []  # …so nothing was answered before the ack
    [call] = await http_bot.slack.wait_for("chat.postEphemeral")
    assert "genai-bot の状態" in call.params["text"]


async def test_a_slash_command_is_acknowledged_while_the_database_is_locked(
    http_bot: SlackBot, database_url: str
) -> None:
    async with database_locked(database_url):
        status, _, elapsed = await asyncio.wait_for(http_bot.sender.slash_command("help"), ACK_WITHIN_SECONDS)
        assert status == 200 and elapsed < ACK_WITHIN_SECONDS
        assert http_bot.slack.responses == []
    [response] = await http_bot.slack.wait_for_response(1)
    assert "genai-bot の使い方" in response.body["text"]


async def test_slack_retries_of_one_event_arriving_together_are_answered_once(http_bot: SlackBot) -> None:
    event = message_event("こんにちは", channel="D1", channel_type="im")
    with structlog.testing.capture_logs() as logs:
        results = await asyncio.gather(
            http_bot.sender.event(event, event_id="Ev-retry-1"),
            http_bot.sender.event(event, event_id="Ev-retry-1", retry_num=1, retry_reason="http_timeout"),
            http_bot.sender.event(event, event_id="Ev-retry-1", retry_num=2, retry_reason="http_timeout"),
        )
        await settled(http_bot.core)
    assert [status for status, _, _ in results] == [200, 200, 200]
    assert len(http_bot.slack.calls_to("chat.postMessage")) == 1
    dropped = [e for e in logs if e["event"] == "slack_event_retry_ignored"]
    assert len(dropped) == 2 and all(e["log_level"] == "warning" for e in dropped)
    assert "こんにちは" not in repr(logs)  # the body is never logged


async def test_events_nobody_listens_to_leave_no_rows_and_no_work(http_bot: SlackBot) -> None:
    no_listener = {"type": "channel_created", "channel": {"id": "C9", "name": "new"}}
    assert (await http_bot.sender.event(no_listener))[0] == 404  # Bolt's answer to what no listener takes
    not_for_the_bot = [
        message_event("just chatting", channel="C1"),  # a channel message that does not mention the bot
        {"type": "reaction_added", "user": "U1", "reaction": "thumbsup", "item": {"type": "message"}},
    ]
    for event in not_for_the_bot:
        assert (await http_bot.sender.event(event))[0] == 200
    await settled(http_bot.core)
    assert await _count(http_bot, ProcessedEvent) == 0
    assert await _count(http_bot, User) == 0
    assert http_bot.slack.calls_to("chat.postMessage") == []


async def test_the_bot_asks_slack_who_it_is_once_at_start_not_on_each_first_ack(
    slack: FakeSlackAPI, database_url: str
) -> None:
    slack.latency["auth.test"] = 0.3  # a slow Slack while a burst arrives at start-up
    async with running_http_bot(slack, database_url) as bot:
        results = await asyncio.gather(*(bot.sender.slash_command("help") for _ in range(10)))
        assert [status for status, _, _ in results] == [200] * 10
        await settled(bot.core)
        assert len(slack.calls_to("auth.test")) == 1
        assert len(slack.responses) == 10
        status, _, elapsed = await bot.sender.event(app_mention_event("<@UBOT> help", channel="C1"))
        assert status == 200 and elapsed < 0.3  # later acks never wait for Slack
        await settled(bot.core)
    assert len(slack.calls_to("auth.test")) == 1
