"""Builders for the request bodies Slack sends to an app, in Slack's own shapes.

Shared by :class:`tests.world.signing.SlackEventSender` (HTTP) and
:class:`tests.world.socket_mode.FakeSocketModeServer` (Socket Mode envelopes).
"""

from __future__ import annotations

import itertools
import secrets
import time
from typing import Any

JSON = dict[str, Any]

VERIFICATION_TOKEN = "verification-token"
UNSET_RESPONSE_URL = "http://127.0.0.1:9/response/unset"  # port 9 (discard): never leaves the machine

_counter = itertools.count(1)


def new_trigger_id() -> str:
    return f"{int(time.time())}.{next(_counter)}.{secrets.token_hex(16)}"


def new_event_id() -> str:
    return f"Ev{next(_counter):06d}{secrets.token_hex(3).upper()}"


def _event_ts() -> str:
    return f"{time.time():.6f}"


def _team(team_id: str) -> JSON:
    return {"id": team_id, "domain": "fake-workspace"}


def _user(user_id: str, team_id: str) -> JSON:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id}


def slash_command_payload(
    text: str,
    *,
    command: str = "/genai",
    user_id: str = "U1",
    user_name: str | None = None,
    channel_id: str = "C1",
    channel_name: str = "general",
    team_id: str = "T1",
    api_app_id: str = "A1",
    response_url: str = UNSET_RESPONSE_URL,
    trigger_id: str | None = None,
) -> dict[str, str]:
    """The form fields of a slash command invocation."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": "fake-workspace",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }


def event_callback(
    event: JSON,
    *,
    event_id: str | None = None,
    team_id: str = "T1",
    api_app_id: str = "A1",
    bot_user_id: str = "UBOT",
    event_time: int | None = None,
) -> JSON:
    """The Events API ``event_callback`` envelope around ``event``."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "context_enterprise_id": None,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or new_event_id(),
        "event_time": event_time if event_time is not None else int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{secrets.token_hex(12)}",
    }


def message_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
    team_id: str = "T1",
) -> JSON:
    """A ``message`` event (``channel_type="im"`` for a DM)."""
    ts = ts or _event_ts()
    event: JSON = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "team": team_id,
        "channel": channel,
        "event_ts": ts,
        "channel_type": channel_type,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def app_mention_event(
    text: str,
    *,
    user: str = "U1",
    channel: str = "C1",
    ts: str | None = None,
    thread_ts: str | None = None,
    team_id: str = "T1",
) -> JSON:
    """An ``app_mention`` event; ``text`` should contain ``<@BOTUSERID>`` as Slack's does."""
    event = message_event(text, user=user, channel=channel, ts=ts, thread_ts=thread_ts, team_id=team_id)
    event["type"] = "app_mention"
    event.pop("channel_type")
    return event


def block_actions_payload(
    action_id: str,
    *,
    value: str | None = None,
    block_id: str = "b1",
    user_id: str = "U1",
    channel_id: str = "C1",
    message: JSON | None = None,
    team_id: str = "T1",
    api_app_id: str = "A1",
    response_url: str = UNSET_RESPONSE_URL,
    trigger_id: str | None = None,
    action: JSON | None = None,
) -> JSON:
    """A button click (``action`` overrides the clicked element) on a message."""
    message = message or {"type": "message", "ts": _event_ts(), "text": "", "user": "UBOT"}
    clicked: JSON = {
        "type": "button",
        "action_id": action_id,
        "block_id": block_id,
        "text": {"type": "plain_text", "text": action_id, "emoji": True},
        "action_ts": _event_ts(),
    }
    if value is not None:
        clicked["value"] = value
    clicked.update(action or {})
    return {
        "type": "block_actions",
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "container": {"type": "message", "message_ts": message["ts"], "channel_id": channel_id, "is_ephemeral": False},
        "trigger_id": trigger_id or new_trigger_id(),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": channel_id.lower()},
        "message": message,
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [clicked],
    }


def message_shortcut_payload(
    callback_id: str,
    message: JSON,
    *,
    user_id: str = "U1",
    channel_id: str = "C1",
    team_id: str = "T1",
    response_url: str = UNSET_RESPONSE_URL,
    trigger_id: str | None = None,
) -> JSON:
    """A message shortcut (``message_action``) run on ``message``."""
    return {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": _event_ts(),
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "channel": {"id": channel_id, "name": channel_id.lower()},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or new_trigger_id(),
        "response_url": response_url,
        "message_ts": message.get("ts", ""),
        "message": message,
    }


def view_submission_payload(
    callback_id: str,
    values: JSON,
    *,
    user_id: str = "U1",
    team_id: str = "T1",
    api_app_id: str = "A1",
    private_metadata: str = "",
    view_id: str = "V00000001",
    response_urls: list[JSON] | None = None,
) -> JSON:
    """A modal submission; ``values`` is ``view.state.values`` ({block_id: {action_id: {...}}})."""
    return {
        "type": "view_submission",
        "team": _team(team_id),
        "user": _user(user_id, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": new_trigger_id(),
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": private_metadata,
            "state": {"values": values},
            "hash": secrets.token_hex(6),
            "blocks": [],
            "app_id": api_app_id,
            "root_view_id": view_id,
            "previous_view_id": None,
        },
        "response_urls": response_urls or [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
