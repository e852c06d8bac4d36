"""The one reply policy for Slack: `deliver` decides, for every listener, how a Reply reaches the person.

Listeners only describe where the request came from and which ways back it offers (an `Origin`); the rules
live here, in this order:

1. a reply the skill already showed (a streamed answer) is not posted again;
2. a form opens as a modal when the request carries a trigger id;
3. App Home has no channel: the answer goes to the person's direct message;
4. a reply that replaces an earlier message (a poll tally) updates it in place;
5. in a DM or assistant thread everything is for the asker: it is posted in the thread;
6. private answers (ephemeral, errors, and everything a message shortcut answers; a flag reaction's translation
   is shared with the thread unless it is an error) are seen by the asker only:
   through response_url where Slack gave one, else `chat.postEphemeral`, falling back to a direct message
   when the bot is not in that channel;
7. anything else is posted publicly: through response_url (`in_channel`) or in the channel / thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.messages import Reply
from handlers.slack.forms import modal_view
from handlers.slack.render import to_message

__all__ = ["Origin", "deliver"]

_NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived"}


@dataclass(frozen=True)
class Origin:
    """Where a request came from and the ways back it offers."""

    client: AsyncWebClient
    user_id: str
    channel_id: str | None
    """None for App Home, which has no channel and no response_url."""
    thread_id: str | None = None
    respond: AsyncRespond | None = None
    """The request's response_url (slash commands, shortcuts, buttons on a message)."""
    trigger_id: str | None = None
    """Lets a form open as a modal."""
    direct: bool = False
    """A DM or assistant thread: only the asker sees it anyway."""
    private_only: bool = False
    """Every answer is for the asker only (a message shortcut)."""
    shared: bool = False
    """Every answer but an error is for everyone in the thread (a flag reaction's translation)."""

    def is_private(self, reply: Reply) -> bool:
        return reply.is_error or self.private_only or (reply.ephemeral and not self.shared)


async def deliver(reply: Reply, origin: Origin) -> None:
    if reply.already_sent:
        return
    client, channel = origin.client, origin.channel_id
    if reply.form is not None and origin.trigger_id:
        view = modal_view(reply.form, channel_id=channel or origin.user_id, thread_id=origin.thread_id)
        await client.views_open(trigger_id=origin.trigger_id, view=view)
        return
    message = to_message(reply)
    if channel is None:
        await client.chat_postMessage(channel=origin.user_id, **message)
    elif reply.update_message_id:
        await client.chat_update(channel=channel, ts=reply.update_message_id, **message)
    elif origin.direct:
        await client.chat_postMessage(channel=channel, thread_ts=origin.thread_id, **message)
    elif origin.respond is not None:
        private = origin.is_private(reply)
        await origin.respond(**message, response_type="ephemeral" if private else "in_channel", replace_original=False)
    elif origin.is_private(reply):
        await _post_privately(client, channel, origin, message)
    else:
        await client.chat_postMessage(channel=channel, thread_ts=origin.thread_id, **message)


async def _post_privately(client: AsyncWebClient, channel: str, origin: Origin, message: dict[str, Any]) -> None:
    try:
        await client.chat_postEphemeral(channel=channel, user=origin.user_id, thread_ts=origin.thread_id, **message)
    except SlackApiError as exc:
        if exc.response.get("error") not in _NOT_THERE:
            raise
        await client.chat_postMessage(channel=origin.user_id, **message)  # the bot is not in that channel: DM
