"""The chat port: what a skill may do in the chat platform, without knowing which platform it is.

Adapters implement `ChatPort` (Slack through slack_sdk, the console through the local history table) and hand
it to skills as `ctx.chat`. Background jobs (reminders, digests) get the port for a platform from the core.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from genai_bot.messages import Reply, Room


@dataclass(frozen=True)
class ChatMessage:
    """A message read from a channel or thread."""

    id: str
    author_id: str
    text: str
    at: datetime
    thread_id: str | None = None
    author_name: str | None = None
    is_bot: bool = False
    reply_count: int = 0
    link: str | None = None
    subtype: str | None = None
    """The platform's kind of system message (e.g. channel_join), None for an ordinary message."""


@dataclass(frozen=True)
class HistoryPage:
    messages: list[ChatMessage] = field(default_factory=list)
    next_cursor: str | None = None


@dataclass(frozen=True)
class RoomInfo:
    """What the platform says about a room: whether only its members can see it, and its name."""

    is_private: bool
    name: str | None = None


class ChatError(Exception):
    """A chat-platform failure translated at the boundary. `code` is stable: not_in_channel, channel_not_found…"""

    def __init__(self, code: str, *, retry_after: float | None = None, nothing_sent: bool = False) -> None:
        super().__init__(code)
        self.code = code
        self.retry_after = retry_after
        """When to try again, if the platform said (a 429's Retry-After)."""
        self.nothing_sent = nothing_sent
        """True when the failed call sent nothing at all (e.g. the first of a reply's messages was refused)."""


@runtime_checkable
class ChatPort(Protocol):
    """What a skill may do in a chat platform. The `supports_*` flags say what the platform can show, so a skill
    asks "can it show a button?" instead of "which adapter is this?"."""

    platform: str
    supports_buttons: bool
    """Buttons a person can click (Slack); the console cannot, so skills say what to type instead."""
    supports_forms: bool
    """Forms (Slack modals); without them a skill's Form falls back to the typed command."""
    reads_local_files: bool
    """The person sits at the machine that runs the bot (the console), so a path they type may be read."""

    async def post(self, room: Room, reply: Reply, *, key: str | None = None) -> str:
        """Post in the room (in its thread when room.thread_id is set); returns the new message id. `key` travels
        with the message, out of sight (Slack: message metadata), so `find_posted` can find it later."""
        ...

    async def find_posted(self, room: Room, key: str, *, since: datetime) -> str | None:
        """The id of a message posted with `key` in the room (its thread when room.thread_id is set) since
        `since`, or None. Raises ChatError when the room cannot be read (e.g. "missing_scope")."""
        ...

    async def update(self, room: Room, message_id: str, reply: Reply) -> None: ...

    async def post_ephemeral(self, room: Room, user_id: str, reply: Reply) -> None: ...

    async def stream(self, room: Room, chunks: AsyncIterator[str]) -> str:
        """Show text as it arrives (at most about one update a second); returns the message id."""
        ...

    async def upload(
        self, room: Room, filename: str, content: bytes, *, title: str | None = None, comment: str | None = None
    ) -> None: ...

    async def history(
        self,
        room: Room,
        *,
        oldest: datetime | None = None,
        latest: datetime | None = None,
        limit: int = 200,
        cursor: str | None = None,
    ) -> HistoryPage:
        """Newest first, one page; raises ChatError("not_in_channel") when the bot cannot read the room."""
        ...

    async def replies(self, room: Room, thread_id: str, *, cursor: str | None = None) -> HistoryPage:
        """The thread's messages, oldest first (parent included), one page."""
        ...

    async def user_name(self, user_id: str) -> str: ...

    async def permalink(self, room: Room, message_id: str) -> str | None:
        """A link that opens the message in the platform, or None when it has none (never raises)."""
        ...

    async def direct_room(self, user_id: str) -> Room:
        """The room for a direct message to `user_id`."""
        ...

    async def room_info(self, room: Room) -> RoomInfo:
        """Whether the room is private (members only) and its name; raises ChatError("channel_not_found") when
        the bot cannot see it (on Slack a private channel the bot is not in looks like that)."""
        ...

    async def is_member(self, room: Room, user_id: str) -> bool:
        """Whether `user_id` is a member of the room (so may set things up for it, e.g. a channel digest); raises
        ChatError("channel_not_found") when the bot cannot see the room."""
        ...
