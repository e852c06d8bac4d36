"""Slack request signing and a sender that posts to an app exactly as Slack does.

``sign()`` builds the ``X-Slack-Request-Timestamp`` / ``X-Slack-Signature`` pair
(``v0=`` + HMAC-SHA256 of ``v0:{ts}:{body}``). ``SlackEventSender`` posts slash
commands, Events API callbacks, interactive payloads and URL verification to
``<base_url>/slack/events`` and returns ``(status, body_text, elapsed_seconds)``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import aiohttp

from tests.world.slack_payloads import (
    UNSET_RESPONSE_URL,
    VERIFICATION_TOKEN,
    event_callback,
    new_trigger_id,
    slash_command_payload,
)

if TYPE_CHECKING:
    from tests.world.slack_api import FakeSlackAPI

SendResult = tuple[int, str, float]

FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """The two signature headers Slack attaches to ``body`` (``timestamp`` defaults to now)."""
    ts = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}


class SlackEventSender:
    """Posts signed requests to a Bolt app's ``/slack/events`` endpoint.

    Use as ``async with SlackEventSender(url, secret) as sender:`` to keep one HTTP
    session open (benchmarks); otherwise each call opens and closes its own.
    Pass ``slack_api=`` so slash commands and actions get a response_url minted on
    that :class:`FakeSlackAPI` by default (else the URL points at a closed local port).
    """

    def __init__(
        self,
        base_url: str,
        signing_secret: str,
        *,
        path: str = "/slack/events",
        slack_api: FakeSlackAPI | None = None,
        api_app_id: str = "A1",
        bot_user_id: str = "UBOT",
        timeout: float = 30.0,
    ) -> None:
        self.url = base_url.rstrip("/") + path
        self.signing_secret = signing_secret
        self.slack_api = slack_api
        self.api_app_id = api_app_id
        self.bot_user_id = bot_user_id
        self.timeout = timeout
        self.last_event_id: str | None = None
        self.last_response_url: str | None = None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> SlackEventSender:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _response_url(self, channel_id: str, user_id: str) -> str:
        if self.slack_api is not None:
            url = self.slack_api.response_url(channel=channel_id, user=user_id)
        else:
            url = UNSET_RESPONSE_URL
        self.last_response_url = url
        return url

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        bad_signature: bool = False,
        timestamp_offset: int = 0,
        extra_headers: dict[str, str] | None = None,
    ) -> SendResult:
        """POST a raw body, signed (with a wrong secret if ``bad_signature``)."""
        secret = self.signing_secret + ("-wrong" if bad_signature else "")
        headers = {
            "Content-Type": content_type,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **sign(secret, body, int(time.time()) + timestamp_offset),
            **(extra_headers or {}),
        }
        started = time.perf_counter()
        if self._session is not None:
            status, text = await self._send(self._session, body, headers)
        else:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.timeout)) as session:
                status, text = await self._send(session, body, headers)
        return status, text, time.perf_counter() - started

    async def _send(self, session: aiohttp.ClientSession, body: str, headers: dict[str, str]) -> tuple[int, str]:
        async with session.post(self.url, data=body.encode(), headers=headers) as resp:
            return resp.status, await resp.text()

    async def slash_command(
        self,
        text: str,
        *,
        command: str = "/genai",
        user_id: str = "U1",
        channel_id: str = "C1",
        team_id: str = "T1",
        response_url: str | None = None,
        trigger_id: str | None = None,
        bad_signature: bool = False,
        timestamp_offset: int = 0,
    ) -> SendResult:
        fields = slash_command_payload(
            text,
            command=command,
            user_id=user_id,
            channel_id=channel_id,
            team_id=team_id,
            api_app_id=self.api_app_id,
            response_url=response_url or self._response_url(channel_id, user_id),
            trigger_id=trigger_id or new_trigger_id(),
        )
        return await self.post(urlencode(fields), FORM, bad_signature=bad_signature, timestamp_offset=timestamp_offset)

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        team_id: str = "T1",
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
        bad_signature: bool = False,
        timestamp_offset: int = 0,
    ) -> SendResult:
        """An ``event_callback``; pass the same ``event_id`` and a ``retry_num`` to replay a retry."""
        envelope = event_callback(
            event, event_id=event_id, team_id=team_id, api_app_id=self.api_app_id, bot_user_id=self.bot_user_id
        )
        self.last_event_id = envelope["event_id"]
        extra = {}
        if retry_num is not None:
            extra = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return await self.post(
            json.dumps(envelope),
            JSON_TYPE,
            bad_signature=bad_signature,
            timestamp_offset=timestamp_offset,
            extra_headers=extra,
        )

    async def interactive(
        self, payload: dict[str, Any], *, bad_signature: bool = False, timestamp_offset: int = 0
    ) -> SendResult:
        """block_actions, message_action (shortcut), view_submission... as ``payload=<json>``."""
        if payload.get("response_url") == UNSET_RESPONSE_URL and self.slack_api is not None:
            channel = str((payload.get("channel") or {}).get("id", "C1"))
            user = str((payload.get("user") or {}).get("id", "U1"))
            payload = {**payload, "response_url": self._response_url(channel, user)}
        body = urlencode({"payload": json.dumps(payload)})
        return await self.post(body, FORM, bad_signature=bad_signature, timestamp_offset=timestamp_offset)

    async def url_verification(
        self, challenge: str, *, bad_signature: bool = False, timestamp_offset: int = 0
    ) -> SendResult:
        body = json.dumps({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"})
        return await self.post(body, JSON_TYPE, bad_signature=bad_signature, timestamp_offset=timestamp_offset)
