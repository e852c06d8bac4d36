"""Every field of every kind of request the bot handles, removed or given the wrong JSON type, signed correctly:
the answer is never a 5xx, and neither Bolt, aiohttp nor the listeners' work logs a traceback."""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
import structlog

from tests.e2e.conftest import SlackBot
from tests.waiting import settled
from tests.world import (
    app_mention_event,
    block_actions_payload,
    message_event,
    message_shortcut_payload,
    view_submission_payload,
)
from tests.world.signing import FORM, JSON_TYPE
from tests.world.slack_payloads import event_callback, slash_command_payload

_WRONG: tuple[Any, ...] = ("__deleted__", None, [], {}, 7, "x")


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


def _mutated(value: dict[str, Any], path: tuple[Any, ...], wrong: Any) -> dict[str, Any]:
    copied = copy.deepcopy(value)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    if wrong == "__deleted__":
        del parent[path[-1]]
    else:
        parent[path[-1]] = wrong
    return copied


def _interactions(response_url: str) -> dict[str, dict[str, Any]]:
    metadata = json.dumps({"command": "help", "channel_id": "C1", "thread_id": None})
    message = {"type": "message", "ts": "1732500000.000100", "text": "Budget", "user": "U1"}
    return {
        "button": block_actions_payload("genai:help", value="committee", response_url=response_url),
        "shortcut": message_shortcut_payload("genai_translate", message, response_url=response_url),
        "form": view_submission_payload(
            "genai_form", {"topic": {"value": {"type": "plain_text_input", "value": "x"}}}, private_metadata=metadata
        ),
    }


def _events() -> dict[str, dict[str, Any]]:
    return {
        "mention": event_callback(app_mention_event("<@UBOT> help")),
        "dm": event_callback(message_event("help", channel="D1", channel_type="im")),
        "home": event_callback(
            {"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1.0"}
        ),
        "reaction": event_callback(
            {
                "type": "reaction_added",
                "user": "U1",
                "reaction": "flag-us",
                "item": {"type": "message", "channel": "C1", "ts": "1.0"},
                "event_ts": "1.0",
            }
        ),
    }


def _cases(response_url: str) -> Iterator[tuple[str, str, str]]:
    """(what was changed, signed body, content type) for every field of every request kind."""
    for n, field in enumerate(slash_command_payload("help", response_url=response_url)):
        for wrong in ("__deleted__", "", "x"):
            fields = slash_command_payload("help", response_url=response_url, trigger_id=f"slash-{n}-{wrong}")
            if wrong == "__deleted__":
                del fields[field]
            else:
                fields[field] = wrong
            yield f"slash {field} = {wrong!r}", urlencode(fields), FORM
    events = _events()
    for kind, payload in {**_interactions(response_url), **events}.items():
        for path in _paths(payload):
            if path[0] in ("event_id", "trigger_id", "response_url"):
                continue  # the identity of the delivery, varied below on purpose
            for n, wrong in enumerate(_WRONG):
                body = _mutated(payload, path, wrong)
                label = f"{kind} {'.'.join(map(str, path))} = {wrong!r}"
                if kind in events:
                    body["event_id"] = f"Ev{hashlib.sha256(label.encode()).hexdigest()[:20]}"
                    yield label, json.dumps(body), JSON_TYPE
                else:
                    body["trigger_id"] = f"t{n}.{hashlib.sha256(label.encode()).hexdigest()[:20]}"
                    yield label, urlencode({"payload": json.dumps(body)}), FORM


async def test_no_signed_mutation_of_a_real_request_gives_a_5xx_or_a_traceback(
    http_bot: SlackBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    statuses: dict[int, int] = {}
    failures: list[str] = []
    with structlog.testing.capture_logs() as events:
        for label, body, content_type in _cases(http_bot.slack.response_url()):
            status, _, _ = await http_bot.sender.post(body, content_type)
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 500:
                failures.append(label)
        await settled(http_bot.core, timeout=60)
    tracebacks = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.exc_info]
    tracebacks += [repr(e)[:400] for e in events if "exc_info" in e or "exception" in e]
    assert failures == []
    assert tracebacks == []
    assert set(statuses) <= {200, 400, 404}, statuses
