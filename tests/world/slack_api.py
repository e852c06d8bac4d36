"""``FakeSlackAPI``: a local aiohttp server that speaks the Slack Web API wire format.

Point the real clients at it::

    async with FakeSlackAPI() as slack:
        client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
        await client.chat_postMessage(channel="C1", text="hi")
        assert slack.posted_texts("C1") == ["hi"]

It serves ``/api/<method>`` (GET or POST; query string, form or JSON parameters),
file-upload URLs (``/upload/v1/<file_id>``) and response URLs (``/response/<id>``).
Everything is logged in :attr:`FakeSlackAPI.calls`. No pytest dependency: usable
from a demo script or a benchmark too.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import secrets
import time
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.world.local_server import LocalServer
from tests.world.slack_methods import METHODS
from tests.world.slack_params import Params, Stream, UploadedFile
from tests.world.slack_store import DEFAULT_TS_START, JSON, SlackMethodError, SlackStore

log = logging.getLogger(__name__)

RESPONSE_URL_MAX_POSTS = 5


@dataclass(frozen=True)
class Call:
    """One Web API request as the fake saw it (``at`` is ``time.monotonic()``)."""

    method: str
    params: JSON
    at: float
    limited: bool = False
    status: int = 200
    response: JSON = field(default_factory=dict)
    token: str | None = None

    @property
    def ok(self) -> bool:
        return bool(self.response.get("ok"))

    @property
    def error(self) -> str | None:
        error = self.response.get("error")
        return None if error is None else str(error)


@dataclass(frozen=True)
class Response:
    """One POST to a minted response_url."""

    url_id: str
    body: JSON
    channel: str = ""
    user: str = ""
    at: float = 0.0


@dataclass
class _RateLimit:
    max_calls: int
    per_seconds: float
    retry_after: int
    hits: deque[float] = field(default_factory=deque)


@dataclass
class _Ceiling:
    """A token bucket: `per_second` posts a second, `burst` at once after a quiet spell."""

    per_second: float
    burst: float
    retry_after: int
    tokens: float = 0.0
    at: float = 0.0

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.per_second)
        self.at = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


@dataclass
class _Failure:
    times: int
    status: int
    retry_after: int
    error: str


@dataclass
class _ResponseURL:
    channel: str
    user: str
    posts: int = 0


class FakeSlackAPI(LocalServer):
    """The Slack Web API, a file-upload host and response_url host on 127.0.0.1."""

    def __init__(
        self,
        *,
        tokens: Iterable[str] = (),
        team_id: str = "T1",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        app_id: str = "A1",
        host: str = "127.0.0.1",
        port: int = 0,
        ts_start: float = DEFAULT_TS_START,
        live_ts: bool = False,
    ) -> None:
        self.tokens: set[str] = set(tokens)
        self.team_id, self.bot_user_id, self.bot_id, self.app_id = team_id, bot_user_id, bot_id, app_id
        self.host, self.port = host, port
        self.store = SlackStore(team_id=team_id, ts_start=ts_start, live_ts=live_ts)
        self.calls: list[Call] = []
        self.responses: list[Response] = []
        self.responses_started = 0  # response_url posts received, counted before any latency (so: in flight)
        self.not_in_channel: set[str] = set()
        self.socket_mode_url: str | None = None
        # seconds to wait before answering, per Web API method ("response_url" for response_url posts)
        self.latency: dict[str, float] = {}
        # state written by the method handlers (see slack_methods.py)
        self.ephemerals: list[JSON] = []
        self.streams: dict[str, Stream] = {}
        self.views: dict[str, JSON] = {}
        self.home_views: dict[str, JSON] = {}
        self.files: dict[str, UploadedFile] = {}
        self.reactions: list[tuple[str, str, str]] = []
        self.assistant_status: dict[tuple[str, str], str] = {}
        self.assistant_prompts: dict[tuple[str, str], list[Any]] = {}
        self.assistant_titles: dict[tuple[str, str], str] = {}
        self._rate_limits: dict[str, _RateLimit] = {}
        self._ceiling: _Ceiling | None = None
        self._failures: dict[str, deque[_Failure]] = {}
        self._dropped_answers: Counter[str] = Counter()
        self._response_urls: dict[str, _ResponseURL] = {}
        self._url_ids = itertools.count(1)
        self.outages = 0
        self._outage_port = port

    # --------------------------------------------------------------- lifecycle

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/v1/{file_id}", self._handle_upload)
        app.router.add_post("/response/{url_id}", self._handle_response_url)
        return app

    # ----------------------------------------------------------------- outages

    async def go_down(self) -> None:
        """Slack becomes unreachable: the server stops listening (connections are refused) until
        :meth:`come_back`, which listens on the same port again. Seeded data and the call log are kept."""
        if self._runner is None:
            return
        self._outage_port = self.port
        await self.stop()
        self.outages += 1

    async def come_back(self) -> None:
        """End an outage started by :meth:`go_down`: the same address answers again."""
        if self._runner is not None:
            return
        self.port = self._outage_port
        await self.start()

    @property
    def is_down(self) -> bool:
        return self._runner is None and self.outages > 0

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT`` (no trailing slash); during an outage, the address that will answer again."""
        return f"http://{self.host}:{self.port}" if self.is_down else self.address("http")

    @property
    def base_url(self) -> str:
        """What ``AsyncWebClient(base_url=...)`` expects: ``http://127.0.0.1:PORT/api/``."""
        return f"{self.url}/api/"

    # ----------------------------------------------------------------- seeding

    def add_user(
        self,
        user_id: str,
        name: str,
        *,
        tz: str = "Asia/Tokyo",
        locale: str = "ja-JP",
        email: str | None = None,
        **extra: Any,
    ) -> JSON:
        """Seed a user (``extra``: real_name, display_name, is_bot, deleted)."""
        return self.store.add_user(user_id, name, tz=tz, locale=locale, email=email, **extra)

    def add_channel(self, channel_id: str, name: str, *, members: Iterable[str] = (), **extra: Any) -> JSON:
        """Seed a channel (``extra``: is_private, is_im, topic, purpose)."""
        return self.store.add_channel(channel_id, name, members=members, **extra)

    def add_message(
        self,
        channel: str,
        text: str,
        user: str | None,
        ts: str | None = None,
        thread_ts: str | None = None,
        **extra: Any,
    ) -> JSON:
        """Seed a message; ``ts`` defaults to the next tick of the fake clock."""
        return self.store.add_message(channel, text, user, ts=ts, thread_ts=thread_ts, **extra)

    def add_messages(self, channel: str, messages: Iterable[Mapping[str, Any]]) -> list[JSON]:
        """Bulk seed: each mapping has ``text``, ``user`` and optionally ``ts``, ``thread_ts``, ..."""
        out = []
        for m in messages:
            fields = dict(m)
            out.append(self.store.add_message(channel, fields.pop("text"), fields.pop("user", None), **fields))
        return out

    def messages(self, channel: str) -> list[JSON]:
        """Every stored message of ``channel`` (top level and replies), oldest first."""
        by_key = self.store.messages.get(channel, {})
        return [by_key[k] for k in sorted(by_key)]

    # ---------------------------------------------------------------- call log

    def calls_to(self, method: str, *, include_limited: bool = False) -> list[Call]:
        return [c for c in self.calls if c.method == method and (include_limited or not c.limited)]

    def last(self, method: str) -> Call:
        calls = self.calls_to(method)
        if not calls:
            seen = sorted({c.method for c in self.calls})
            raise LookupError(f"no {method} call was made (calls seen: {seen})")
        return calls[-1]

    def posted_texts(self, channel: str | None = None) -> list[str]:
        """Texts of successful ``chat.postMessage`` calls, in order (``channel`` as requested or resolved)."""
        return [
            str(c.params.get("text") or "")
            for c in self.calls_to("chat.postMessage")
            if c.ok and (channel is None or channel in (c.params.get("channel"), c.response.get("channel")))
        ]

    def clear_calls(self) -> None:
        self.calls.clear()
        self.responses.clear()

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 (a test helper: how long to wait for the bot's calls)
        *,
        include_limited: bool = False,
    ) -> list[Call]:
        """Wait until ``method`` has been called ``count`` times (rate-limited calls not counted)."""
        deadline = time.monotonic() + timeout
        while True:
            calls = self.calls_to(method, include_limited=include_limited)
            if len(calls) >= count:
                return calls
            if time.monotonic() >= deadline:
                seen = [c.method for c in self.calls]
                raise TimeoutError(f"{method}: wanted {count} call(s), got {len(calls)} in {timeout}s; log: {seen}")
            await asyncio.sleep(0.01)

    # ------------------------------------------------------------ rate limits

    def set_rate_limit(self, method: str, max_calls: int, per_seconds: float, retry_after: int = 1) -> None:
        """Sliding window: more than ``max_calls`` in ``per_seconds`` → HTTP 429 + ``Retry-After``."""
        self._rate_limits[method] = _RateLimit(max_calls, per_seconds, retry_after)

    def set_post_ceiling(self, per_second: float | None, *, burst: float | None = None, retry_after: int = 1) -> None:
        """The workspace ceiling on ``chat.postMessage`` (all channels together): ``per_second`` messages a
        second on average, ``burst`` (default: one second's worth) at once; above it HTTP 429 + ``Retry-After``.
        None removes it."""
        if per_second is None:
            self._ceiling = None
            return
        size = max(1.0, per_second if burst is None else burst)
        self._ceiling = _Ceiling(per_second, size, retry_after, tokens=size, at=time.monotonic())

    def clear_rate_limit(self, method: str) -> None:
        self._rate_limits.pop(method, None)

    def fail_next(
        self, method: str, times: int = 1, status: int = 429, retry_after: int = 1, error: str | None = None
    ) -> None:
        """Force the next ``times`` calls of ``method`` to fail (429 → ``ratelimited`` + Retry-After;
        another status → that status with ``error``; status 200 → an ``ok: false`` answer). ``"response_url"``
        fails the next posts to response URLs the same way."""
        default = "ratelimited" if status == 429 else "internal_error"
        self._failures.setdefault(method, deque()).append(_Failure(times, status, retry_after, error or default))

    def drop_answer_next(self, method: str, times: int = 1) -> None:
        """Carry out the next ``times`` calls of ``method``, then close the connection without answering (the
        answer lost on the way back: the caller cannot tell whether the call arrived)."""
        self._dropped_answers[method] += times

    def _forced_failure(self, method: str, now: float) -> tuple[int, JSON, dict[str, str]] | None:
        queue = self._failures.get(method)
        if queue:
            failure = queue[0]
            failure.times -= 1
            if failure.times <= 0:
                queue.popleft()
            headers = {"Retry-After": str(failure.retry_after)} if failure.status == 429 else {}
            return failure.status, {"ok": False, "error": failure.error}, headers
        limit = self._rate_limits.get(method)
        if limit is not None:
            while limit.hits and limit.hits[0] <= now - limit.per_seconds:
                limit.hits.popleft()
            if len(limit.hits) >= limit.max_calls:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(limit.retry_after)}
            limit.hits.append(now)
        if method == "chat.postMessage" and self._ceiling is not None and not self._ceiling.take(now):
            headers = {"Retry-After": str(self._ceiling.retry_after)}
            return 429, {"ok": False, "error": "ratelimited"}, headers
        return None

    # ------------------------------------------------------------ response_url

    def response_url(self, channel: str = "C1", user: str = "U1") -> str:
        """Mint a response_url on this server; POSTs to it land in :attr:`responses`."""
        url_id = f"{next(self._url_ids)}{secrets.token_hex(4)}"
        self._response_urls[url_id] = _ResponseURL(channel, user)
        return f"{self.url}/response/{url_id}"

    async def wait_for_response(self, count: int = 1, timeout: float = 5.0) -> list[Response]:  # noqa: ASYNC109
        deadline = time.monotonic() + timeout
        while len(self.responses) < count:
            if time.monotonic() >= deadline:
                raise TimeoutError(f"wanted {count} response_url post(s), got {len(self.responses)} in {timeout}s")
            await asyncio.sleep(0.01)
        return list(self.responses)

    # ----------------------------------------------------------------- serving

    async def _read_params(self, request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            raw = await request.text()
            body = json.loads(raw) if raw.strip() else {}
            if not isinstance(body, dict):
                raise ValueError("JSON body is not an object")
            params.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                params[key] = value.file.read() if isinstance(value, web.FileField) else value
        return params

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await self._read_params(request)
        except ValueError:
            params = {}
            bad_body = True
        else:
            bad_body = False
        if self.latency.get(method):
            await asyncio.sleep(self.latency[method])
        auth = request.headers.get("Authorization", "")
        token = auth[7:].strip() if auth.startswith("Bearer ") else None
        token = str(params.pop("token", None) or "") or token
        now = time.monotonic()
        status, limited = 200, False
        headers: dict[str, str] = {}
        forced = None if bad_body else self._forced_failure(method, now)
        if bad_body:
            body: JSON = {"ok": False, "error": "invalid_json"}
        elif forced is not None:
            status, body, headers = forced
            limited = status == 429
        elif self.tokens and not token:
            body = {"ok": False, "error": "not_authed"}
        elif self.tokens and token not in self.tokens:
            body = {"ok": False, "error": "invalid_auth"}
        elif method not in METHODS:
            body = {"ok": False, "error": "unknown_method", "req_method": method}
        else:
            try:
                body = {"ok": True, **METHODS[method](self, Params(params))}
            except SlackMethodError as exc:
                body = {"ok": False, "error": exc.error}
            except ValueError as exc:  # e.g. a malformed ts
                log.warning("FakeSlackAPI: %s rejected arguments: %s", method, exc)
                body = {"ok": False, "error": "invalid_arguments"}
            except Exception:
                log.exception("FakeSlackAPI: %s handler crashed", method)
                status, body = 500, {"ok": False, "error": "fake_internal_error"}
        self.calls.append(Call(method, params, now, limited, status, body, token))
        if self._dropped_answers[method] > 0 and request.transport is not None:
            self._dropped_answers[method] -= 1
            request.transport.close()  # done, but the answer never leaves
        return web.json_response(body, status=status, headers=headers)

    async def _handle_upload(self, request: web.Request) -> web.Response:
        f = self.files.get(request.match_info["file_id"])
        if f is None:
            return web.Response(status=404, text="file_not_found", content_type="text/plain")
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            part = form.get("file") or form.get("filename")
            if isinstance(part, web.FileField):
                content = part.file.read()
            else:
                content = part.encode() if isinstance(part, str) else bytes(part or b"")
        else:
            content = await request.read()
        f.content = content
        return web.Response(text=f"OK - {len(content)}", content_type="text/plain")

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        url_id = request.match_info["url_id"]
        entry = self._response_urls.get(url_id)
        if entry is None:
            return web.Response(status=404, text="no_service", content_type="text/plain")
        if entry.posts >= RESPONSE_URL_MAX_POSTS:
            return web.Response(status=404, text="used_url", content_type="text/plain")
        raw = await request.text()
        try:
            if request.content_type == "application/json":
                body = json.loads(raw)
            else:
                body = json.loads(str((await request.post()).get("payload", "")) or raw)
        except ValueError:
            return web.Response(status=400, text="invalid_payload", content_type="text/plain")
        if not isinstance(body, dict):
            return web.Response(status=400, text="invalid_payload", content_type="text/plain")
        forced = self._forced_failure("response_url", time.monotonic())
        if forced is not None:  # fail_next("response_url", …): Slack's answer is plain text, not JSON
            status, failed, headers = forced
            return web.Response(status=status, text=str(failed["error"]), headers=headers, content_type="text/plain")
        self.responses_started += 1
        if self.latency.get("response_url"):
            await asyncio.sleep(self.latency["response_url"])
        entry.posts += 1
        self.responses.append(Response(url_id, body, entry.channel, entry.user, time.monotonic()))
        return web.Response(text="ok", content_type="text/plain")
