"""The door of HTTP mode: only a signed, well-formed Slack request gets through to Bolt.

Cheapest check first, and nothing is trusted before the signature: the size comes from Content-Length before
anything is read, the signature headers are checked before the body is read, the body is read up to the limit,
the HMAC is computed over the raw bytes, and only then is the body decoded and parsed (`handlers.slack.shape`).
Every refusal raises `Refused` (an HTTP status and a short fixed reason for the one log line); nothing here
logs, echoes or keeps the body.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass

from aiohttp import web

__all__ = ["REPLAY_WINDOW_SECONDS", "Refused", "read_signed_body"]

REPLAY_WINDOW_SECONDS = 300
"""Slack's rule: a request whose timestamp is more than five minutes off is refused."""

_TIMESTAMP = re.compile(r"[0-9]{1,12}", re.ASCII)
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}", re.ASCII)
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Refused(Exception):
    """The request is answered with `status` and goes no further; `reason` is a fixed word for the log."""

    status: int
    reason: str


async def read_signed_body(request: web.Request, secret: bytes, max_bytes: int, now: float | None = None) -> bytes:
    """The raw body of `request` once its size and Slack signature hold; raises `Refused` otherwise."""
    length = request.content_length
    if length is not None and length > max_bytes:
        raise Refused(413, "body_too_large")
    timestamp, signature = _signature_headers(request.headers, time.time() if now is None else now)
    body = await _read_at_most(request, max_bytes)
    expected = hmac.new(secret, b"v0:" + timestamp + b":" + body, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(b"v0=" + expected, signature):
        raise Refused(401, "bad_signature")
    return body


def _signature_headers(headers: Mapping[str, str], now: float) -> tuple[bytes, bytes]:
    timestamp = headers.get("X-Slack-Request-Timestamp")
    signature = headers.get("X-Slack-Signature")
    if not timestamp or not signature:
        raise Refused(401, "unsigned")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise Refused(400, "bad_timestamp")
    if abs(now - int(timestamp)) > REPLAY_WINDOW_SECONDS:
        raise Refused(401, "stale_timestamp")
    if not _SIGNATURE.fullmatch(signature):
        raise Refused(401, "bad_signature")
    return timestamp.encode(), signature.encode()


async def _read_at_most(request: web.Request, max_bytes: int) -> bytes:
    """Read the body in chunks, giving up as soon as it passes `max_bytes` (chunked uploads have no length)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(_CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise Refused(413, "body_too_large")
        chunks.append(chunk)
    return b"".join(chunks)
