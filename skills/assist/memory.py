"""Chat memory: the turns of a conversation kept in `channel_messages`, recalled within a token budget.

A conversation is a thread (Slack: the thread ts), or a whole channel when the platform has no threads (the
console). Writes are idempotent against the newest row, because the console adapter already keeps every line
and its chat port every streamed answer in the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import SelectOfScalar

from genai_bot.db import Database
from genai_bot.db.models import ChannelMessage
from genai_bot.messages import Room
from genai_bot.tokens import estimate_message_tokens

BOT_AUTHOR = "genai-bot"
_PAGE = 50


@dataclass(frozen=True)
class Conversation:
    platform: str
    channel_id: str
    thread_id: str | None = None

    @classmethod
    def of(cls, room: Room) -> Conversation:
        return cls(room.platform, room.channel_id, room.thread_id)


@dataclass(frozen=True)
class Turn:
    text: str
    is_bot: bool


def _rows(conversation: Conversation) -> SelectOfScalar[ChannelMessage]:
    thread = col(ChannelMessage.thread_id)
    return select(ChannelMessage).where(
        ChannelMessage.platform == conversation.platform,
        ChannelMessage.channel_id == conversation.channel_id,
        thread.is_(None) if conversation.thread_id is None else thread == conversation.thread_id,
    )


async def _newest(session: AsyncSession, conversation: Conversation) -> ChannelMessage | None:
    query = _rows(conversation).order_by(col(ChannelMessage.id).desc()).limit(1)
    return (await session.exec(query)).first()


async def remember(
    db: Database, conversation: Conversation, text: str, *, author: str, is_bot: bool, at: datetime
) -> bool:
    """Append a turn, unless the conversation's newest row already is this turn. True when a row was written."""
    async with db.session() as session:
        newest = await _newest(session, conversation)
        if newest is not None and newest.is_bot == is_bot and _same_text(newest.text, text):
            return False
        session.add(
            ChannelMessage(
                platform=conversation.platform,
                channel_id=conversation.channel_id,
                thread_id=conversation.thread_id,
                author=author,
                is_bot=is_bot,
                text=text,
                created_at=at,
            )
        )
    return True


def _same_text(kept: str, text: str) -> bool:
    """Equal but for full-width spaces, which command parsing turns into ASCII ones."""
    return kept.replace("\u3000", " ").strip() == text.replace("\u3000", " ").strip()


async def recall(db: Database, conversation: Conversation, budget_tokens: int) -> list[Turn]:
    """The conversation's latest turns, oldest first, within `budget_tokens` (the newest turn always)."""
    picked: list[Turn] = []
    spent = 0
    before: int | None = None
    async with db.session() as session:
        while True:
            query = _rows(conversation)
            if before is not None:
                query = query.where(col(ChannelMessage.id) < before)
            page = list((await session.exec(query.order_by(col(ChannelMessage.id).desc()).limit(_PAGE))).all())
            for row in page:
                cost = estimate_message_tokens(row.text)
                if picked and spent + cost > budget_tokens:
                    return picked[::-1]
                picked.append(Turn(row.text, row.is_bot))
                spent += cost
            if len(page) < _PAGE:
                return picked[::-1]
            before = page[-1].id


async def prune_chat_memory(session: AsyncSession, older_than: datetime) -> int:
    """Delete kept messages (chat memory and console history) written before `older_than`; returns how many (a
    pruner of the retention job, see genai_bot.retention)."""
    result = await session.exec(delete(ChannelMessage).where(col(ChannelMessage.created_at) < older_than))
    return int(result.rowcount or 0)
