"""Bolt listeners: each acks and hands its work to the core's task registry (`acked`, so shutdown waits for it).

Each listener only translates: who and where, the command text, and where it came from (an `Origin`). The work
itself is `core.handle` (the command registry); how the answer reaches the person is `deliver`, the one reply
policy; rendering is `handlers.slack.render`.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.app import Core
from genai_bot.commands import Source
from genai_bot.i18n import Lang, t
from genai_bot.messages import Actions, Button, Reply, Text
from handlers.slack.answer import Origin, deliver
from handlers.slack.context import incoming, person_of, room, strip_mention
from handlers.slack.forms import CALLBACK_ID as FORM_CALLBACK_ID
from handlers.slack.forms import metadata, submitted_values
from handlers.slack.render import action_verb, home_view
from handlers.slack.work import acked

FORM_ACK_BUDGET_SECONDS = 2.0  # Slack wants the view_submission answer within 3 s
_ACTION_PATTERN = re.compile(r"^genai:[a-z_]+(#\d+)?$")
_SHORTCUT_PATTERN = re.compile(r"^genai_[a-z_]+$")
SHORTCUT_VERBS = {"genai_summarize": "summarize", "genai_translate": "translate"}


def register_listeners(app: AsyncApp, core: Core) -> None:
    @app.command("/genai")
    async def slash_command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        await acked(core, "slash_command", _slash(core, body, respond, client), ack)

    @app.event("app_mention")
    async def mention(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        await acked(core, "mention", _converse(core, body, event, client, source="mention"))

    @app.event("message")
    async def direct_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id"):
            await acked(core, "dm", _converse(core, body, event, client, source="dm"))

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            await acked(core, "app_home", _publish_home(core, body, event["user"], client))

    @app.shortcut({"type": "message_action", "callback_id": _SHORTCUT_PATTERN})
    async def message_shortcut(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await acked(core, "shortcut", _shortcut(core, body, respond, client), ack)

    @app.view(FORM_CALLBACK_ID)
    async def form_submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await acked(core, "form", _submit(core, ack, body, client))  # acks inside: field errors go in the ack

    @app.action({"action_id": _ACTION_PATTERN})
    async def button(
        ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await acked(core, "action", _button(core, body, action, client, respond), ack)


async def _slash(core: Core, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
    person = await person_of(core, body, body["user_id"])
    reply = await core.handle(
        incoming(body.get("text")), person, room(body["channel_id"]), extra={"trigger_id": body.get("trigger_id", "")}
    )
    await deliver(
        reply, Origin(client, body["user_id"], body["channel_id"], respond=respond, trigger_id=body.get("trigger_id"))
    )


async def _converse(
    core: Core, body: dict[str, Any], event: dict[str, Any], client: AsyncWebClient, *, source: Source
) -> None:
    """Mentions and DMs: `route` decides whether the line is a command or chat (the same rule as the console)."""
    person = await person_of(core, body, event["user"])
    thread = event.get("thread_ts") or event["ts"]
    where = room(event["channel"], thread, is_direct=source == "dm")
    reply = await core.handle(core.registry.route(strip_mention(event.get("text", ""))), person, where, source)
    await deliver(reply, Origin(client, event["user"], event["channel"], thread, direct=source == "dm"))


async def _publish_home(core: Core, body: dict[str, Any], user_id: str, client: AsyncWebClient) -> None:
    person = await person_of(core, body, user_id)
    view = home_view(t(person.lang, "home.title"), _home_reply(core, person.lang))
    await client.views_publish(user_id=user_id, view=view)


async def _shortcut(core: Core, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
    person = await person_of(core, body, body["user"]["id"])
    message = body.get("message", {})
    where = room(body["channel"]["id"], message.get("thread_ts") or message.get("ts"))
    origin = Origin(client, person.user_id, where.channel_id, where.thread_id, respond=respond, private_only=True)
    verb = SHORTCUT_VERBS.get(body.get("callback_id", ""))
    if verb is None:
        await deliver(Reply.text(t(person.lang, "shortcut.unknown")), origin)
        return
    extra = {"message_id": str(message.get("ts", "")), "message_text": incoming(message.get("text"))}
    await deliver(await core.handle(verb, person, where, "shortcut", extra=extra), origin)


async def _button(
    core: Core, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
) -> None:
    user_id = body["user"]["id"]
    person = await person_of(core, body, user_id)
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")  # None in App Home
    where = room(channel or user_id, message.get("thread_ts"))
    extra = {"message_id": str(message.get("ts", "")), "trigger_id": str(body.get("trigger_id", ""))}
    command = f"{action_verb(action['action_id'])} {action.get('value') or ''}".strip()
    reply = await core.handle(command, person, where, "action", extra=extra)
    await deliver(
        reply,
        Origin(
            client,
            user_id,
            channel,
            where.thread_id,
            trigger_id=body.get("trigger_id"),
            respond=respond if body.get("response_url") else None,
        ),
    )


async def _submit(core: Core, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    """A modal was submitted: run its command with the values. If it answers within Slack's ack budget, field
    errors go back into the modal; if it is slower, the modal closes at once and the answer follows."""
    view = body["view"]
    user_id = body["user"]["id"]
    meta = metadata(view)
    person = await person_of(core, body, user_id)
    where = room(meta.get("channel_id") or user_id, meta.get("thread_id"))
    work = asyncio.ensure_future(
        core.handle(str(meta.get("command", "")), person, where, "action", extra=submitted_values(view))
    )
    done, _ = await asyncio.wait({work}, timeout=FORM_ACK_BUDGET_SECONDS)
    if work in done and work.result().field_errors:
        await ack(response_action="errors", errors=work.result().field_errors)
        return
    await ack()
    await deliver(await work, Origin(client, user_id, where.channel_id, where.thread_id))


def _home_reply(core: Core, lang: Lang) -> Reply:
    overview = core.registry.overview(lang)
    overview.blocks.insert(0, Text(t(lang, "home.intro")))
    overview.blocks.append(Actions((Button("/genai help", "genai:help"), Button("/genai status", "genai:status"))))
    return overview
