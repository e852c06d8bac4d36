"""Replies Slack could not take now, kept in the database and delivered later by the outbox.

A kept reply is an outbox row of kind `slack.reply` whose payload is a `Parcel`: the rendered messages still owed
and the ways back (response_url while it is valid, else chat.postEphemeral, else a direct message; or the channel
and thread of a public answer). It is due when Slack said to come back (Retry-After) or at once after a 5xx or an
outage; a failed attempt is retried with the outbox's backoff, and a failure no retry can fix fails the row.
When some parts got through before a failure, the rest moves to a row of its own, so no part is sent twice.

There is one `ReplyKeeper` per bot (`attach`, from `handlers.slack.resume.enable_durable_replies` where the
Slack adapter is built). Bolt hands each request a fresh copy of the bot's Web API client, so `deliver` finds the
keeper by what the copies share: the Web API base URL and the token (`keeper_for`).
"""

from __future__ import annotations

import uuid
import weakref
from datetime import timedelta

import structlog
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.outbox import Outbox, PermanentDeliveryError
from handlers.slack.paced import rate_limit_wait
from handlers.slack.sending import Parcel, SlackUnavailable, passing_failure, send

__all__ = ["REPLY_KIND", "ReplyKeeper", "attach", "keeper_for"]

log = structlog.get_logger(__name__)

REPLY_KIND = "slack.reply"


class ReplyKeeper:
    def __init__(self, outbox: Outbox, client: AsyncWebClient, *, file_above_chars: int) -> None:
        self.outbox = outbox
        self.client = client
        self.file_above_chars = file_above_chars

    async def keep(self, parcel: Parcel, retry_after: float, *, key: str | None = None, sent: int = 0) -> None:
        """Deliver what `parcel` still owes later: `retry_after` seconds from now (Slack's Retry-After)."""
        key = key or f"{REPLY_KIND}:{uuid.uuid4().hex}"
        await self.outbox.schedule(
            dedup_key=key if not sent else f"{key}/{sent}",
            due_at=utcnow() + timedelta(seconds=retry_after),
            kind=REPLY_KIND,
            payload={"key": key, "sent": sent, "parcel": parcel.to_dict()},
        )

    async def deliver_row(self, row: OutboxMessage) -> None:
        """The outbox's deliverer for kept replies."""
        parcel = Parcel.from_dict(row.payload["parcel"])
        owed = parcel.owed
        try:
            await send(self.client, parcel)
        except Exception as exc:
            retry_after = passing_failure(exc)
            if retry_after is None:
                code = exc.response.get("error") if isinstance(exc, SlackApiError) else None
                raise PermanentDeliveryError(str(code or type(exc).__name__)) from exc
            if parcel.owed < owed:  # some parts got through: the rest waits in a row of its own
                sent = int(row.payload.get("sent", 0)) + owed - parcel.owed
                await self.keep(parcel, retry_after, key=str(row.payload["key"]), sent=sent)
                log.warning("slack_reply_partly_sent", id=row.id, still_owed=parcel.owed)
                return
            paced = isinstance(exc, SlackApiError) and rate_limit_wait(exc) is not None  # only slowed down
            raise SlackUnavailable(type(exc).__name__, retry_after, paced=paced) from exc  # Slack's Retry-After
        log.info("slack_reply_delivered_late", id=row.id, attempts=row.attempts)


_KEEPERS: weakref.WeakValueDictionary[tuple[str, str | None], ReplyKeeper] = weakref.WeakValueDictionary()


def _identity(client: AsyncWebClient) -> tuple[str, str | None]:
    return client.base_url, client.token


def attach(keeper: ReplyKeeper) -> None:
    """Keep the replies that `keeper.client` (and Bolt's per-request copies of it) cannot deliver now. The keeper
    lives as long as its outbox holds its deliverer."""
    _KEEPERS[_identity(keeper.client)] = keeper


def keeper_for(client: AsyncWebClient) -> ReplyKeeper | None:
    return _KEEPERS.get(_identity(client))
