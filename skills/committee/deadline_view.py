"""The posted poll at its deadline: a durable outbox row (kind `committee.poll_deadline`, key `poll:<id>:view`,
cancelled with the poll's reminders when it closes) due at the deadline re-renders the poll message, so it says
that answering has ended and loses its buttons without waiting for someone to click. Answers are refused from the
deadline on whatever the message shows (polls.py); this only keeps the message honest. A poll already closed,
confirmed, cancelled or withdrawn by then is left alone.
"""

from __future__ import annotations

import structlog

from genai_bot.channel_lang import channel_language
from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.db.models import OutboxMessage
from genai_bot.messages import Room
from genai_bot.notify import raise_for_delivery
from genai_bot.services import Services
from skills.committee.poll_view import poll_message
from skills.committee.store import PollState, poll_state

__all__ = ["DEADLINE_VIEW", "schedule_deadline_view", "show_deadline_passed"]

DEADLINE_VIEW = "committee.poll_deadline"

log = structlog.get_logger(__name__)


async def schedule_deadline_view(ctx: CommandContext, state: PollState) -> bool:
    """Re-render the posted poll when its deadline comes (nothing to do without a posted message or deadline)."""
    outbox, deadline = ctx.services.outbox, state.poll.deadline
    if outbox is None or deadline is None or not state.poll.message_id or deadline <= ctx.services.clock.now():
        return False
    return await outbox.schedule(
        dedup_key=f"poll:{state.poll.id}:view", due_at=deadline, kind=DEADLINE_VIEW, payload={"poll": state.poll.id}
    )


async def show_deadline_passed(message: OutboxMessage, services: Services) -> None:
    """Deliver a `committee.poll_deadline` row: update the poll message if the poll is still open."""
    async with services.db.session() as s:
        state = await poll_state(s, int(message.payload["poll"]))
    if (
        state is None
        or state.poll.status != "open"
        or state.meeting.status != "polling"
        or not state.poll.message_id
        or not state.poll.channel_id
    ):
        return
    port = services.chat_ports.get(state.committee.platform)
    if port is None:
        raise RuntimeError(f"no {state.committee.platform} adapter is running on this instance")
    room = Room(platform=state.committee.platform, channel_id=state.poll.channel_id)
    lang = await channel_language(services, room.platform, room.channel_id)
    try:
        await port.update(room, state.poll.message_id, poll_message(state, lang, services.clock.now()))
    except ChatError as exc:
        log.warning("committee.poll_update_failed", poll=state.poll.id, code=exc.code)
        raise_for_delivery(exc)
        raise
