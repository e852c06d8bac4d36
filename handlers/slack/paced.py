"""Every Web API call of the bot waits for its permit from the core's pacer (`genai_bot.pacing`).

`PacedWebClient` is the bot's AsyncWebClient with a pacer: each call first takes its permit (by method, and by
conversation for chat.postMessage). A 429 is reported to the pacer (so every instance slows down) and the call is
tried again after its Retry-After, through the pacer again, a few times. When the next permit is further away
than the pacer lets a caller wait, the call fails at once as Slack's own 429 would (`ratelimited` with a
Retry-After), so every caller handles both alike (the outbox then gives its row back with that delay).

Bolt hands each request a fresh plain copy of the app's client; `pacing_middleware` swaps it for a paced one.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from genai_bot.pacing import Pacer, PaceTooSlow

__all__ = ["RATE_LIMIT_TRIES", "PacedWebClient", "paced_copy", "pacing_middleware", "rate_limit_wait"]

RATE_LIMIT_TRIES = 6  # a call answered 429 is tried this many times in all (each after its Retry-After), as
# slack_sdk's own handler did (5 retries)


class PacedWebClient(AsyncWebClient):
    """An AsyncWebClient whose every call waits for the pacer's permit."""

    def __init__(self, *args: Any, pacer: Pacer | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pacer = pacer

    async def api_call(
        self,
        api_method: str,
        *,
        http_verb: str = "POST",
        files: dict[str, Any] | None = None,
        data: Any = None,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        headers: dict[str, Any] | None = None,
        auth: dict[str, Any] | None = None,
    ) -> AsyncSlackResponse:
        args: dict[str, Any] = {
            "http_verb": http_verb,
            "files": files,
            "data": data,
            "params": params,
            "json": json,
            "headers": headers,
            "auth": auth,
        }
        pacer = self.pacer
        if pacer is None:
            return await super().api_call(api_method, **args)
        channel = _channel(data, params, json)
        for tries in range(1, RATE_LIMIT_TRIES + 1):
            try:
                await pacer.permit(api_method, channel)
            except PaceTooSlow as exc:
                raise _ratelimited(self, api_method, exc.retry_after) from None
            try:
                return await super().api_call(api_method, **args)
            except SlackApiError as exc:
                wait = rate_limit_wait(exc)
                if wait is None:
                    raise
                await pacer.slowed(api_method, wait)
                if tries == RATE_LIMIT_TRIES:
                    raise
        raise AssertionError("unreachable")


def rate_limit_wait(exc: SlackApiError) -> float | None:
    """The Retry-After of a 429 answer (1 s when Slack gave none); None for any other failure."""
    response = exc.response
    if getattr(response, "status_code", 200) != 429 and response.get("error") != "ratelimited":
        return None
    for name, value in dict(getattr(response, "headers", None) or {}).items():
        if str(name).lower() == "retry-after":
            try:
                return max(0.0, float(value[0] if isinstance(value, list) else value))
            except (TypeError, ValueError):
                break
    return 1.0


def _channel(*sources: Any) -> str | None:
    for source in sources:
        if isinstance(source, dict) and source.get("channel"):
            return str(source["channel"])
    return None


def _ratelimited(client: AsyncWebClient, method: str, retry_after: float) -> SlackApiError:
    response = AsyncSlackResponse(
        client=client,
        http_verb="POST",
        api_url=f"{client.base_url}{method}",
        req_args={},
        data={"ok": False, "error": "ratelimited", "paced": True},
        headers={"Retry-After": str(max(1, math.ceil(retry_after)))},
        status_code=429,
    )
    return SlackApiError(f"{method}: paced (next permit in {retry_after:.1f}s)", response)  # type: ignore[no-untyped-call]


def paced_copy(client: AsyncWebClient, pacer: Pacer) -> PacedWebClient:
    """`client` (e.g. Bolt's per-request copy) as a PacedWebClient: same token, URL, session and retry handlers."""
    return PacedWebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        ssl=client.ssl,
        proxy=client.proxy,
        session=client.session,
        trust_env_in_session=client.trust_env_in_session,
        headers=client.headers,
        team_id=client.default_params.get("team_id"),
        logger=client.logger,
        retry_handlers=list(client.retry_handlers) if client.retry_handlers is not None else None,
        pacer=pacer,
    )


def pacing_middleware(pacer: Pacer) -> Callable[..., Awaitable[None]]:
    """Bolt middleware: the request's client (Bolt makes a plain one per request) becomes a paced one."""

    async def paced_client(context: AsyncBoltContext, next: Callable[[], Awaitable[None]]) -> None:
        client = context.get("client")
        if isinstance(client, AsyncWebClient) and not isinstance(client, PacedWebClient):
            context["client"] = paced_copy(client, pacer)
        await next()

    return paced_client
