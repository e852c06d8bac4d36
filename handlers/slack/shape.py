"""Is this (signed) body a Slack request Bolt and the listeners can handle? Parse it as Bolt does, then check it.

`parse_request` decodes and parses the raw body the way Bolt will (JSON for Events API, a form for slash
commands, a form with a JSON `payload` for interactivity) and returns it, or raises `Refused(400, reason)` for a
body that is not UTF-8, not JSON or form encoding, nested too deeply, or of a shape Bolt or the listeners would
crash on (a JSON array, `payload=[]`, a view without `type`, a button click without `actions`, …).
An event Slack could send but the listeners cannot use raises `Ignored`: it is acknowledged and dropped, so
Slack does not retry it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from handlers.slack.guard import Refused

__all__ = ["MAX_DEPTH", "Ignored", "parse_request"]

MAX_DEPTH = 64
"""Deepest JSON nesting accepted; real payloads (rich text in a modal) stay far below."""

_MAX_ID_CHARS = 128  # processed_events.event_id
_TS = re.compile(r"[0-9]{1,12}(\.[0-9]{1,9})?", re.ASCII)  # a Slack message timestamp

# Fields that hold one JSON type wherever Slack sends them; Bolt's context extraction and the listeners index
# them on that assumption.
_STRINGS = (
    "type",
    "subtype",
    "id",
    "team_id",
    "user_id",
    "channel_id",
    "enterprise_id",
    "api_app_id",
    "event_id",
    "trigger_id",
    "callback_id",
    "action_id",
    "block_id",
    "response_url",
    "ts",
    "thread_ts",
    "channel_type",
    "tab",
    "bot_id",
    "reaction",
    "private_metadata",
    "command",
    "app_installed_team_id",
)
_REFERENCES = ("team", "enterprise", "user", "channel")  # an id, or an object with a string "id"
_OBJECTS = ("event", "view", "message", "previous_message", "container", "item", "assistant_thread", "state")
_LISTS_OF_OBJECTS = ("actions", "authorizations", "response_urls")


class Ignored(Exception):
    """A signed event the listeners cannot use: acknowledge it (Slack would retry an error) and drop it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_request(raw: bytes, content_type: str | None) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "not_utf8") from None
    if not text:
        raise Refused(400, "empty_body")
    if content_type == "application/json" or text.startswith("{"):  # Bolt's own rule
        body = _json_object(text)
        _check_object(body)
        _check_json_request(body)
        return body
    form = _form(text)
    if "payload" in form:
        payload = _json_object(form["payload"])
        _check_object(payload)
        _check_interaction(payload)
        return payload
    if "command" in form:
        _require_strings(form, "command", "user_id", "channel_id", "response_url")
        _check_object(form)
        return form
    if "ssl_check" in form:  # Slack checking the certificate of a slash command URL
        return form
    raise Refused(400, "not_a_slack_request")


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # ValueError covers JSONDecodeError and over-long integers
        raise Refused(400, "bad_json") from None
    if not isinstance(value, dict):
        raise Refused(400, "not_an_object")
    if _depth(value) > MAX_DEPTH:
        raise Refused(400, "too_deep")
    return value


def _form(text: str) -> dict[str, str]:
    try:
        return dict(parse_qsl(text, keep_blank_values=True, strict_parsing=True, errors="strict"))
    except ValueError:  # also UnicodeDecodeError from a percent-encoded byte that is not UTF-8
        raise Refused(400, "bad_form") from None


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _check_object(obj: Mapping[str, Any]) -> None:
    """Field types everywhere Bolt and the listeners look (top level, event, view, message, actions, …)."""
    for key in _STRINGS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise Refused(400, "wrong_shape")
    url = obj.get("response_url")
    if url is not None and not _is_web_url(url):
        raise Refused(400, "wrong_shape")
    for key in _REFERENCES:
        ref = obj.get(key)
        if (
            ref is not None
            and not isinstance(ref, str)
            and not (isinstance(ref, dict) and isinstance(ref.get("id", ""), str))
        ):
            raise Refused(400, "wrong_shape")
    for key in _OBJECTS:
        if obj.get(key) is not None:
            if not isinstance(obj[key], dict):
                raise Refused(400, "wrong_shape")
            _check_object(obj[key])
    for key in _LISTS_OF_OBJECTS:
        if obj.get(key) is not None or (key == "response_urls" and key in obj):  # Bolt takes len() of it
            if not isinstance(obj[key], list) or not all(isinstance(o, dict) for o in obj[key]):
                raise Refused(400, "wrong_shape")
            for item in obj[key]:
                _check_object(item)


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("https", "http") and bool(parts.netloc)


def _require_strings(obj: Mapping[str, Any], *keys: str) -> None:
    if not all(isinstance(obj.get(k), str) and obj[k] for k in keys):
        raise Refused(400, "wrong_shape")


def _user_id(obj: Mapping[str, Any]) -> None:
    user = obj.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str):
        raise Refused(400, "wrong_shape")


def _check_json_request(body: dict[str, Any]) -> None:
    _require_strings(body, "type")
    if body["type"] == "url_verification":
        _require_strings(body, "challenge")
    elif body["type"] == "event_callback":
        _require_strings(body, "event_id")
        if len(body["event_id"]) > _MAX_ID_CHARS or not isinstance(body.get("event"), dict):
            raise Refused(400, "wrong_shape")
        _require_strings(body["event"], "type")
        _check_event(body["event"])


def _check_event(event: dict[str, Any]) -> None:
    """Fields the listeners read without a default; an event without them is acknowledged and dropped."""
    kind = event["type"]
    needed: tuple[str, ...] = ()
    if kind == "app_mention" or (kind == "message" and "subtype" not in event and "bot_id" not in event):
        needed = ("user", "channel", "ts")
    elif kind in ("app_home_opened", "reaction_added"):
        needed = ("user",)
    if not all(isinstance(event.get(k), str) for k in needed):
        raise Ignored(f"{kind}_incomplete")
    if event.get("text") is not None and not isinstance(event["text"], str):
        raise Ignored(f"{kind}_incomplete")
    if any(event.get(k) is not None and not _TS.fullmatch(event[k]) for k in ("ts", "thread_ts")):
        raise Ignored(f"{kind}_bad_timestamp")
    item = event.get("item") or {}
    if (
        kind == "reaction_added"
        and item.get("type") == "message"
        and not (isinstance(item.get("channel"), str) and isinstance(item.get("ts"), str))
    ):
        raise Ignored("reaction_added_incomplete")
    thread = event.get("assistant_thread")
    if kind.startswith("assistant_thread_") and not (
        isinstance(thread, dict) and all(isinstance(thread.get(k), str) for k in ("user_id", "channel_id"))
    ):
        raise Ignored(f"{kind}_incomplete")


def _check_block_actions(payload: dict[str, Any]) -> None:
    actions = payload.get("actions")
    if not actions or not all(isinstance(a.get("action_id"), str) for a in actions):
        raise Refused(400, "wrong_shape")


def _check_shortcut(payload: dict[str, Any]) -> None:
    _require_strings(payload, "callback_id")
    if payload["type"] == "message_action":
        channel = payload.get("channel")
        if not isinstance(channel, dict) or not isinstance(channel.get("id"), str):
            raise Refused(400, "wrong_shape")
        if not isinstance(payload.get("message"), dict):
            raise Refused(400, "wrong_shape")


def _check_view(payload: dict[str, Any]) -> None:
    view = payload.get("view")
    if not isinstance(view, dict):
        raise Refused(400, "wrong_shape")
    _require_strings(view, "type", "callback_id")
    values = (view.get("state") or {}).get("values", {})
    if not isinstance(values, dict) or not all(
        isinstance(block, dict) and all(isinstance(state, dict) for state in block.values())
        for block in values.values()
    ):
        raise Refused(400, "wrong_shape")


_INTERACTIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "block_actions": _check_block_actions,
    "message_action": _check_shortcut,
    "shortcut": _check_shortcut,
    "view_submission": _check_view,
    "view_closed": _check_view,
}


def _check_interaction(payload: dict[str, Any]) -> None:
    _require_strings(payload, "type")
    _user_id(payload)
    if payload.get("channel") is not None and not isinstance(payload["channel"], dict):
        raise Refused(400, "wrong_shape")  # interactions name their channel as an object
    check = _INTERACTIONS.get(payload["type"])
    if check is not None:
        check(payload)
