"""Deliver a Reply in Slack the way the request allows: a modal, an in-place update, response_url, or a post."""

from __future__ import annotations

from slack_bolt.async_app import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.messages import Reply
from handlers.slack.forms import modal_view
from handlers.slack.render import to_message

_NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived"}


async def answer(
    reply: Reply,
    *,
    client: AsyncWebClient,
    channel_id: str,
    user_id: str,
    thread_id: str | None = None,
    respond: AsyncRespond | None = None,
    trigger_id: str | None = None,
) -> None:
    if reply.form is not None and trigger_id:
        view = modal_view(reply.form, channel_id=channel_id, thread_id=thread_id)
        await client.views_open(trigger_id=trigger_id, view=view)
        return
    message = to_message(reply)
    if reply.update_message_id:
        await client.chat_update(channel=channel_id, ts=reply.update_message_id, **message)
        return
    if respond is not None:
        await respond(**message, response_type="ephemeral" if reply.ephemeral else "in_channel",
                      replace_original=False)
    elif reply.ephemeral:
        try:
            await client.chat_postEphemeral(channel=channel_id, user=user_id, thread_ts=thread_id, **message)
        except SlackApiError as exc:
            if exc.response.get("error") not in _NOT_THERE:
                raise
            await client.chat_postMessage(channel=user_id, **message)  # the bot is not in that channel: DM
    else:
        await client.chat_postMessage(channel=channel_id, thread_ts=thread_id, **message)
