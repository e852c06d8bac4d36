"""ChatPort for Slack, over slack_sdk's AsyncWebClient (rate limits handled by its retry handlers)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.chat import ChatError, ChatMessage, HistoryPage, RoomInfo
from genai_bot.messages import Reply, Room
from genai_bot.refs import settled
from handlers.slack.mrkdwn import to_markdown, to_mrkdwn, to_neutral
from handlers.slack.paced import rate_limit_wait
from handlers.slack.render import to_messages
from handlers.slack.sending import post_in_thread

log = structlog.get_logger(__name__)

STREAM_INTERVAL_SECONDS = 1.0  # a streamed message is refreshed at most about once a second
OUTBOX_EVENT_TYPE = "genai_outbox"
"""The metadata event type of posts made for outbox rows (event_payload: {"key": the row's key})."""
FIND_POSTED_PAGES = 5


def ts_to_datetime(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), tz=UTC)


def datetime_to_ts(at: datetime) -> str:
    return f"{at.timestamp():.6f}"


class SlackChatPort:
    platform = "slack"
    supports_buttons = True
    supports_forms = True
    reads_local_files = False

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._names: dict[str, str] = {}

    async def post(self, room: Room, reply: Reply, *, key: str | None = None) -> str:
        """Post the reply in messages that fit Slack's limits (continuations in the first one's thread); every
        message carries `key` in its metadata, so `find_posted` can tell it was sent."""
        metadata = {"event_type": OUTBOX_EVENT_TYPE, "event_payload": {"key": key}} if key else None
        posted: list[str] = []
        try:
            return await post_in_thread(
                self.client, room.channel_id, room.thread_id, to_messages(reply), posted=posted, metadata=metadata
            )
        except SlackApiError as exc:
            code = str(exc.response.get("error") or "slack_error")
            raise ChatError(code, retry_after=rate_limit_wait(exc), nothing_sent=not posted) from None

    async def find_posted(self, room: Room, key: str, *, since: datetime) -> str | None:
        """Look through the room's (or thread's) messages since `since`, metadata included, for one carrying
        `key`; at most FIND_POSTED_PAGES pages of 200 (conversations.history/replies are Tier 3)."""
        channel = await self._conversation_id(room)
        cursor: str | None = None
        for _ in range(FIND_POSTED_PAGES):
            args: dict[str, object] = {
                "channel": channel,
                "oldest": datetime_to_ts(since),
                "limit": 200,
                "cursor": cursor,
                "include_all_metadata": True,
            }
            if room.thread_id:
                resp = await self._call("conversations_replies", ts=room.thread_id, **args)
            else:
                resp = await self._call("conversations_history", **args)
            for m in resp.get("messages") or []:
                meta = m.get("metadata") or {}
                if meta.get("event_type") == OUTBOX_EVENT_TYPE and (meta.get("event_payload") or {}).get("key") == key:
                    return str(m["ts"])
            cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return None
        return None

    async def update(self, room: Room, message_id: str, reply: Reply) -> None:
        await self._call("chat_update", channel=room.channel_id, ts=message_id, **_one_message(reply))

    async def post_ephemeral(self, room: Room, user_id: str, reply: Reply) -> None:
        await self._call(
            "chat_postEphemeral", channel=room.channel_id, user=user_id, thread_ts=room.thread_id, **_one_message(reply)
        )

    async def stream(self, room: Room, chunks: AsyncIterator[str]) -> str:
        """Show the text as it arrives: Slack's chat streaming methods in a DM thread (no recipient needed),
        otherwise a posted message updated with chat.update; either at most once a second. Falls back to
        chat.update when the streaming methods are refused (older workspaces, GovSlack, an expired stream)."""
        return await _Streamer(self, room, native=bool(room.thread_id and room.is_direct)).run(chunks)

    async def upload(
        self, room: Room, filename: str, content: bytes, *, title: str | None = None, comment: str | None = None
    ) -> None:
        await self._call(
            "files_upload_v2",
            channel=room.channel_id,
            thread_ts=room.thread_id,
            filename=filename,
            content=content,
            title=title or filename,
            initial_comment=to_mrkdwn(comment) if comment else None,
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
        resp = await self._call(
            "conversations_history",
            channel=room.channel_id,
            limit=limit,
            cursor=cursor,
            oldest=datetime_to_ts(oldest) if oldest else None,
            latest=datetime_to_ts(latest) if latest else None,
        )
        return self._page(resp)

    async def replies(self, room: Room, thread_id: str, *, cursor: str | None = None) -> HistoryPage:
        resp = await self._call(
            "conversations_replies", channel=room.channel_id, ts=thread_id, limit=200, cursor=cursor
        )
        return self._page(resp)

    async def user_name(self, user_id: str) -> str:
        if user_id not in self._names:
            try:
                user = (await self._call("users_info", user=user_id))["user"]
                profile = user.get("profile") or {}
                self._names[user_id] = (
                    profile.get("display_name") or user.get("real_name") or user.get("name") or user_id
                )
            except ChatError:
                self._names[user_id] = user_id
        return self._names[user_id]

    async def direct_room(self, user_id: str) -> Room:
        return Room(platform=self.platform, channel_id=user_id, is_direct=True)

    async def room_info(self, room: Room) -> RoomInfo:
        """conversations.info: private channels, group DMs and DMs are private (members only)."""
        channel = (await self._call("conversations_info", channel=room.channel_id)).get("channel") or {}
        private = any(bool(channel.get(k)) for k in ("is_private", "is_group", "is_im", "is_mpim"))
        name = channel.get("name")
        return RoomInfo(is_private=private, name=str(name) if name else None)

    async def permalink(self, room: Room, message_id: str) -> str | None:
        try:
            resp = await self._call("chat_getPermalink", channel=room.channel_id, message_ts=message_id)
        except ChatError:
            return None
        link = resp.get("permalink")
        return str(link) if link else None

    async def is_member(self, room: Room, user_id: str) -> bool:
        """conversations.members, page by page (Tier 4), until the user is found."""
        cursor: str | None = None
        while True:
            resp = await self._call("conversations_members", channel=room.channel_id, limit=1000, cursor=cursor)
            if user_id in (resp.get("members") or []):
                return True
            meta = resp.get("response_metadata") or {}
            cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
            if not cursor:
                return False

    # --- helpers ----------------------------------------------------------------------------------------
    async def _conversation_id(self, room: Room) -> str:
        """The conversation to read: a room addressed by a user id (a DM, see direct_room) is opened first."""
        if not room.channel_id.startswith(("U", "W")):
            return room.channel_id
        resp = await self._call("conversations_open", users=room.channel_id)
        return str((resp.get("channel") or {}).get("id") or room.channel_id)

    async def _call(self, method: str, **kwargs: object) -> dict[str, Any]:
        args = {k: v for k, v in kwargs.items() if v is not None}
        try:
            resp = await getattr(self.client, method)(**args)
        except SlackApiError as exc:
            code = str(exc.response.get("error") or "slack_error")
            raise ChatError(code, retry_after=rate_limit_wait(exc), nothing_sent=True) from None
        return resp.data if hasattr(resp, "data") else resp  # type: ignore[no-any-return]

    def _page(self, resp: dict[str, Any]) -> HistoryPage:
        raw: list[dict[str, Any]] = resp.get("messages") or []
        messages = [
            ChatMessage(
                id=str(m["ts"]),
                author_id=str(m.get("user") or m.get("bot_id") or ""),
                text=to_neutral(str(m.get("text", ""))),
                at=ts_to_datetime(str(m["ts"])),
                thread_id=m.get("thread_ts"),
                is_bot=bool(m.get("bot_id")),
                reply_count=int(m.get("reply_count", 0)),
                subtype=m.get("subtype"),
            )
            for m in raw
        ]
        meta = resp.get("response_metadata") or {}
        cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
        return HistoryPage(messages=messages, next_cursor=cursor or None)


class _Streamer:
    """One streamed message: opened at the first text, refreshed at most every STREAM_INTERVAL_SECONDS.

    Posts and updates render the whole text (`to_message`). Slack's streaming methods take appended pieces, so
    those are rendered piece by piece (`to_markdown`), each ending where no reference is half written."""

    def __init__(self, port: SlackChatPort, room: Room, *, native: bool) -> None:
        self.port, self.room, self.native = port, room, native
        self.text = self.shown = ""
        self.message_id: str | None = None
        self.last = 0.0

    async def run(self, chunks: AsyncIterator[str]) -> str:
        try:
            async for chunk in chunks:
                self.text += chunk
                if self.message_id is None and settled(self.text).strip():
                    await self._open()
                elif self.message_id is not None and time.monotonic() - self.last >= STREAM_INTERVAL_SECONDS:
                    await self._refresh()
        except BaseException:
            if self.message_id is not None and self.native:  # leave no stream hanging in "typing" state
                with contextlib.suppress(Exception):
                    await self.port._call("chat_stopStream", channel=self.room.channel_id, ts=self.message_id)
            raise
        return await self._finish()

    async def _open(self) -> None:
        if self.native:
            ready = settled(self.text)
            try:
                resp = await self.port._call(
                    "chat_startStream",
                    channel=self.room.channel_id,
                    thread_ts=self.room.thread_id,
                    markdown_text=to_markdown(ready),
                )
                self.message_id = str(resp["ts"])
                self.shown, self.last = ready, time.monotonic()
                return
            except ChatError as exc:
                log.info("slack.stream_fallback", step="start", code=exc.code)
                self.native = False
        if self.message_id is None:
            self.message_id = await self.port.post(self.room, Reply.text(self.text, ephemeral=False))
        self.shown, self.last = self.text, time.monotonic()

    async def _refresh(self) -> None:
        assert self.message_id is not None
        if self.native:
            ready = settled(self.text)
            try:
                if len(ready) > len(self.shown):
                    await self.port._call(
                        "chat_appendStream",
                        channel=self.room.channel_id,
                        ts=self.message_id,
                        markdown_text=to_markdown(ready[len(self.shown) :]),
                    )
                self.shown, self.last = ready, time.monotonic()
                return
            except ChatError as exc:
                log.info("slack.stream_fallback", step="append", code=exc.code)
                self.native = False
        await self.port.update(self.room, self.message_id, Reply.text(self.text, ephemeral=False))
        self.shown, self.last = self.text, time.monotonic()

    async def _finish(self) -> str:
        if self.message_id is None:
            return await self.port.post(self.room, Reply.text(self.text or "…", ephemeral=False))
        if self.native:
            try:
                await self.port._call(
                    "chat_stopStream",
                    channel=self.room.channel_id,
                    ts=self.message_id,
                    markdown_text=to_markdown(self.text[len(self.shown) :]) or None,
                )
                return self.message_id
            except ChatError as exc:
                log.info("slack.stream_fallback", step="stop", code=exc.code)
                self.shown = ""
        if self.shown != self.text:
            await self.port.update(self.room, self.message_id, Reply.text(self.text, ephemeral=False))
        return self.message_id


def _one_message(reply: Reply) -> dict[str, Any]:
    """A reply that must stay one message (an update, an ephemeral): cut to fit, ending with "…"."""
    return to_messages(reply, max_messages=1)[0]
