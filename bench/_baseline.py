"""The yardstick for `ack`: the smallest Bolt app doing the same job as the bot — acknowledge, write one SQLite row,
make one Web API call (chat.postMessage) — served by Bolt's own aiohttp adapter (`AsyncApp.web_app`).

It reads the same settings as the bot (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, GENAI_SLACK_API_URL, and the SQLite
file of GENAI_DATABASE_URL, next to which it keeps its own).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.engine.url import make_url


def _database_path() -> Path:
    bot_database = make_url(os.environ["GENAI_DATABASE_URL"]).database or "bench.db"
    return Path(bot_database).with_name("baseline.db")


async def baseline_http_app() -> web.Application:
    writer = ThreadPoolExecutor(max_workers=1)  # one connection, one thread: what aiosqlite does
    db = sqlite3.connect(_database_path(), check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE IF NOT EXISTS seen (id INTEGER PRIMARY KEY, kind TEXT, at REAL)")

    def write(kind: str) -> None:
        db.execute("INSERT INTO seen (kind, at) VALUES (?, ?)", (kind, time.time()))  # autocommit

    client = AsyncWebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["GENAI_SLACK_API_URL"])
    app = AsyncApp(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    async def job(kind: str, channel: str) -> None:
        await asyncio.get_running_loop().run_in_executor(writer, write, kind)
        await client.chat_postMessage(channel=channel, text=f"baseline {kind}")

    @app.command("/genai")
    async def command(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        await job("command", body["channel_id"])

    @app.event("app_mention")
    async def mention(event: dict[str, Any]) -> None:  # Bolt acknowledges events before the listener runs
        await job("event", event["channel"])

    web_app = app.web_app(path="/slack/events")

    async def close(_app: web.Application) -> None:
        writer.shutdown()
        db.close()

    web_app.on_cleanup.append(close)
    return web_app
