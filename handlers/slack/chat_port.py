"""ChatPort for Slack, over slack_sdk's AsyncWebClient (rate limits handled by its retry handlers)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.chat import ChatError, ChatMessage, HistoryPage
from genai_bot.messages import Reply, Room
from handlers.slack.render import to_message

STREAM_INTERVAL_SECONDS = 1.0  # chat.update at most about once a second


def ts_to_datetime(ts: str) -> datetime:
    return datetime.fromtimestamp(float(ts), tz=UTC)


def datetime_to_ts(at: datetime) -> str:
    return f"{at.timestamp():.6f}"


class SlackChatPort:
    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client
        self._names: dict[str, str] = {}

    async def post(self, room: Room, reply: Reply) -> str:
        resp = await self._call("chat_postMessage", channel=room.channel_id, thread_ts=room.thread_id,
                                **to_message(reply))
        return str(resp["ts"])

    async def update(self, room: Room, message_id: str, reply: Reply) -> None:
        await self._call("chat_update", channel=room.channel_id, ts=message_id, **to_message(reply))

    async def post_ephemeral(self, room: Room, user_id: str, reply: Reply) -> None:
        await self._call("chat_postEphemeral", channel=room.channel_id, user=user_id, thread_ts=room.thread_id,
                         **to_message(reply))

    async def stream(self, room: Room, chunks: AsyncIterator[str]) -> str:
        """Post the first text, then chat.update with what has arrived, throttled; a final update at the end."""
        text, message_id, last_update, shown = "", None, 0.0, ""
        async for chunk in chunks:
            text += chunk
            if message_id is None and text.strip():
                message_id = await self.post(room, Reply.text(text, ephemeral=False))
                last_update, shown = time.monotonic(), text
            elif message_id is not None and time.monotonic() - last_update >= STREAM_INTERVAL_SECONDS:
                await self.update(room, message_id, Reply.text(text, ephemeral=False))
                last_update, shown = time.monotonic(), text
        if message_id is None:
            return await self.post(room, Reply.text(text or "…", ephemeral=False))
        if shown != text:
            await self.update(room, message_id, Reply.text(text, ephemeral=False))
        return message_id

    async def upload(self, room: Room, filename: str, content: bytes, *, title: str | None = None,
                     comment: str | None = None) -> None:
        await self._call("files_upload_v2", channel=room.channel_id, thread_ts=room.thread_id, filename=filename,
                         content=content, title=title or filename, initial_comment=comment)

    async def history(self, room: Room, *, oldest: datetime | None = None, latest: datetime | None = None,
                      limit: int = 200, cursor: str | None = None) -> HistoryPage:
        resp = await self._call("conversations_history", channel=room.channel_id, limit=limit, cursor=cursor,
                                oldest=datetime_to_ts(oldest) if oldest else None,
                                latest=datetime_to_ts(latest) if latest else None)
        return self._page(resp)

    async def replies(self, room: Room, thread_id: str, *, cursor: str | None = None) -> HistoryPage:
        resp = await self._call("conversations_replies", channel=room.channel_id, ts=thread_id, limit=200,
                                cursor=cursor)
        return self._page(resp)

    async def user_name(self, user_id: str) -> str:
        if user_id not in self._names:
            try:
                user = (await self._call("users_info", user=user_id))["user"]
                profile = user.get("profile") or {}
                self._names[user_id] = profile.get("display_name") or user.get("real_name") or user.get("name") \
                    or user_id
            except ChatError:
                self._names[user_id] = user_id
        return self._names[user_id]

    async def direct_room(self, user_id: str) -> Room:
        return Room(platform=self.platform, channel_id=user_id, is_direct=True)

    # --- helpers ----------------------------------------------------------------------------------------
    async def _call(self, method: str, **kwargs: object) -> dict[str, Any]:
        args = {k: v for k, v in kwargs.items() if v is not None}
        try:
            resp = await getattr(self.client, method)(**args)
        except SlackApiError as exc:
            raise ChatError(str(exc.response.get("error") or "slack_error")) from None
        return resp.data if hasattr(resp, "data") else resp  # type: ignore[no-any-return]

    def _page(self, resp: dict[str, Any]) -> HistoryPage:
        raw: list[dict[str, Any]] = resp.get("messages") or []
        messages = [
            ChatMessage(
                id=str(m["ts"]), author_id=str(m.get("user") or m.get("bot_id") or ""), text=str(m.get("text", "")),
                at=ts_to_datetime(str(m["ts"])), thread_id=m.get("thread_ts"), is_bot=bool(m.get("bot_id")),
                reply_count=int(m.get("reply_count", 0)),
            )
            for m in raw
        ]
        meta = resp.get("response_metadata") or {}
        cursor = meta.get("next_cursor") if isinstance(meta, dict) else None
        return HistoryPage(messages=messages, next_cursor=cursor or None)
