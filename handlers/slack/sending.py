"""Sending what the bot owes a person through the ways back their request offered, part by part.

A `Parcel` is plain data (it can wait in the outbox, `handlers.slack.kept`): the messages still owed, in order (or
a file), and the ways back: the response_url with its expiry and uses, the channel, the thread, the person, and
whether only they may see it. `send` drops each part once Slack has it, so after a failure the parcel holds
exactly what is still owed. `passing_failure` tells a Slack failure worth retrying later (429 with its
Retry-After, 5xx, timeouts, Slack unreachable) from one that retrying cannot fix.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from genai_bot.outbox import RetryLater

__all__ = [
    "RESPONSE_URL_LIFETIME_SECONDS",
    "RESPONSE_URL_USES",
    "Parcel",
    "SlackUnavailable",
    "passing_failure",
    "post_in_thread",
    "send",
]

log = structlog.get_logger(__name__)

RESPONSE_URL_USES = 5  # Slack takes up to 5 responses on one response_url…
RESPONSE_URL_LIFETIME_SECONDS = 30 * 60  # …within 30 minutes
_NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived"}
_PASSING_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
_URL_GONE = {404, 410}  # expired_url, used_url, no_service


class SlackUnavailable(RetryLater):
    """Slack did not take the part now (response_url answered 429 or 5xx); worth trying again later (the outbox
    comes back after `retry_after` seconds when Slack said so)."""


@dataclass
class Parcel:
    """What is still owed to `user`, and the ways back to them."""

    user: str
    channel: str | None
    """None for App Home: the answer goes to the person's direct message."""
    thread: str | None = None
    private: bool = False
    direct: bool = False
    update_ts: str | None = None
    """The first message replaces this one (a poll tally)."""
    response_url: str | None = None
    response_url_expires: float = 0.0
    """Epoch seconds after which the response_url is not tried."""
    response_url_uses: int = 0
    messages: list[dict[str, Any]] = field(default_factory=list)
    file: dict[str, str] | None = None
    """A long public answer as a file: filename, content, title, comment."""

    @property
    def owed(self) -> int:
        return len(self.messages) + (1 if self.file else 0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Parcel:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


async def send(client: AsyncWebClient, parcel: Parcel) -> None:
    """Deliver everything the parcel owes, in order; each part leaves the parcel once Slack has it."""
    if parcel.file is not None:
        await _upload(client, parcel, parcel.file)
        parcel.file = None
    while parcel.messages:
        await _send_one(client, parcel, parcel.messages[0])
        parcel.messages.pop(0)
        parcel.update_ts = None  # only the first message replaces; the rest continue in the thread


async def post_in_thread(
    client: AsyncWebClient,
    channel: str,
    thread_ts: str | None,
    messages: list[dict[str, Any]],
    *,
    posted: list[str] | None = None,
    **extra: Any,
) -> str:
    """chat.postMessage each message in order (`render.to_messages`), the continuations in the thread of the
    first; returns the first message's ts. `extra` goes with every message (e.g. metadata); `posted` collects
    the ts of each message as Slack takes it (so a caller knows what went out before a failure)."""
    first: str | None = None
    for message in messages:
        args = {k: v for k, v in {"thread_ts": thread_ts or first, **extra}.items() if v is not None}
        resp = await client.chat_postMessage(channel=channel, **args, **message)
        first = first or str(resp["ts"])
        if posted is not None:
            posted.append(str(resp["ts"]))
    assert first is not None, "no message to post"
    return first


async def _send_one(client: AsyncWebClient, parcel: Parcel, message: dict[str, Any]) -> None:
    if parcel.channel is None:
        await client.chat_postMessage(channel=parcel.user, **message)
    elif parcel.update_ts:
        await client.chat_update(channel=parcel.channel, ts=parcel.update_ts, **message)
        parcel.thread = parcel.thread or parcel.update_ts
    elif parcel.direct:
        await _post(client, parcel, message)
    elif await _respond(parcel, message):
        return
    elif parcel.private:
        await _post_privately(client, parcel, message)
    else:
        await _post(client, parcel, message)


async def _post(client: AsyncWebClient, parcel: Parcel, message: dict[str, Any]) -> None:
    assert parcel.channel is not None
    args: dict[str, Any] = {"thread_ts": parcel.thread} if parcel.thread else {}
    resp = await client.chat_postMessage(channel=parcel.channel, **args, **message)
    parcel.thread = parcel.thread or str(resp["ts"])  # continuations follow in the first message's thread


async def _post_privately(client: AsyncWebClient, parcel: Parcel, message: dict[str, Any]) -> None:
    assert parcel.channel is not None
    args: dict[str, Any] = {"thread_ts": parcel.thread} if parcel.thread else {}
    try:
        await client.chat_postEphemeral(channel=parcel.channel, user=parcel.user, **args, **message)
    except SlackApiError as exc:
        if exc.response.get("error") not in _NOT_THERE:
            raise
        await client.chat_postMessage(channel=parcel.user, **message)  # the bot is not in that channel: DM


async def _respond(parcel: Parcel, message: dict[str, Any]) -> bool:
    """Through the response_url while it is valid; False when it cannot (or can no longer) be used."""
    url = parcel.response_url
    if url is None or parcel.response_url_uses >= RESPONSE_URL_USES or time.time() >= parcel.response_url_expires:
        return False
    body = {**message, "response_type": "ephemeral" if parcel.private else "in_channel", "replace_original": False}
    resp = await AsyncWebhookClient(url).send_dict(body)
    if resp.status_code in _URL_GONE:
        log.info("slack_response_url_gone", status=resp.status_code, body=resp.body[:40])
        parcel.response_url = None
        return False
    if resp.status_code == 429 or resp.status_code >= 500:
        raise SlackUnavailable(f"response_url answered {resp.status_code}", _retry_after(resp.headers))
    if resp.status_code != 200:  # a refusal that no retry can fix; say so, as Slack would not show it either
        log.error("slack_response_url_refused", status=resp.status_code, body=resp.body[:80])
    parcel.response_url_uses += 1
    return True


async def _upload(client: AsyncWebClient, parcel: Parcel, file: dict[str, str]) -> None:
    assert parcel.channel is not None
    args: dict[str, Any] = {"thread_ts": parcel.thread} if parcel.thread else {}
    await client.files_upload_v2(
        channel=parcel.channel,
        filename=file["filename"],
        content=file["content"].encode("utf-8"),
        title=file["title"],
        initial_comment=file["comment"],
        **args,
    )


def passing_failure(exc: BaseException) -> float | None:
    """Seconds to wait before trying again, when `exc` is a passing Slack failure; None when retrying cannot help."""
    if isinstance(exc, SlackUnavailable):
        return exc.retry_after
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", 200)
        error = exc.response.get("error")
        if status == 429 or error == "ratelimited":
            return _retry_after(getattr(exc.response, "headers", None) or {})
        if status >= 500 or error in _PASSING_ERRORS:
            return 0.0
        return None
    if isinstance(exc, aiohttp.ClientError | TimeoutError | ConnectionError):
        return 0.0
    return None


def _retry_after(headers: Any) -> float:
    for name, value in dict(headers).items():
        if str(name).lower() == "retry-after":
            try:
                return max(0.0, float(value[0] if isinstance(value, list) else value))
            except (TypeError, ValueError):
                break
    return 1.0
