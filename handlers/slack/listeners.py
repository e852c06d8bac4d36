"""Bolt listeners: ack, translate, delegate to the command registry, render. Each stays a few lines.

Slow work continues after the ack inside the core's task registry, so shutdown waits for it.
"""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.app import Core
from genai_bot.commands import Source
from genai_bot.i18n import Lang, t
from genai_bot.messages import Actions, Button, Reply, Text
from handlers.slack.context import person_of, room, strip_mention
from handlers.slack.render import home_view, to_message

_ACTION_PATTERN = re.compile(r"^genai:[a-z_]+$")
SHORTCUT_VERBS = {"genai_summarize": "summarize", "genai_translate": "translate"}


def register_listeners(app: AsyncApp, core: Core) -> None:
    @app.command("/genai")
    async def slash_command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        person = await person_of(core, body, body["user_id"])
        where = room(body["channel_id"])
        reply = await core.services.tasks.run(core.handle(body.get("text", ""), person, where), name="slash")
        await respond(**to_message(reply), response_type="ephemeral" if reply.ephemeral else "in_channel")

    @app.event("app_mention")
    async def mention(event: dict[str, Any], body: dict[str, Any], say: AsyncSay) -> None:
        await _converse(core, body, event, say, source="mention")

    @app.event("message")
    async def direct_message(event: dict[str, Any], body: dict[str, Any], say: AsyncSay) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await _converse(core, body, event, say, source="dm")

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        person = await person_of(core, body, event["user"])
        view = home_view(t(person.lang, "home.title"), _home_reply(core, person.lang))
        await client.views_publish(user_id=event["user"], view=view)

    @app.shortcut({"type": "message_action"})
    async def message_shortcut(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        person = await person_of(core, body, body["user"]["id"])
        verb = SHORTCUT_VERBS.get(body.get("callback_id", ""))
        if verb is None:
            await respond(text=t(person.lang, "shortcut.unknown"), response_type="ephemeral")
            return
        message = body.get("message", {})
        where = room(body["channel"]["id"], message.get("thread_ts") or message.get("ts"))
        text = f"{verb} {message.get('text', '')}"
        reply = await core.services.tasks.run(core.handle(text, person, where, "shortcut"), name="shortcut")
        await respond(**to_message(reply), response_type="ephemeral")

    @app.action({"action_id": _ACTION_PATTERN})
    async def button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
                     respond: AsyncRespond) -> None:
        await ack()
        person = await person_of(core, body, body["user"]["id"])
        verb = action["action_id"].split(":", 1)[1]
        channel = (body.get("channel") or {}).get("id") or body["user"]["id"]
        text = f"{verb} {action.get('value') or ''}".strip()
        reply = await core.services.tasks.run(core.handle(text, person, room(channel), "action"), name="action")
        if body.get("response_url"):
            await respond(**to_message(reply), response_type="ephemeral", replace_original=False)
        else:  # App Home has no response_url: answer in the app's DM
            await client.chat_postMessage(channel=body["user"]["id"], **to_message(reply))


async def _converse(core: Core, body: dict[str, Any], event: dict[str, Any], say: AsyncSay, *, source: Source) -> None:
    """Mentions and DMs: a leading verb runs that command; anything else goes to the chat assistant."""
    person = await person_of(core, body, event["user"])
    thread = event.get("thread_ts") or event["ts"]
    where = room(event["channel"], thread, is_direct=source == "dm")
    text = strip_mention(event.get("text", ""))
    verb = core.registry.resolve(text.split()[0]) if text.split() else None
    command = text if verb is not None else f"chat {text}"
    reply = await core.services.tasks.run(core.handle(command, person, where, source), name=source)
    await say(**to_message(reply), thread_ts=thread)


def _home_reply(core: Core, lang: Lang) -> Reply:
    overview = core.registry.overview(lang)
    overview.blocks.insert(0, Text(t(lang, "home.intro")))
    overview.blocks.append(
        Actions((Button("/genai help", "genai:help"), Button("/genai status", "genai:status")))
    )
    return overview
