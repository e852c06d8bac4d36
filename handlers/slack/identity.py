"""Who the bot is in Slack (auth.test), asked once, before the first request needs it.

Bolt's built-in single-workspace authorization calls auth.test when the first request arrives: on that request's
ack path, and once more for every request that arrives before the first answer (a burst at start-up makes as many
calls). `bot_authorize` asks once for all of them, and starts asking as soon as the app is built, so an ack never
waits for Slack.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable

import structlog
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from genai_bot.tasks import TaskRegistry

__all__ = ["bot_auth_test", "bot_authorize"]

log = structlog.get_logger(__name__)
Authorize = Callable[..., Awaitable[AuthorizeResult]]


class _BotIdentity:
    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._answer: AsyncSlackResponse | None = None
        self._lock = asyncio.Lock()

    async def auth_test(self) -> AsyncSlackResponse:
        if self._answer is None:
            async with self._lock:  # one call, however many requests wait for it
                if self._answer is None:
                    self._answer = await self._client.auth_test()
        return self._answer

    async def prefetch(self) -> None:
        try:
            await self.auth_test()
        except SlackApiError as exc:  # the first request asks again (and Bolt reports it)
            log.debug("slack_auth_test_failed", error=exc.response.get("error"))  # start-up reports a refused token
        except Exception as exc:  # unreachable now (start-up already said so), perhaps not when the first request comes
            log.debug("slack_auth_test_failed", error=type(exc).__name__)


_IDENTITIES: weakref.WeakKeyDictionary[AsyncWebClient, _BotIdentity] = weakref.WeakKeyDictionary()


def _identity(client: AsyncWebClient) -> _BotIdentity:
    identity = _IDENTITIES.get(client)
    if identity is None:
        identity = _IDENTITIES[client] = _BotIdentity(client)
    return identity


async def bot_auth_test(client: AsyncWebClient) -> AsyncSlackResponse:
    """`auth.test` for `client`'s bot token, asked of Slack once (the start-up check and Bolt share the answer;
    a failed call is asked again next time)."""
    return await _identity(client).auth_test()


def bot_authorize(client: AsyncWebClient, tasks: TaskRegistry) -> Authorize:
    """Bolt's `authorize` for the one workspace of `client`'s bot token; auth.test starts now if a loop runs."""
    identity = _identity(client)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # built outside a loop: the first request asks
    else:
        tasks.spawn(identity.prefetch(), name="slack_auth_test")

    async def authorize(user_id: str | None) -> AuthorizeResult:
        answer = await identity.auth_test()
        return AuthorizeResult(  # as Bolt's single-workspace authorization builds it
            enterprise_id=answer.get("enterprise_id"),
            team_id=answer.get("team_id"),
            bot_id=answer.get("bot_id"),
            bot_user_id=answer.get("user_id"),
            bot_token=client.token,
            user_id=user_id,
            bot_scopes=answer.headers.get("x-oauth-scopes"),
        )

    return authorize
