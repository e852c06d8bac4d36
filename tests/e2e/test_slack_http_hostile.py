"""HTTP mode under hostile input: what Slack did not sign, or what cannot be a Slack request, gets 4xx, one log line
without the body and no traceback; nothing runs, and Bolt's own loggers never print a body."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlparse

import aiohttp
import pytest
import structlog

from tests.e2e.conftest import SIGNING_SECRET, SlackBot, running_http_bot
from tests.waiting import settled
from tests.world import FakeSlackAPI, app_mention_event, block_actions_payload, view_submission_payload
from tests.world.slack_payloads import event_callback, slash_command_payload

SECRET_TEXT = "機密本文-人事案"  # in every hostile body: it must never reach the log
FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"


@dataclass
class Logs:
    caplog: pytest.LogCaptureFixture
    events: list[dict[str, Any]]

    def lines(self) -> list[str]:
        """Everything logged at INFO or above: stdlib (Bolt, slack_sdk, aiohttp) and structlog (ours)."""
        records = [r for r in self.caplog.records if r.levelno >= logging.INFO]
        std = [f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records]
        ours = [repr(e) for e in self.events if e.get("log_level") not in ("debug", None)]
        return std + ours

    def tracebacks(self) -> list[str]:
        std = [r.getMessage() for r in self.caplog.records if r.exc_info]
        ours = [repr(e) for e in self.events if "exc_info" in e or "exception" in e]
        return std + ours

    def refusals(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e["event"] == "slack_request_refused"]


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> Iterator[Logs]:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.INFO, logger="slack_bolt")
    with structlog.testing.capture_logs() as events:
        yield Logs(caplog, events)


def signed(body: bytes, *, timestamp: str | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    ts = timestamp if timestamp is not None else str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


async def post(bot: SlackBot, body: bytes, headers: dict[str, str], content_type: str = FORM) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(bot.sender.url, data=body, headers={"Content-Type": content_type, **headers}) as resp,
    ):
        return resp.status, await resp.text()


def _form(**fields: str) -> bytes:
    return urlencode(fields).encode()


def _payload(value: Any) -> bytes:
    return _form(payload=json.dumps(value))


def _nested(depth: int) -> str:
    return '{"type": "event_callback", "x": ' + "[" * depth + "]" * depth + "}"


_VIEW_WITHOUT_TYPE = view_submission_payload(
    "genai_form", {"b": {"value": {"type": "plain_text_input", "value": SECRET_TEXT}}}
)
del _VIEW_WITHOUT_TYPE["view"]["type"]
_NO_ACTIONS = block_actions_payload("genai:help", value=SECRET_TEXT) | {"actions": []}
_USER_AS_LIST = block_actions_payload("genai:help", value=SECRET_TEXT) | {"user": [SECRET_TEXT]}
_ACTION_WITHOUT_ID = block_actions_payload("genai:help", value=SECRET_TEXT)
del _ACTION_WITHOUT_ID["actions"][0]["action_id"]
_EVENT_AS_TEXT = event_callback(app_mention_event(SECRET_TEXT)) | {"event": SECRET_TEXT}
_TEAM_AS_LIST = event_callback(app_mention_event(SECRET_TEXT)) | {"team": [SECRET_TEXT]}
_SLASH_WITHOUT_USER = {k: v for k, v in slash_command_payload(SECRET_TEXT).items() if k != "user_id"}

MALFORMED: dict[str, tuple[bytes, str]] = {
    "invalid UTF-8": (b"command=/genai&text=" + SECRET_TEXT.encode() + b"\xff\xfe", FORM),
    "invalid UTF-8 in JSON": (b'{"type": "event_callback", "text": "' + SECRET_TEXT.encode() + b'\xc3"}', JSON_TYPE),
    "percent-encoded invalid UTF-8": (_form(command="/genai", text=SECRET_TEXT) + b"&user_id=%FF%FE", FORM),
    "malformed JSON": (f'{{"type": "event_callback", "text": "{SECRET_TEXT}'.encode(), JSON_TYPE),
    "malformed JSON without content type": (f'{{"text": {SECRET_TEXT}}}'.encode(), FORM),
    "malformed form": (f"command=/genai&text={SECRET_TEXT}&novalue".encode(), FORM),
    "form of nothing Slack sends": (_form(text=SECRET_TEXT), FORM),
    "empty body": (b"", FORM),
    "deeply nested JSON": (_nested(100_000).encode(), JSON_TYPE),
    "nested JSON past the limit": (_nested(200).encode(), JSON_TYPE),
    "JSON array": (json.dumps([SECRET_TEXT]).encode(), JSON_TYPE),
    "JSON null": (b"null", JSON_TYPE),
    "JSON string": (json.dumps(SECRET_TEXT).encode(), JSON_TYPE),
    "JSON without type": (json.dumps({"text": SECRET_TEXT}).encode(), JSON_TYPE),
    "event that is a string": (json.dumps(_EVENT_AS_TEXT).encode(), JSON_TYPE),
    "team that is a list": (json.dumps(_TEAM_AS_LIST).encode(), JSON_TYPE),
    "payload=[]": (_form(payload="[]"), FORM),
    "payload=null": (_form(payload="null"), FORM),
    "payload not JSON": (_form(payload=SECRET_TEXT), FORM),
    "payload nested too deep": (_form(payload=_nested(5000)), FORM),
    "view without type": (_payload(_VIEW_WITHOUT_TYPE), FORM),
    "block_actions without actions": (_payload(_NO_ACTIONS), FORM),
    "block_actions with user as a list": (_payload(_USER_AS_LIST), FORM),
    "action without action_id": (_payload(_ACTION_WITHOUT_ID), FORM),
    "slash command without user_id": (urlencode(_SLASH_WITHOUT_USER).encode(), FORM),
}

BAD_HEADERS: dict[str, dict[str, str]] = {
    "timestamp abc": {"X-Slack-Request-Timestamp": "abc"},
    "timestamp 1e3": {"X-Slack-Request-Timestamp": "1e3"},
    "timestamp empty": {"X-Slack-Request-Timestamp": ""},
    "timestamp with a sign": {"X-Slack-Request-Timestamp": "+1700000000"},
    "timestamp in full-width digits": {"X-Slack-Request-Timestamp": "１７００００００００"},
    "timestamp huge": {"X-Slack-Request-Timestamp": "9" * 40},
    "signature not hex": {"X-Slack-Signature": "v0=" + "z" * 64},
    "signature v1": {"X-Slack-Signature": "v1=" + "0" * 64},
    "signature empty": {"X-Slack-Signature": ""},
}


def _calls_after_start(bot: SlackBot) -> list[str]:
    """Web API calls other than the bot's one auth.test at start-up."""
    return [c.method for c in bot.slack.calls if c.method != "auth.test"]


def _assert_refused_quietly(logs: Logs, bot: SlackBot, statuses: list[int], requests: int) -> None:
    assert all(400 <= s < 500 for s in statuses), statuses
    assert logs.tracebacks() == []
    assert not [line for line in logs.lines() if SECRET_TEXT in line or "\\u6a5f\\u5bc6" in line]
    assert len(logs.refusals()) == requests  # one line each
    assert _calls_after_start(bot) == [] and bot.slack.responses == []


@pytest.mark.parametrize("name", MALFORMED)
async def test_a_signed_malformed_body_gets_400_with_one_bodiless_log_line(
    http_bot: SlackBot, logs: Logs, name: str
) -> None:
    body, content_type = MALFORMED[name]
    status, answer = await post(http_bot, body, signed(body), content_type)
    await settled(http_bot.core)
    assert status == 400 and SECRET_TEXT not in answer
    _assert_refused_quietly(logs, http_bot, [status], 1)
    assert logs.refusals()[0]["status"] == 400


@pytest.mark.parametrize("name", MALFORMED)
async def test_an_unsigned_or_badly_signed_malformed_body_gets_401(http_bot: SlackBot, logs: Logs, name: str) -> None:
    body, content_type = MALFORMED[name]
    statuses = [
        (await post(http_bot, body, {}, content_type))[0],
        (await post(http_bot, body, signed(body, secret="wrong-secret"), content_type))[0],
        (await post(http_bot, body, signed(body, timestamp=str(int(time.time()) - 400)), content_type))[0],
        (await post(http_bot, body, {**signed(body), "X-Slack-Request-Timestamp": "abc"}, content_type))[0],
    ]
    await settled(http_bot.core)
    assert statuses == [401, 401, 401, 400]
    _assert_refused_quietly(logs, http_bot, statuses, 4)


@pytest.mark.parametrize("name", BAD_HEADERS)
async def test_a_bad_timestamp_or_signature_header_gets_4xx_never_500(
    http_bot: SlackBot, logs: Logs, name: str
) -> None:
    body = urlencode(slash_command_payload(f"help {SECRET_TEXT}")).encode()
    status, _ = await post(http_bot, body, {**signed(body), **BAD_HEADERS[name]})
    await settled(http_bot.core)
    assert status in (400, 401)
    _assert_refused_quietly(logs, http_bot, [status], 1)


async def test_missing_signature_headers_get_401(http_bot: SlackBot, logs: Logs) -> None:
    body = urlencode(slash_command_payload("help")).encode()
    no_timestamp = {"X-Slack-Signature": signed(body)["X-Slack-Signature"]}
    no_signature = {"X-Slack-Request-Timestamp": signed(body)["X-Slack-Request-Timestamp"]}
    statuses = [(await post(http_bot, body, headers))[0] for headers in (no_timestamp, no_signature)]
    assert statuses == [401, 401]
    _assert_refused_quietly(logs, http_bot, statuses, 2)


async def test_a_large_unsigned_body_is_logged_as_one_line_without_it(http_bot: SlackBot, logs: Logs) -> None:
    body = ("text=" + SECRET_TEXT * 40_000).encode()  # ~1 MB, as in the report
    status, _ = await post(http_bot, body, signed(body, secret="wrong-secret"))
    assert status == 401
    _assert_refused_quietly(logs, http_bot, [status], 1)
    assert max(len(line) for line in logs.lines()) < 500


async def test_an_event_the_listeners_cannot_use_is_acknowledged_and_dropped(http_bot: SlackBot, logs: Logs) -> None:
    event = app_mention_event(f"<@UBOT> {SECRET_TEXT}")
    del event["user"]
    body = json.dumps(event_callback(event)).encode()
    status, _ = await post(http_bot, body, signed(body), JSON_TYPE)  # 200: Slack must not retry it
    await settled(http_bot.core)
    assert status == 200 and _calls_after_start(http_bot) == []
    assert logs.tracebacks() == [] and not [line for line in logs.lines() if SECRET_TEXT in line]
    assert [e["reason"] for e in logs.events if e["event"] == "slack_event_ignored"] == ["app_mention_incomplete"]


async def test_bolt_never_logs_the_body_of_a_request_nobody_handles(http_bot: SlackBot, logs: Logs) -> None:
    payload = block_actions_payload("other_app:click", value=SECRET_TEXT)  # no listener matches: Bolt warns
    status, _, _ = await http_bot.sender.interactive(payload)
    await settled(http_bot.core)
    assert status == 404
    bolt = [r.getMessage() for r in logs.caplog.records if "slack_bolt" in r.name]
    assert bolt == ["Unhandled request"]  # what happened, not what was in it
    assert not [line for line in logs.lines() if SECRET_TEXT in line]


async def test_a_command_whose_text_says_payload_still_runs(http_bot: SlackBot) -> None:
    """Bolt reads any form containing the word "payload" as an empty interaction; the door hands it the real one."""
    status, _, _ = await http_bot.sender.slash_command("help payload")
    assert status == 200
    [response] = await http_bot.slack.wait_for_response(1)
    assert "payload" in response.body["text"]


async def _raw_request(bot: SlackBot, head: str, body_parts: list[bytes]) -> bytes:
    """Send a request over a bare socket (the body possibly never finished) and return the status line."""
    url = urlparse(bot.base_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port)
    try:
        writer.write(head.encode())
        for part in body_parts:
            writer.write(part)
        try:
            await writer.drain()
        except ConnectionError:
            pass  # the server answered and closed before taking it all: that is the point
        return await asyncio.wait_for(reader.readline(), timeout=5)
    finally:
        writer.close()


def _head(extra: str, headers: dict[str, str]) -> str:
    lines = [
        "POST /slack/events HTTP/1.1",
        "Host: 127.0.0.1",
        f"Content-Type: {FORM}",
        extra,
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return "\r\n".join(lines) + "\r\n\r\n"


async def test_a_2mb_body_gets_413_before_it_is_read(http_bot: SlackBot, logs: Logs) -> None:
    """Only 1 KB of the announced 2 MB is ever sent: the answer comes anyway, from Content-Length alone."""
    headers = signed(b"x" * 2_000_000)
    status_line = await _raw_request(http_bot, _head("Content-Length: 2000000", headers), [b"x" * 1024])
    assert status_line.startswith(b"HTTP/1.1 413")
    assert [e["reason"] for e in logs.refusals()] == ["body_too_large"]


async def test_a_chunked_body_past_the_limit_gets_413(http_bot: SlackBot, logs: Logs) -> None:
    chunk = b"x" * 65536
    parts = [b"%x\r\n%s\r\n" % (len(chunk), chunk)] * 32  # 2 MB, no Content-Length to check up front
    status_line = await _raw_request(http_bot, _head("Transfer-Encoding: chunked", signed(b"")), parts)
    assert status_line.startswith(b"HTTP/1.1 413")
    assert logs.tracebacks() == []


async def test_the_body_limit_is_a_setting(slack: FakeSlackAPI, database_url: str) -> None:
    async with running_http_bot(slack, database_url, GENAI_SLACK_MAX_BODY_BYTES="8192") as bot:
        assert (await bot.sender.slash_command("help " + "x" * 9000))[0] == 413
        assert (await bot.sender.slash_command("help " + "x" * 10))[0] == 200
        await bot.slack.wait_for_response(1)
