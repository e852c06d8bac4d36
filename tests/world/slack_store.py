"""In-memory workspace state behind :class:`tests.world.slack_api.FakeSlackAPI`.

Users, channels and messages in Slack's own wire shapes, plus the time-ordered
indexes that ``conversations.history`` / ``conversations.replies`` paginate over.
Bulk seeding is cheap: each channel keeps a sorted list of integer ts keys, so
adding 10,000 messages and paging through them stays fast.
"""

from __future__ import annotations

import base64
import bisect
import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

JSON = dict[str, Any]

DEFAULT_TS_START = 1732500000.0


class SlackMethodError(Exception):
    """Raised by a method handler; becomes ``{"ok": false, "error": <error>}``."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def ts_to_key(ts: str) -> int:
    """``"1732500000.000100"`` → microseconds as an int (raises ``ValueError`` on junk)."""
    sec, _, frac = str(ts).partition(".")
    if not sec.isdigit() or (frac and not frac.isdigit()):
        raise ValueError(f"not a Slack ts: {ts!r}")
    return int(sec) * 1_000_000 + int((frac + "000000")[:6])


def key_to_ts(key: int) -> str:
    return f"{key // 1_000_000}.{key % 1_000_000:06d}"


def encode_cursor(key: int) -> str:
    return base64.b64encode(f"next_ts:{key}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.b64decode(cursor.encode(), validate=True).decode()
        prefix, _, value = raw.partition(":")
        if prefix != "next_ts":
            raise ValueError(raw)
        return int(value)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SlackMethodError("invalid_cursor") from exc


@dataclass
class Page:
    messages: list[JSON]
    has_more: bool
    next_cursor: str


class SlackStore:
    """Users, channels and messages of one fake workspace."""

    def __init__(self, *, team_id: str = "T1", ts_start: float = DEFAULT_TS_START, live_ts: bool = False) -> None:
        """`live_ts`: a fresh ts is never behind the real clock, as Slack's are (long runs that look messages up
        by time, e.g. the outbox's `find_posted`); otherwise the ts clock moves 100 µs a message from `ts_start`."""
        self.team_id = team_id
        self.live_ts = live_ts
        self.users: dict[str, JSON] = {}
        self.channels: dict[str, JSON] = {}
        self.messages: dict[str, dict[int, JSON]] = {}
        self._top: dict[str, list[int]] = {}
        self._replies: dict[tuple[str, int], list[int]] = {}
        self._clock = round(ts_start * 1_000_000)

    # ----------------------------------------------------------------- ts clock

    def next_ts(self) -> str:
        """A fresh ts, strictly greater than every ts handed out or seeded so far."""
        self._clock += 100
        if self.live_ts:
            self._clock = max(self._clock, round(time.time() * 1_000_000))
        return key_to_ts(self._clock)

    def _observe(self, key: int) -> None:
        self._clock = max(self._clock, key)

    # ---------------------------------------------------------------- seeding

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "Asia/Tokyo",
        locale: str = "ja-JP",
        email: str | None = None,
        real_name: str | None = None,
        display_name: str | None = None,
        is_bot: bool = False,
        deleted: bool = False,
    ) -> JSON:
        try:
            zone = ZoneInfo(tz)
            now = dt.datetime.now(zone)
            utc_offset = now.utcoffset()
            offset = int(utc_offset.total_seconds()) if utc_offset is not None else 0
            label = now.tzname() or tz
        except ZoneInfoNotFoundError:
            offset, label = 0, tz
        real = real_name or name
        profile: JSON = {
            "real_name": real,
            "real_name_normalized": real,
            "display_name": display_name if display_name is not None else name,
            "display_name_normalized": display_name if display_name is not None else name,
            "team": self.team_id,
        }
        if email is not None:
            profile["email"] = email
        user: JSON = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "deleted": deleted,
            "real_name": real,
            "tz": tz,
            "tz_label": label,
            "tz_offset": offset,
            "locale": locale,
            "profile": profile,
            "is_bot": is_bot,
            "is_app_user": False,
            "updated": 1732400000,
        }
        self.users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        name: str,
        *,
        members: Iterable[str] = (),
        is_private: bool = False,
        is_im: bool = False,
        topic: str = "",
        purpose: str = "",
    ) -> JSON:
        member_list = list(members)
        channel: JSON = {
            "id": channel_id,
            "name": name,
            "is_channel": not is_private and not is_im,
            "is_group": is_private,
            "is_im": is_im,
            "is_mpim": False,
            "is_private": is_private or is_im,
            "is_archived": False,
            "is_general": name == "general",
            "is_member": True,
            "created": 1732400000,
            "creator": member_list[0] if member_list else "",
            "topic": {"value": topic, "creator": "", "last_set": 0},
            "purpose": {"value": purpose, "creator": "", "last_set": 0},
            "num_members": len(member_list),
            "members": member_list,
            "context_team_id": self.team_id,
        }
        self.channels[channel_id] = channel
        self.messages.setdefault(channel_id, {})
        self._top.setdefault(channel_id, [])
        return channel

    def channel_object(self, channel_id: str, *, is_member: bool = True) -> JSON:
        channel = self.channels.get(channel_id)
        if channel is None:
            if channel_id not in self.messages:
                raise SlackMethodError("channel_not_found")
            channel = self.add_channel(channel_id, channel_id.lower(), is_im=channel_id.startswith("D"))
        out = {k: v for k, v in channel.items() if k != "members"}
        out["is_member"] = is_member
        return out

    def knows_channel(self, channel_id: str) -> bool:
        return channel_id in self.channels or channel_id in self.messages

    # --------------------------------------------------------------- messages

    def add_message(
        self,
        channel: str,
        text: str,
        user: str | None,
        ts: str | None = None,
        thread_ts: str | None = None,
        **extra: Any,
    ) -> JSON:
        """Store a message (a thread reply when ``thread_ts`` differs from ``ts``)."""
        if thread_ts:  # a reply is always newer than its parent, even one this store never saw
            self._observe(ts_to_key(thread_ts))
        if ts is None:
            ts = self.next_ts()
        key = ts_to_key(ts)
        ts = key_to_ts(key)
        self._observe(key)
        msg: JSON = {"type": "message", "text": text, "ts": ts, "team": self.team_id}
        if user is not None:
            msg["user"] = user
        msg.update({k: v for k, v in extra.items() if v is not None})
        by_key = self.messages.setdefault(channel, {})
        if key in by_key:
            raise ValueError(f"duplicate ts {ts} in {channel}")
        by_key[key] = msg
        parent_key = ts_to_key(thread_ts) if thread_ts else key
        if parent_key == key:
            self._insert(self._top.setdefault(channel, []), key)
            return msg
        msg["thread_ts"] = key_to_ts(parent_key)
        self._insert(self._replies.setdefault((channel, parent_key), []), key)
        parent = by_key.get(parent_key)
        if parent is not None:
            msg.setdefault("parent_user_id", parent.get("user"))
            self._refresh_parent(channel, parent_key)
        if msg.get("subtype") == "thread_broadcast":
            self._insert(self._top.setdefault(channel, []), key)
        return msg

    @staticmethod
    def _insert(keys: list[int], key: int) -> None:
        if not keys or keys[-1] < key:
            keys.append(key)
        else:
            bisect.insort(keys, key)

    def _refresh_parent(self, channel: str, parent_key: int) -> None:
        parent = self.messages.get(channel, {}).get(parent_key)
        if parent is None:
            return
        replies = self._replies.get((channel, parent_key), [])
        if not replies:
            for field in ("reply_count", "reply_users_count", "latest_reply", "reply_users"):
                parent.pop(field, None)
            if parent.get("thread_ts") == parent["ts"]:
                parent.pop("thread_ts")
            return
        users: list[str] = []
        for k in replies:
            u = self.messages[channel][k].get("user")
            if u and u not in users:
                users.append(u)
        parent.update(
            thread_ts=parent["ts"],
            reply_count=len(replies),
            reply_users_count=len(users),
            latest_reply=key_to_ts(replies[-1]),
            reply_users=users,
        )

    def get_message(self, channel: str, ts: str) -> JSON | None:
        try:
            return self.messages.get(channel, {}).get(ts_to_key(ts))
        except ValueError:
            return None

    def delete_message(self, channel: str, ts: str) -> JSON:
        msg = self.get_message(channel, ts)
        if msg is None:
            raise SlackMethodError("message_not_found")
        key = ts_to_key(ts)
        del self.messages[channel][key]
        top = self._top.get(channel, [])
        i = bisect.bisect_left(top, key)
        if i < len(top) and top[i] == key:
            top.pop(i)
        if "thread_ts" in msg and msg["thread_ts"] != msg["ts"]:
            parent_key = ts_to_key(msg["thread_ts"])
            replies = self._replies.get((channel, parent_key), [])
            j = bisect.bisect_left(replies, key)
            if j < len(replies) and replies[j] == key:
                replies.pop(j)
            self._refresh_parent(channel, parent_key)
        return msg

    # ------------------------------------------------------------- pagination

    @staticmethod
    def _bounds(keys: list[int], oldest: str | None, latest: str | None, inclusive: bool) -> tuple[int, int]:
        try:
            lo_key = ts_to_key(oldest) if oldest else None
            hi_key = ts_to_key(latest) if latest else None
        except ValueError as exc:
            raise SlackMethodError("invalid_arguments") from exc
        lo = 0
        hi = len(keys)
        if lo_key is not None:
            lo = bisect.bisect_left(keys, lo_key) if inclusive else bisect.bisect_right(keys, lo_key)
        if hi_key is not None:
            hi = bisect.bisect_right(keys, hi_key) if inclusive else bisect.bisect_left(keys, hi_key)
        return lo, max(lo, hi)

    def history(
        self,
        channel: str,
        *,
        limit: int,
        oldest: str | None = None,
        latest: str | None = None,
        inclusive: bool = False,
        cursor: str | None = None,
    ) -> Page:
        """Top-level messages, newest first."""
        keys = self._top.get(channel, [])
        lo, hi = self._bounds(keys, oldest, latest, inclusive)
        if cursor:
            hi = min(hi, bisect.bisect_right(keys, decode_cursor(cursor)))
        start = max(lo, hi - limit)
        msgs = [self.messages[channel][k] for k in reversed(keys[start:hi])]
        has_more = start > lo
        return Page(msgs, has_more, encode_cursor(keys[start - 1]) if has_more else "")

    def replies(
        self,
        channel: str,
        ts: str,
        *,
        limit: int,
        oldest: str | None = None,
        latest: str | None = None,
        inclusive: bool = True,
        cursor: str | None = None,
    ) -> Page:
        """The thread of ``ts`` (parent first, then replies oldest first)."""
        msg = self.get_message(channel, ts)
        parent_key = ts_to_key(msg["thread_ts"]) if msg and "thread_ts" in msg else ts_to_key(ts)
        replies = self._replies.get((channel, parent_key), [])
        keys = ([parent_key] if parent_key in self.messages.get(channel, {}) else []) + replies
        if not keys:
            raise SlackMethodError("thread_not_found")
        lo, hi = self._bounds(keys, oldest, latest, inclusive)
        if cursor:
            lo = max(lo, bisect.bisect_left(keys, decode_cursor(cursor)))
        end = min(hi, lo + limit)
        msgs = [self.messages[channel][k] for k in keys[lo:end]]
        has_more = end < hi
        return Page(msgs, has_more, encode_cursor(keys[end]) if has_more else "")
