"""ChatPort for the local console: posts print to the terminal and land in the local channel history."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import TextIO

from sqlmodel import col, select

from genai_bot.chat import ChatMessage, HistoryPage, RoomInfo
from genai_bot.db import Database
from genai_bot.db.models import ChannelMessage
from genai_bot.messages import Reply, Room
from genai_bot.refs import readable, settled
from handlers.console.render import render_text

BOT = "genai-bot"


class ConsoleChatPort:
    platform = "console"
    supports_buttons = False
    supports_forms = False
    reads_local_files = True

    def __init__(self, db: Database, out: TextIO, files_dir: Path | None = None) -> None:
        self.db = db
        self.out = out
        self.files_dir = files_dir
        """Where uploads are written (GENAI_CONSOLE_FILES_DIR); None: they are only announced."""
        self._keyed: dict[tuple[str, str | None, str], str] = {}

    async def post(self, room: Room, reply: Reply, *, key: str | None = None) -> str:
        message_id = await self._say(room, render_text(reply))
        if key:
            self._keyed[(room.channel_id, room.thread_id, key)] = message_id
        return message_id

    async def find_posted(self, room: Room, key: str, *, since: datetime) -> str | None:
        """Posts made by this process (a terminal keeps no metadata; the console is one process)."""
        return self._keyed.get((room.channel_id, room.thread_id, key))

    async def update(self, room: Room, message_id: str, reply: Reply) -> None:
        await self._say(room, render_text(reply))

    async def post_ephemeral(self, room: Room, user_id: str, reply: Reply) -> None:
        self._print(render_text(reply))

    async def stream(self, room: Room, chunks: AsyncIterator[str]) -> str:
        """Print as the text arrives; a reference is printed (readably) once it is complete."""
        text = shown = ""
        async for chunk in chunks:
            text += chunk
            ready = settled(text)
            if len(ready) > len(shown):
                self.out.write(readable(ready[len(shown) :]))
                self.out.flush()
                shown = ready
        self.out.write(readable(text[len(shown) :]) + "\n")
        self.out.flush()
        return await self._remember(room, readable(text))

    async def upload(
        self, room: Room, filename: str, content: bytes, *, title: str | None = None, comment: str | None = None
    ) -> None:
        where = (
            filename
            if self.files_dir is None
            else str(await asyncio.to_thread(_save, self.files_dir, filename, content))
        )
        await self._say(
            room,
            f"{readable(comment) + chr(10) if comment else ''}[{title or filename}] {where} ({len(content)} bytes)",
        )

    async def history(
        self,
        room: Room,
        *,
        oldest: datetime | None = None,
        latest: datetime | None = None,
        limit: int = 200,
        cursor: str | None = None,
    ) -> HistoryPage:
        query = select(ChannelMessage).where(
            ChannelMessage.platform == self.platform, ChannelMessage.channel_id == room.channel_id
        )
        if oldest:
            query = query.where(col(ChannelMessage.created_at) >= oldest)
        if latest:
            query = query.where(col(ChannelMessage.created_at) < latest)
        if cursor:
            query = query.where(col(ChannelMessage.id) < int(cursor))
        query = query.order_by(col(ChannelMessage.id).desc()).limit(limit + 1)
        async with self.db.session() as s:
            rows = list((await s.exec(query)).all())
        more = len(rows) > limit
        rows = rows[:limit]
        return HistoryPage(
            messages=[_message(r) for r in rows], next_cursor=str(rows[-1].id) if more and rows else None
        )

    async def replies(self, room: Room, thread_id: str, *, cursor: str | None = None) -> HistoryPage:
        query = (
            select(ChannelMessage)
            .where(
                ChannelMessage.platform == self.platform,
                ChannelMessage.channel_id == room.channel_id,
                ChannelMessage.thread_id == thread_id,
            )
            .order_by(col(ChannelMessage.id))
        )
        async with self.db.session() as s:
            return HistoryPage(messages=[_message(r) for r in (await s.exec(query)).all()])

    async def user_name(self, user_id: str) -> str:
        return user_id

    async def direct_room(self, user_id: str) -> Room:
        return Room(platform=self.platform, channel_id="console", is_direct=True)

    async def room_info(self, room: Room) -> RoomInfo:
        return RoomInfo(is_private=False, name=room.channel_id)  # everyone at the terminal sees every channel

    async def permalink(self, room: Room, message_id: str) -> str | None:
        return None  # a terminal has nothing to link to

    async def is_member(self, room: Room, user_id: str) -> bool:
        return True  # everyone at the terminal is in every channel

    async def _say(self, room: Room, text: str) -> str:
        self._print(text)
        return await self._remember(room, text)

    async def _remember(self, room: Room, text: str) -> str:
        row = ChannelMessage(
            platform=self.platform,
            channel_id=room.channel_id,
            thread_id=room.thread_id,
            author=BOT,
            is_bot=True,
            text=text,
        )
        async with self.db.session() as s:
            s.add(row)
            await s.flush()
            return str(row.id)

    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()


def _message(row: ChannelMessage) -> ChatMessage:
    return ChatMessage(
        id=str(row.id),
        author_id=row.author,
        author_name=row.author,
        text=row.text,
        at=row.created_at,
        thread_id=row.thread_id,
        is_bot=row.is_bot,
    )


def _save(folder: Path, filename: str, content: bytes) -> Path:
    """Write `content` as `filename` in `folder` (created if needed) without overwriting an earlier file: the
    second `meeting-1.ics` becomes `meeting-1-2.ics`. Only the file name is used, never a path it may contain."""
    folder.mkdir(parents=True, exist_ok=True)
    name = Path(filename).name or "file"
    target = folder / name
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{Path(name).stem}-{counter}{Path(name).suffix}"
    target.write_bytes(content)
    return target.resolve()
