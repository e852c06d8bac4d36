"""Reading a conversation through the ChatPort and turning it into numbered transcript lines.

Channel history is read newest first, page by page, up to a cap; the busiest threads in it are expanded so
that decisions made in replies are not missed. Bot messages, join/leave notices and commands to the bot are
skipped; user mentions become names. Each kept message gets a short reference (`m12`) that the model cites.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import TypeVar

import structlog

from genai_bot import refs
from genai_bot.chat import ChatError, ChatMessage, ChatPort
from genai_bot.messages import Room
from genai_bot.text import nfkc
from genai_bot.tokens import truncate_to_tokens

log = structlog.get_logger(__name__)

PAGE_SIZE = 200
MAX_WINDOW_MESSAGES = 5000
MAX_THREAD_MESSAGES = 1000
EXPANDED_THREADS = 10
MAX_MESSAGE_TOKENS = 1500
LOOKUP_CONCURRENCY = 8
SKIPPED_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "group_join",
        "group_leave",
        "bot_message",
        "bot_add",
        "bot_remove",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "channel_archive",
        "channel_unarchive",
        "pinned_item",
        "unpinned_item",
        "reminder_add",
        "message_deleted",
        "tombstone",
    }
)
_COMMAND_VERBS = frozenset({"summarize", "summarise", "summary", "要約"})
T = TypeVar("T")


@dataclass(frozen=True)
class Entry:
    """One message of the transcript: its reference, who wrote it, and its text with mentions resolved."""

    ref: str
    message: ChatMessage
    author: str
    text: str
    reply_to: str | None = None


@dataclass
class Transcript:
    entries: list[Entry] = field(default_factory=list)
    truncated: bool = False
    """True when the cap cut off older messages."""

    def by_ref(self) -> dict[str, Entry]:
        return {e.ref: e for e in self.entries}


# --- reading ---------------------------------------------------------------------------------------------
async def read_channel(
    chat: ChatPort, room: Room, *, oldest: datetime | None, count: int | None, cap: int = MAX_WINDOW_MESSAGES
) -> tuple[list[ChatMessage], bool]:
    """Kept top-level messages since `oldest` (newest `count` of them when given), oldest first; and whether
    the cap cut older ones off."""
    wanted = min(count or cap, cap)
    kept: list[ChatMessage] = []
    cursor: str | None = None
    while True:
        page = await chat.history(room, oldest=oldest, limit=PAGE_SIZE, cursor=cursor)
        kept.extend(m for m in page.messages if keep(m))
        cursor = page.next_cursor
        if len(kept) >= wanted or not cursor:
            break
    truncated = count is None and (len(kept) > wanted or cursor is not None)
    return list(reversed(kept[:wanted])), truncated


async def read_thread(
    chat: ChatPort, room: Room, thread_id: str, *, cap: int = MAX_THREAD_MESSAGES
) -> tuple[list[ChatMessage], int]:
    """The thread's kept messages, oldest first, and how many messages it had in all (kept or not)."""
    every: list[ChatMessage] = []
    cursor: str | None = None
    while len(every) < cap:
        page = await chat.replies(room, thread_id, cursor=cursor)
        every.extend(page.messages)
        cursor = page.next_cursor
        if not cursor:
            break
    return [m for m in every[:cap] if keep(m)], len(every)


async def read_busiest_threads(
    chat: ChatPort, room: Room, parents: Iterable[ChatMessage], limit: int = EXPANDED_THREADS
) -> dict[str, list[ChatMessage]]:
    """The kept replies (parent excluded) of the `limit` top-level messages with the most replies."""
    busiest = sorted((m for m in parents if m.reply_count > 0), key=lambda m: m.reply_count, reverse=True)[:limit]

    async def replies_of(parent: ChatMessage) -> list[ChatMessage]:
        try:
            page = await chat.replies(room, parent.thread_id or parent.id)
        except ChatError as exc:  # e.g. the thread was deleted meanwhile: summarise without it
            log.warning("summarize.thread_not_read", error=exc.code)
            return []
        return [m for m in page.messages if m.id != parent.id and keep(m)]

    found = await bounded_gather([partial(replies_of, p) for p in busiest], limit=4)
    return {parent.id: replies for parent, replies in zip(busiest, found, strict=True) if replies}


def keep(message: ChatMessage) -> bool:
    """Whether a message belongs in a summary: people's words, not bots, notices or commands to the bot."""
    if message.is_bot or message.subtype in SKIPPED_SUBTYPES or not message.text.strip():
        return False
    return not is_summarize_command(message.text)


def is_summarize_command(text: str) -> bool:
    """`/genai …` typed in the console, or `@genai-bot summarize …` in a thread: the request, not the talk."""
    stripped = text.strip()
    if nfkc(stripped).casefold().startswith("/genai"):
        return True
    rest = refs.drop_leading_mentions(stripped)
    words = nfkc(rest).casefold().split()
    return rest != stripped and bool(words) and words[0] in _COMMAND_VERBS


# --- building the transcript -----------------------------------------------------------------------------
async def build_transcript(
    chat: ChatPort,
    messages: list[ChatMessage],
    replies: Mapping[str, list[ChatMessage]] | None = None,
    *,
    truncated: bool = False,
) -> Transcript:
    """Number the messages (replies follow their parent), with author names and mentions resolved."""
    replies = replies or {}
    top_level = {m.id for m in messages}
    ordered: list[tuple[ChatMessage, str | None]] = []
    for message in messages:
        ordered.append((message, None))
        # a reply also sent to the channel is in both lists: keep it once
        ordered.extend((r, message.id) for r in replies.get(message.id, []) if r.id not in top_level)
    names = await resolve_names(chat, [m for m, _ in ordered])
    refs: dict[str, str] = {}
    entries: list[Entry] = []
    for number, (message, parent) in enumerate(ordered, start=1):
        ref = f"m{number}"
        refs[message.id] = ref
        text = truncate_to_tokens(clean_text(message.text, names), MAX_MESSAGE_TOKENS)
        author = message.author_name or names.get(message.author_id) or message.author_id
        entries.append(Entry(ref, message, author, text, refs.get(parent) if parent else None))
    return Transcript(entries, truncated)


async def resolve_names(chat: ChatPort, messages: list[ChatMessage]) -> dict[str, str]:
    """Display names of the authors (when the platform did not give them) and of every mentioned user."""
    ids: set[str] = set()
    for message in messages:
        if message.author_name is None and message.author_id:
            ids.add(message.author_id)
        ids.update(r.target for r in refs.find_refs(message.text) if r.kind == "person")
    ordered = sorted(ids)
    names = await bounded_gather([partial(chat.user_name, u) for u in ordered], limit=LOOKUP_CONCURRENCY)
    return dict(zip(ordered, names, strict=True))


def clean_text(text: str, names: Mapping[str, str]) -> str:
    """References to plain words: a person → `@田中` (their display name), a room → `#general`, a link →
    `label (url)`."""

    def plain(ref: refs.Ref) -> str:
        if ref.kind == "person":
            return "@" + (ref.name or names.get(ref.target, ref.target))
        return ref.readable

    return refs.replace_refs(text, plain).strip()


async def bounded_gather(calls: list[Callable[[], Awaitable[T]]], *, limit: int) -> list[T]:
    """Run the calls concurrently, at most `limit` at a time, results in order."""
    gate = asyncio.Semaphore(limit)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return list(await asyncio.gather(*(one(c) for c in calls)))
