"""Start-up against Slack: a token Slack refuses stops start-up with one line; Slack unreachable is waited out.

`check_bot_token` calls `auth.test` with SLACK_BOT_TOKEN; `socket_mode_url` calls `apps.connections.open` with
SLACK_APP_TOKEN (retrying while Slack is unreachable or busy, until `stop`). A refusal (`invalid_auth`,
`token_revoked`, …) raises StartupError naming the setting; anything else is one warning line.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.errors import StartupError
from handlers.slack.identity import bot_auth_test

__all__ = ["REFUSED", "check_bot_token", "socket_mode_url"]

log = structlog.get_logger(__name__)

# Web API errors that mean "this token will never work": start-up stops instead of retrying.
REFUSED = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "not_allowed_token_type",
        "invalid_token_type",
        "missing_scope",
    }
)
_UNREACHABLE = (aiohttp.ClientError, OSError, TimeoutError)
_FIRST_WAIT, _LONGEST_WAIT = 1.0, 30.0


async def check_bot_token(client: AsyncWebClient) -> None:
    """`auth.test` with the bot token: refused → StartupError; Slack unreachable → a warning (the bot starts)."""
    try:
        await bot_auth_test(client)  # the same call Bolt's authorize waits for: asked once
    except SlackApiError as exc:
        error = _error(exc)
        if error in REFUSED:
            raise StartupError(
                f"Slack refused SLACK_BOT_TOKEN ({error}): copy the Bot User OAuth Token (xoxb-…) from the app's "
                "OAuth & Permissions page, or reinstall the app to the workspace."
            ) from exc
        log.warning("slack_auth_test_failed", error=error)
    except _UNREACHABLE as exc:
        log.warning("slack_unreachable", method="auth.test", reason=_reason(exc))


async def socket_mode_url(client: AsyncWebClient, app_token: str, stop: asyncio.Event) -> str | None:
    """A fresh Socket Mode websocket URL (`apps.connections.open`); None when `stop` is set first."""
    wait = _FIRST_WAIT
    while not stop.is_set():
        try:
            response = await client.apps_connections_open(app_token=app_token)
            return str(response["url"])
        except SlackApiError as exc:
            error = _error(exc)
            if error in REFUSED:
                raise StartupError(
                    f"Slack refused SLACK_APP_TOKEN ({error}): Socket Mode needs an app-level token (xapp-…) with "
                    "the connections:write scope, from the app's Basic Information → App-Level Tokens."
                ) from exc
            retry_after = exc.response.headers.get("Retry-After") if error == "ratelimited" else None
            wait = float(retry_after) if retry_after and retry_after.isdigit() else wait
            log.warning("slack_socket_mode_unavailable", error=error, retry_in_seconds=wait)
        except _UNREACHABLE as exc:
            log.warning("slack_unreachable", method="apps.connections.open", reason=_reason(exc), retry_in_seconds=wait)
        try:
            await asyncio.wait_for(stop.wait(), wait)
        except TimeoutError:
            wait = min(wait * 2, _LONGEST_WAIT)
    return None


def _error(exc: SlackApiError) -> str:
    response: Any = exc.response
    return str(response.get("error") if hasattr(response, "get") else "") or "unknown_error"


def _reason(exc: BaseException) -> str:
    return " ".join((str(exc) or type(exc).__name__).split())
