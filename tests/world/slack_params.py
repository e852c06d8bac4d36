"""Request parameters and the state records shared by the fake's method handlers."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.world.slack_store import JSON, SlackMethodError

if TYPE_CHECKING:
    from tests.world.slack_api import FakeSlackAPI


class Params:
    """Request parameters merged from the query string, a form body or a JSON body."""

    def __init__(self, data: JSON) -> None:
        self.data = data

    def opt(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None or value == "" else str(value)

    def req(self, name: str, error: str = "invalid_arguments") -> str:
        value = self.opt(name)
        if value is None:
            raise SlackMethodError(error)
        return value

    def int(self, name: str, default: int) -> int:
        value = self.opt(name)
        try:
            return default if value is None else int(value)
        except ValueError as exc:
            raise SlackMethodError("invalid_arguments") from exc

    def bool(self, name: str) -> bool:
        value = self.data.get(name)
        return value is True or str(value).lower() in {"1", "true"}

    def json(self, name: str) -> Any:
        """A structured argument; form posts carry these as JSON strings."""
        value = self.data.get(name)
        if isinstance(value, str) and value[:1] in "[{":
            try:
                return json.loads(value)
            except ValueError as exc:
                raise SlackMethodError("invalid_arguments") from exc
        return value


@dataclass
class Stream:
    """A ``chat.startStream`` message and what was streamed into it so far.

    ``text`` is the markdown received (``markdown_text`` and ``markdown_text`` chunks);
    ``chunks`` keeps every piece as sent (strings, or chunk dicts such as ``plan_update``).
    """

    channel: str
    ts: str
    thread_ts: str | None
    text: str = ""
    stopped: bool = False
    chunks: list[Any] = field(default_factory=list)


@dataclass
class UploadedFile:
    id: str
    name: str
    length: int
    title: str | None = None
    content: bytes | None = None
    completed: bool = False
    channel: str | None = None
    thread_ts: str | None = None
    initial_comment: str | None = None


_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}{next(_ids):08d}"


def resolve_channel(api: FakeSlackAPI, p: Params, name: str = "channel") -> str:
    channel = p.req(name, "channel_not_found")
    if channel in api.not_in_channel:
        raise SlackMethodError("not_in_channel")
    if channel.startswith(("U", "W")):  # posting to a user id opens the DM, as Slack does
        channel = "D" + channel[1:]
    return channel
