"""The one reply policy for Slack: `deliver` decides, for every listener, how a Reply reaches the person.

Listeners only describe where the request came from and which ways back it offers (an `Origin`); the rules
live here, in this order:

1. a reply the skill already showed (a streamed answer) is not posted again (an AI answer's 👍/👎 buttons, under
   every other answer, then follow it on their own);
2. a form opens as a modal when the request carries a trigger id;
3. App Home has no channel: the answer goes to the person's direct message;
4. a reply that replaces an earlier message (a poll tally) updates it in place;
5. in a DM or assistant thread everything is for the asker: it is posted in the thread;
6. private answers (ephemeral, errors, and everything a message shortcut answers; a flag reaction's translation
   is shared with the thread unless it is an error) are seen by the asker only:
   through response_url where Slack gave one, else `chat.postEphemeral`, falling back to a direct message
   when the bot is not in that channel;
7. anything else is posted publicly: through response_url (`in_channel`) or in the channel / thread.

Every reply fits Slack's limits (`render.to_messages`): a long one continues in more messages, in order, in the
thread of the first; a public one longer than GENAI_SLACK_FILE_ABOVE_CHARS is uploaded as a file instead. When
Slack cannot take it now (429 after slack_sdk's own retries, 5xx, a timeout, Slack unreachable), what is still
owed is kept in the database and the outbox delivers it later (`handlers.slack.kept`), honouring Retry-After.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import structlog
from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot import refs
from genai_bot.messages import Actions, Reply
from handlers.slack.forms import modal_view
from handlers.slack.kept import keeper_for
from handlers.slack.mrkdwn import to_mrkdwn, to_plain
from handlers.slack.render import to_messages, truncate
from handlers.slack.sending import RESPONSE_URL_LIFETIME_SECONDS, Parcel, passing_failure, send

__all__ = ["DEFAULT_FILE_ABOVE_CHARS", "MAX_MESSAGES", "Origin", "deliver", "parcel_for"]

log = structlog.get_logger(__name__)

DEFAULT_FILE_ABOVE_CHARS = 100_000
"""A public reply longer than this (characters of text) is uploaded as a file (GENAI_SLACK_FILE_ABOVE_CHARS)."""
MAX_MESSAGES = 10
"""At most this many messages per reply; a private reply longer than that ends with "…"."""
_FILE_COMMENT_CHARS = 500


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
    reply = _with_feedback(reply)
    if reply.already_sent:
        return
    client = origin.client
    if reply.form is not None and origin.trigger_id:
        view = modal_view(reply.form, channel_id=origin.channel_id or origin.user_id, thread_id=origin.thread_id)
        await client.views_open(trigger_id=origin.trigger_id, view=view)
        return
    keeper = keeper_for(client)
    parcel = parcel_for(reply, origin, file_above_chars=keeper.file_above_chars if keeper else None)
    try:
        await send(client, parcel)
    except Exception as exc:
        retry_after = passing_failure(exc)
        if keeper is None or retry_after is None:
            raise
        log.warning("slack_reply_deferred", error=type(exc).__name__, retry_after=retry_after, owed=parcel.owed)
        await keeper.keep(parcel, retry_after)


def _with_feedback(reply: Reply) -> Reply:
    """An AI answer's 👍/👎 buttons go under it; after a streamed answer (already shown) they follow on their own,
    for the asker."""
    offer = reply.feedback
    if offer is None:
        return reply
    if reply.already_sent:
        return Reply(blocks=[offer.buttons], ephemeral=True)
    return replace(reply, blocks=[*reply.blocks, offer.buttons], feedback=None)


def parcel_for(reply: Reply, origin: Origin, *, file_above_chars: int | None = None) -> Parcel:
    """The reply rendered within Slack's limits, with the ways back `origin` offers."""
    private = origin.channel_id is not None and not origin.direct and origin.is_private(reply)
    url = origin.respond.response_url if origin.respond is not None else None
    parcel = Parcel(
        user=origin.user_id,
        channel=origin.channel_id,
        thread=origin.thread_id,
        private=private,
        direct=origin.direct,
        update_ts=reply.update_message_id if origin.channel_id else None,
        response_url=url,
        response_url_expires=time.time() + RESPONSE_URL_LIFETIME_SECONDS if url else 0.0,
    )
    text = to_mrkdwn(reply.plain_text)
    limit = DEFAULT_FILE_ABOVE_CHARS if file_above_chars is None else file_above_chars
    if len(text) > limit and not private and origin.channel_id is not None and not reply.update_message_id:
        words = Reply(blocks=[b for b in reply.blocks if not isinstance(b, Actions)]).plain_text
        readable = refs.readable(words)
        parcel.file = {
            "filename": "answer.md",
            "title": to_plain((readable.strip().splitlines() or ["answer"])[0][:80]),
            "content": readable,
            "comment": truncate(text, _FILE_COMMENT_CHARS).rstrip() + "…",
        }
        buttons = [b for b in reply.blocks if isinstance(b, Actions)]
        if buttons:  # the file cannot carry them: they follow it in the thread
            parcel.messages = to_messages(Reply(blocks=list(buttons), ephemeral=False))
    else:
        parcel.messages = to_messages(reply, max_messages=MAX_MESSAGES)
    return parcel
