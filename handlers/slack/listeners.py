"""Bolt listeners: ack, then hand the rest to the core's task registry (so shutdown waits for it).

Each listener only translates: who and where, the command text, and how to answer. The work itself is
`core.handle` (the command registry); rendering is `handlers.slack.render`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.app import Core
from genai_bot.commands import Source
from genai_bot.i18n import Lang, t
from genai_bot.messages import Actions, Button, Reply, Text
from handlers.slack.answer import answer
from handlers.slack.context import incoming, person_of, room, strip_mention
from handlers.slack.forms import CALLBACK_ID as FORM_CALLBACK_ID
from handlers.slack.forms import metadata, submitted_values
from handlers.slack.render import action_verb, home_view, to_message

FORM_ACK_BUDGET_SECONDS = 2.0  # Slack wants the view_submission answer within 3 s
_ACTION_PATTERN = re.compile(r"^genai:[a-z_]+(#\d+)?$")
_SHORTCUT_PATTERN = re.compile(r"^genai_[a-z_]+$")
SHORTCUT_VERBS = {"genai_summarize": "summarize", "genai_translate": "translate"}


def register_listeners(app: AsyncApp, core: Core) -> None:
    def tracked(work: Coroutine[Any, Any, None], name: str) -> Any:
        return core.services.tasks.run(work, name=name)

    @app.command("/genai")
    async def slash_command(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond,
                            client: AsyncWebClient) -> None:
        await ack()
        await tracked(_slash(core, body, respond, client), "slash_command")

    @app.event("app_mention")
    async def mention(event: dict[str, Any], body: dict[str, Any], say: AsyncSay, client: AsyncWebClient) -> None:
        await tracked(_converse(core, body, event, say, client, source="mention"), "mention")

    @app.event("message")
    async def direct_message(event: dict[str, Any], body: dict[str, Any], say: AsyncSay,
                             client: AsyncWebClient) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        await tracked(_converse(core, body, event, say, client, source="dm"), "dm")

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            await tracked(_publish_home(core, body, event["user"], client), "app_home")

    @app.shortcut({"type": "message_action", "callback_id": _SHORTCUT_PATTERN})
    async def message_shortcut(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await tracked(_shortcut(core, body, respond), "shortcut")

    @app.view(FORM_CALLBACK_ID)
    async def form_submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await tracked(_submit(core, ack, body, client), "form")

    @app.action({"action_id": _ACTION_PATTERN})
    async def button(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
                     respond: AsyncRespond) -> None:
        await ack()
        await tracked(_button(core, body, action, client, respond), "action")


async def _slash(core: Core, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
    person = await person_of(core, body, body["user_id"])
    reply = await core.handle(incoming(body.get("text")), person, room(body["channel_id"]),
                              extra={"trigger_id": body.get("trigger_id", "")})
    await answer(reply, client=client, channel_id=body["channel_id"], user_id=body["user_id"], respond=respond,
                 trigger_id=body.get("trigger_id"))


async def _converse(core: Core, body: dict[str, Any], event: dict[str, Any], say: AsyncSay,
                    client: AsyncWebClient, *, source: Source) -> None:
    """Mentions and DMs: a leading verb runs that command; anything else goes to the chat assistant."""
    person = await person_of(core, body, event["user"])
    thread = event.get("thread_ts") or event["ts"]
    where = room(event["channel"], thread, is_direct=source == "dm")
    text = strip_mention(event.get("text", ""))
    reply = await core.handle(core.registry.conversation_command(text), person, where, source)
    if reply.already_sent:  # a streamed chat answer is already in the thread
        return
    if source == "mention" and (reply.is_error or reply.ephemeral):  # for the asker only, not the channel
        await client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=thread,
                                        **to_message(reply))
        return
    await say(**to_message(reply), thread_ts=thread)


async def _publish_home(core: Core, body: dict[str, Any], user_id: str, client: AsyncWebClient) -> None:
    person = await person_of(core, body, user_id)
    view = home_view(t(person.lang, "home.title"), _home_reply(core, person.lang))
    await client.views_publish(user_id=user_id, view=view)


async def _shortcut(core: Core, body: dict[str, Any], respond: AsyncRespond) -> None:
    person = await person_of(core, body, body["user"]["id"])
    verb = SHORTCUT_VERBS.get(body.get("callback_id", ""))
    if verb is None:
        await respond(text=t(person.lang, "shortcut.unknown"), response_type="ephemeral")
        return
    message = body.get("message", {})
    where = room(body["channel"]["id"], message.get("thread_ts") or message.get("ts"))
    extra = {"message_id": str(message.get("ts", "")), "message_text": incoming(message.get("text"))}
    reply = await core.handle(verb, person, where, "shortcut", extra=extra)
    await respond(**to_message(reply), response_type="ephemeral")


async def _button(core: Core, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient,
                  respond: AsyncRespond) -> None:
    user_id = body["user"]["id"]
    person = await person_of(core, body, user_id)
    verb = action_verb(action["action_id"])
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")
    where = room(channel or user_id, message.get("thread_ts"))
    extra = {"message_id": str(message.get("ts", "")), "trigger_id": str(body.get("trigger_id", ""))}
    reply = await core.handle(f"{verb} {action.get('value') or ''}".strip(), person, where, "action", extra=extra)
    if channel is None and reply.form is None:  # App Home has no channel or response_url: answer in the DM
        await client.chat_postMessage(channel=user_id, **to_message(reply))
        return
    await answer(reply, client=client, channel_id=where.channel_id, user_id=user_id, thread_id=where.thread_id,
                 respond=respond if body.get("response_url") else None, trigger_id=body.get("trigger_id"))


async def _submit(core: Core, ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
    """A modal was submitted: run its command with the values. If it answers within Slack's ack budget, field
    errors go back into the modal; if it is slower, the modal closes at once and the answer follows."""
    view = body["view"]
    user_id = body["user"]["id"]
    meta = metadata(view)
    person = await person_of(core, body, user_id)
    where = room(meta.get("channel_id") or user_id, meta.get("thread_id"))
    work = asyncio.ensure_future(
        core.handle(str(meta.get("command", "")), person, where, "action", extra=submitted_values(view)))
    done, _ = await asyncio.wait({work}, timeout=FORM_ACK_BUDGET_SECONDS)
    if work in done and work.result().field_errors:
        await ack(response_action="errors", errors=work.result().field_errors)
        return
    await ack()
    reply = await work
    await answer(reply, client=client, channel_id=where.channel_id, user_id=user_id, thread_id=where.thread_id)


def _home_reply(core: Core, lang: Lang) -> Reply:
    overview = core.registry.overview(lang)
    overview.blocks.insert(0, Text(t(lang, "home.intro")))
    overview.blocks.append(Actions((Button("/genai help", "genai:help"), Button("/genai status", "genai:status"))))
    return overview
