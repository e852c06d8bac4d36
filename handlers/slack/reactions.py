"""Flag reactions translate a message: 🇺🇸/🇬🇧 → English, 🇯🇵 → Japanese, answered in the message's thread.

The listener only translates Slack into the core's vocabulary: which message (read with conversations.history,
or conversations.replies for a thread reply), who asked, and where to answer. The same flag on the same message
(a second person, or Slack redelivering the event) is translated once.
"""

from __future__ import annotations

from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.app import Core
from genai_bot.dedup import claim_event
from handlers.slack.answer import Origin, deliver
from handlers.slack.context import incoming, person_of, room
from handlers.slack.work import acked

log = structlog.get_logger(__name__)

REACTION_LANGS: dict[str, str] = {
    "flag-us": "en",
    "us": "en",
    "flag-gb": "en",
    "gb": "en",
    "uk": "en",
    "flag-jp": "ja",
    "jp": "ja",
}


def register_reaction_listeners(app: AsyncApp, core: Core) -> None:
    @app.event("reaction_added")
    async def reaction_added(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        lang = reaction_language(event)
        if lang is None or event.get("user") == _bot_user_id(body):
            return
        await acked(core, "reaction", _translate_reacted(core, body, event, client, lang))


def reaction_language(event: dict[str, Any]) -> str | None:
    """The target language of a flag reaction on a message, or None for any other reaction or item."""
    if (event.get("item") or {}).get("type") != "message":
        return None
    return REACTION_LANGS.get(str(event.get("reaction", "")).split("::")[0])


async def _translate_reacted(
    core: Core, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, lang: str
) -> None:
    channel, ts, user = event["item"]["channel"], event["item"]["ts"], event["user"]
    if not await claim_event(core.db, f"reaction:{channel}:{ts}:{lang}"):
        return
    message = await fetch_message(client, channel, ts)
    if message is None:
        return
    person = await person_of(core, body, user)
    thread = str(message.get("thread_ts") or ts)
    extra = {"message_text": incoming(message.get("text")), "message_id": ts}
    reply = await core.handle(f"translate {lang}", person, room(channel, thread), "action", extra=extra)
    await deliver(reply, Origin(client, user, channel, thread, shared=True))  # errors: to the reactor only


async def fetch_message(client: AsyncWebClient, channel: str, ts: str) -> dict[str, Any] | None:
    """The message at `ts`: top level from conversations.history, a thread reply from conversations.replies."""
    try:
        page = await client.conversations_history(channel=channel, latest=ts, inclusive=True, limit=1)
        found = _with_ts(page.get("messages"), ts)
        if found is None:
            page = await client.conversations_replies(
                channel=channel, ts=ts, oldest=ts, latest=ts, inclusive=True, limit=2
            )
            found = _with_ts(page.get("messages"), ts)
    except SlackApiError as exc:
        log.warning("reaction.message_unreadable", channel=channel, error=exc.response.get("error"))
        return None
    if found is None:
        log.warning("reaction.message_not_found", channel=channel)
    return found


def _with_ts(messages: Any, ts: str) -> dict[str, Any] | None:
    for message in messages or []:
        if isinstance(message, dict) and message.get("ts") == ts:
            return message
    return None


def _bot_user_id(body: dict[str, Any]) -> str | None:
    authorizations = body.get("authorizations") or [{}]
    return authorizations[0].get("user_id") if isinstance(authorizations[0], dict) else None
