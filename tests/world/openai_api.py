"""A stand-in OpenAI-compatible API (aiohttp) for tests and benchmarks. No pytest dependency.

    async with FakeOpenAI() as llm:
        client = AsyncOpenAI(base_url=llm.base_url, api_key="test")
        ...
        assert "03-1234-5678" not in llm.wire_text()

Serves `POST /v1/chat/completions` (plain and SSE-streamed) and Azure's
`POST /openai/deployments/{deployment}/chat/completions?api-version=...`. Answers are deterministic:
`"[<model>] " + <last user message>` unless `reply_with(fn)` set a function of the request body.
Switches: `latency`, `chunk_size`, `chunk_delay`, `fail_next(status, times, retry_after)`, `timeout_next(times)`,
`empty_next(shape, times)` (no `choices`, `content: null`, only white space; streamed alike) and
`reply_huge(chars)` (an answer of that many characters, streamed in big chunks).
Observations: `requests` (JSON bodies), `paths`, `headers`, `concurrent_max`, `streams_abandoned` (streams the
client closed before the end) and `chunks_sent` (content chunks written, per streamed request).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self

from aiohttp import web

ReplyFn = Callable[[dict[str, Any]], str]
EmptyShape = Literal["no_choices", "null", "blank"]
"""How an empty answer looks: no `choices` at all, `content: null`, or content of white space only."""

_ERROR_TYPES = {429: "rate_limit_exceeded", 400: "invalid_request_error", 401: "invalid_api_key"}


@dataclass(frozen=True)
class _Failure:
    status: int
    retry_after: float | None


@dataclass(frozen=True)
class _Hang:
    seconds: float


@dataclass(frozen=True)
class _Empty:
    shape: EmptyShape


def approx_tokens(text: str) -> int:
    return len(text) // 2 + 1


def default_reply(body: dict[str, Any]) -> str:
    users = [m for m in body.get("messages", []) if m.get("role") == "user"]
    last = users[-1].get("content", "") if users else ""
    if isinstance(last, list):  # content parts
        last = "".join(part.get("text", "") for part in last if isinstance(part, dict))
    return f"[{body.get('model', '?')}] {last}"


class FakeOpenAI:
    def __init__(self, *, latency: float = 0.0, chunk_size: int = 4, chunk_delay: float = 0.0) -> None:
        self.latency = latency
        self.chunk_size = chunk_size
        self.chunk_delay = chunk_delay
        self.hang_seconds = 60.0
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.in_flight = 0
        self.concurrent_max = 0
        self._reply: ReplyFn = default_reply
        self.streams_abandoned = 0
        self.chunks_sent: list[int] = []
        self._abandoned = asyncio.Event()
        self._actions: list[_Failure | _Hang | _Empty] = []
        self._ids = itertools.count(1)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- addresses ---
    @property
    def endpoint(self) -> str:
        """Scheme, host and port: what Azure calls the endpoint."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.endpoint}/v1"

    def provider(self, name: str, model: str | None = None, **options: Any) -> dict[str, Any]:
        """A GENAI_LLM_PROVIDERS entry pointing here (kind "compatible" unless `kind="azure"` is given)."""
        entry: dict[str, Any] = {
            "name": name,
            "kind": "compatible",
            "base_url": self.base_url,
            "api_key": f"key-{name}",
            "model": model or f"model-{name}",
        }
        if options.get("kind") == "azure":
            entry.update(base_url=self.endpoint, api_version="2024-10-21")
        entry.update(options)
        return entry

    # --- switches ---
    def reply_with(self, fn: ReplyFn | None) -> None:
        """Answer with `fn(request_json)`; None restores the default echo."""
        self._reply = fn or default_reply

    def fail_next(self, status: int = 500, times: int = 1, retry_after: float | None = None) -> None:
        """The next `times` requests get HTTP `status` (with a Retry-After header when given)."""
        self._actions.extend(_Failure(status, retry_after) for _ in range(times))

    def timeout_next(self, times: int = 1, seconds: float | None = None) -> None:
        """The next `times` requests hang (longer than any sane client timeout) before answering."""
        self._actions.extend(_Hang(seconds if seconds is not None else self.hang_seconds) for _ in range(times))

    def empty_next(self, shape: EmptyShape = "null", times: int = 1) -> None:
        """The next `times` requests are answered (HTTP 200, with usage) but with nothing to show: `shape`."""
        self._actions.extend(_Empty(shape) for _ in range(times))

    def reply_huge(self, chars: int, *, unit: str = "長い回答です。", chunk_size: int = 1000) -> None:
        """Answer every request with `chars` characters (`unit` repeated), streamed `chunk_size` at a time."""
        text = (unit * (chars // len(unit) + 1))[:chars]
        self.chunk_size = chunk_size
        self._reply = lambda body: text

    async def wait_for_abandoned_stream(self) -> None:
        """Until a client has closed a stream before its end (the server notices at its next write); wrap it in
        `asyncio.timeout(...)`."""
        await self._abandoned.wait()

    def reset(self) -> None:
        self.requests.clear()
        self.paths.clear()
        self.headers.clear()
        self._actions.clear()
        self.concurrent_max = 0
        self.streams_abandoned = 0
        self.chunks_sent.clear()
        self._abandoned.clear()

    def wire_text(self) -> str:
        """Everything received, as text: assert that secrets never arrived."""
        return "\n".join(json.dumps(body, ensure_ascii=False) for body in self.requests)

    # --- lifecycle ---
    async def start(self) -> Self:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/openai/deployments/{deployment}/chat/completions", self._azure_chat)
        self._closing.clear()
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    # --- handlers ---
    async def _azure_chat(self, request: web.Request) -> web.StreamResponse:
        if "api-version" not in request.query:
            return _error(404, "api-version query parameter is required")
        return await self._chat(request, deployment=request.match_info["deployment"])

    async def _chat(self, request: web.Request, deployment: str | None = None) -> web.StreamResponse:
        action = self._actions.pop(0) if self._actions else None
        body = await request.json()
        self.requests.append(body)
        self.paths.append(request.path_qs)
        self.headers.append(dict(request.headers))
        self.in_flight += 1
        self.concurrent_max = max(self.concurrent_max, self.in_flight)
        try:
            if self.latency:
                await asyncio.sleep(self.latency)
            if isinstance(action, _Hang):
                await self._hang(action.seconds)
            elif isinstance(action, _Failure):
                return _error(action.status, f"injected failure {action.status}", action.retry_after)
            if "model" not in body and deployment is None:
                return _error(400, "model is required")
            body.setdefault("model", deployment)
            empty = action.shape if isinstance(action, _Empty) else None
            reply = _EMPTY_TEXT.get(empty, "") if empty else self._reply(body)
            if body.get("stream"):
                return await self._stream(request, body, reply, empty)
            return web.json_response(self._completion(body, reply, empty))
        finally:
            self.in_flight -= 1

    async def _hang(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._closing.wait(), timeout=seconds)
        except TimeoutError:
            pass

    def _usage(self, body: dict[str, Any], reply: str) -> dict[str, int]:
        prompt = sum(approx_tokens(str(m.get("content", ""))) for m in body.get("messages", []))
        completion = approx_tokens(reply)
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def _completion(self, body: dict[str, Any], reply: str, empty: EmptyShape | None = None) -> dict[str, Any]:
        answer: dict[str, Any] = {
            "id": f"chatcmpl-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body["model"],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": None if empty == "null" else reply},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": self._usage(body, reply),
        }
        if empty == "no_choices":
            del answer["choices"]
        return answer

    async def _stream(
        self, request: web.Request, body: dict[str, Any], reply: str, empty: EmptyShape | None = None
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
        await response.prepare(request)
        ident = f"chatcmpl-{next(self._ids)}"
        pieces: list[str | None] = [reply[i : i + self.chunk_size] for i in range(0, len(reply), self.chunk_size)]
        if empty == "null":
            pieces = [None]
        self.chunks_sent.append(0)
        try:
            if empty != "no_choices":
                await _sse(response, _chunk(ident, body, {"role": "assistant", "content": ""}))
            for piece in pieces:
                if self.chunk_delay:
                    await asyncio.sleep(self.chunk_delay)
                await _sse(response, _chunk(ident, body, {"content": piece}))
                self.chunks_sent[-1] += 1
        except (ConnectionError, asyncio.CancelledError) as exc:  # the client closed the stream early
            if not self._closing.is_set():
                self.streams_abandoned += 1
                self._abandoned.set()
            if isinstance(exc, asyncio.CancelledError):  # aiohttp cancels the handler of a closed connection
                raise
            return response
        if empty != "no_choices":
            await _sse(response, _chunk(ident, body, {}, finish_reason="stop"))
        if (body.get("stream_options") or {}).get("include_usage"):
            final = _chunk(ident, body, {})
            final["choices"] = []
            final["usage"] = self._usage(body, reply)
            await _sse(response, final)
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response


_EMPTY_TEXT: dict[EmptyShape | None, str] = {"blank": " \n\u3000\n "}


def _chunk(ident: str, body: dict[str, Any], delta: dict[str, Any], finish_reason: str | None = None) -> dict[str, Any]:
    return {
        "id": ident,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body["model"],
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}],
    }


async def _sse(response: web.StreamResponse, data: dict[str, Any]) -> None:
    await response.write(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())


def _error(status: int, message: str, retry_after: float | None = None) -> web.Response:
    headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
    kind = _ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    payload = {"error": {"message": message, "type": kind, "param": None, "code": kind}}
    return web.json_response(payload, status=status, headers=headers)
