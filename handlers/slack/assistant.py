"""Slack's AI-assistant surfaces (Bolt's AsyncAssistant): suggested prompts, a "thinking" status, chat replies.

A new assistant thread gets a greeting and suggested prompts in the user's language; each user message in it
shows "thinking…" and runs the chat verb (or the command it starts with), whose answer streams into the thread.
"""

from __future__ import annotations

from typing import Any

import structlog
from slack_bolt.async_app import AsyncApp, AsyncAssistant, AsyncSay, AsyncSetStatus, AsyncSetSuggestedPrompts
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.app import Core
from genai_bot.i18n import Lang, t
from handlers.slack.answer import Origin, deliver
from handlers.slack.context import person_of, room, strip_mention
from handlers.slack.work import acked

log = structlog.get_logger(__name__)
PROMPTS: tuple[str, ...] = ("summarize", "translate", "notice", "proofread")


def suggested_prompts(lang: Lang) -> list[dict[str, str]]:
    return [
        {"title": t(lang, f"assist.prompt.{name}.title"), "message": t(lang, f"assist.prompt.{name}.message")}
        for name in PROMPTS
    ]


def register_assistant(app: AsyncApp, core: Core) -> None:
    assistant = AsyncAssistant()

    @assistant.thread_started
    async def thread_started(
        body: dict[str, Any], event: dict[str, Any], say: AsyncSay, set_suggested_prompts: AsyncSetSuggestedPrompts
    ) -> None:
        await acked(core, "assistant_thread_started", _welcome(core, body, event, say, set_suggested_prompts))

    @assistant.thread_context_changed
    async def context_changed() -> None:
        """The channel the user is looking at changed; answers do not depend on it, so nothing to keep."""

    @assistant.user_message
    async def user_message(
        body: dict[str, Any], event: dict[str, Any], set_status: AsyncSetStatus, client: AsyncWebClient
    ) -> None:
        await acked(core, "assistant_message", _answer(core, body, event, set_status, client))

    app.assistant(assistant)


async def _welcome(
    core: Core,
    body: dict[str, Any],
    event: dict[str, Any],
    say: AsyncSay,
    set_suggested_prompts: AsyncSetSuggestedPrompts,
) -> None:
    person = await person_of(core, body, event["assistant_thread"]["user_id"])
    await say(t(person.lang, "assist.greeting"))
    await set_suggested_prompts(prompts=suggested_prompts(person.lang), title=t(person.lang, "assist.prompts.title"))


async def _answer(
    core: Core, body: dict[str, Any], event: dict[str, Any], set_status: AsyncSetStatus, client: AsyncWebClient
) -> None:
    person = await person_of(core, body, event["user"])
    try:
        await set_status(t(person.lang, "assist.thinking"))
    except SlackApiError as exc:  # a plain DM thread, not an assistant thread: answer without the status
        log.info("slack.assistant_status_skipped", error=exc.response.get("error"))
    where = room(event["channel"], event["thread_ts"], is_direct=True)
    reply = await core.handle(core.registry.route(strip_mention(event.get("text", ""))), person, where, "dm")
    # posting the answer also clears the status
    await deliver(reply, Origin(client, event["user"], where.channel_id, where.thread_id, direct=True))
