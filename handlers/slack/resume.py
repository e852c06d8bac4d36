"""The Slack adapter's durable side, registered where the adapter is built (`enable_durable_replies`):

- `slack.reply` rows: replies Slack could not take when they were ready (`handlers.slack.kept`);
- `resume:slack` rows: requests a shutdown cut off (`genai_bot.interrupted`). The next start runs the command
  again and delivers its reply by the same policy as any other (`deliver`), so a reply Slack cannot take then is
  kept in turn; the row is claimed by one instance only.
"""

from __future__ import annotations

import structlog
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.app import Core
from genai_bot.db.models import OutboxMessage
from genai_bot.interrupted import request_from_dict, resume_kind, resuming
from genai_bot.outbox import Deliver, PermanentDeliveryError
from handlers.slack.answer import Origin, deliver
from handlers.slack.context import PLATFORM
from handlers.slack.kept import REPLY_KIND, ReplyKeeper, attach

__all__ = ["enable_durable_replies"]

log = structlog.get_logger(__name__)


def enable_durable_replies(core: Core, client: AsyncWebClient) -> None:
    """Replies Slack cannot take now are kept and delivered later; work a shutdown cut off resumes here."""
    outbox = core.services.outbox
    if outbox is None:
        return
    keeper = ReplyKeeper(outbox, client, file_above_chars=core.settings.slack_file_above_chars)
    attach(keeper)
    outbox.register(REPLY_KIND, keeper.deliver_row)
    outbox.register(resume_kind(PLATFORM), _resumer(core, client))


def _resumer(core: Core, client: AsyncWebClient) -> Deliver:
    async def resume(row: OutboxMessage) -> None:
        request = request_from_dict(row.payload)
        who = request.person
        person = await core.person(who.platform, who.team_id, who.user_id)
        with resuming():
            reply = await core.handle(request.text, person, request.room, request.source, extra=request.extra)
        where = request.room
        origin = Origin(
            client,
            person.user_id,
            where.channel_id,
            where.thread_id,
            direct=where.is_direct,
            private_only=request.source == "shortcut",
        )
        try:
            await deliver(reply, origin)
        except Exception as exc:  # the command ran: never run it a second time for a reply Slack refused
            log.error("slack_resumed_reply_refused", id=row.id, error=type(exc).__name__)
            raise PermanentDeliveryError(type(exc).__name__) from exc
        log.info("slack_request_resumed", id=row.id, source=request.source)

    return resume
