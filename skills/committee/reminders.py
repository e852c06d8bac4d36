"""Durable reminders through the outbox (they survive restarts and are sent once by whichever instance is up).

Keys: `poll:<id>:remind:<member>:` (a member who has not answered, on the deadline morning),
`poll:<id>:deadline:<member>` (the secretariat, when the deadline comes), `meeting:<id>:t-7d|t-1d|t-1h`
(materials a week before, the day before, an hour before). Reminders already in the past are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from genai_bot.commands import CommandContext
from genai_bot.db.committee_models import Committee, Meeting
from genai_bot.i18n import t
from genai_bot.messages import Reply, Room
from genai_bot.notify import schedule_post
from skills.committee.dates import format_span, format_when
from skills.committee.settings import committee_settings
from skills.committee.store import PollState, utc
from skills.committee.tally import non_voters

MEETING_REMINDERS: tuple[tuple[str, timedelta, str], ...] = (
    ("t-7d", timedelta(days=7), "committee.reminder.materials"),
    ("t-1d", timedelta(days=1), "committee.reminder.day_before"),
    ("t-1h", timedelta(hours=1), "committee.reminder.hour_before"),
)


@dataclass(frozen=True)
class ScheduledReminder:
    kind: str
    due: datetime


async def schedule_poll_reminders(ctx: CommandContext, state: PollState) -> int:
    """DM each member who has not answered on the deadline morning; tell the secretariat at the deadline."""
    outbox, chat, deadline = ctx.services.outbox, ctx.chat, state.poll.deadline
    if outbox is None or chat is None or deadline is None:
        return 0
    lang, zone = ctx.services.settings.language, ZoneInfo(state.committee.timezone)
    deadline = utc(deadline)
    morning = datetime.combine(deadline.astimezone(zone).date(), committee_settings(ctx.services).hours[0], zone)
    now, poll_id, count = ctx.services.clock.now(), state.poll.id, 0  # due times are stored in UTC
    args = {"title": state.meeting.title, "poll": poll_id,
            "deadline": format_when(deadline, lang, state.committee.timezone)}
    if now < morning < deadline:
        for member in non_voters(state):
            if member.user_id:
                reply = Reply.text(t(lang, "committee.reminder.vote", **args), ephemeral=False)
                count += await schedule_post(outbox, dedup_key=f"poll:{poll_id}:remind:{member.id}:",
                                             due_at=utc(morning), room=await chat.direct_room(member.user_id),
                                             reply=reply)
    if now < deadline:
        for member in state.members:
            if member.role == "secretariat" and member.user_id:
                reply = Reply.text(t(lang, "committee.reminder.deadline", **args), ephemeral=False)
                count += await schedule_post(outbox, dedup_key=f"poll:{poll_id}:deadline:{member.id}",
                                             due_at=deadline, room=await chat.direct_room(member.user_id),
                                             reply=reply)
    return count


async def cancel_poll_reminders(ctx: CommandContext, poll_id: int, *, member_id: int | None = None) -> int:
    """Cancel one member's answer reminder (they answered), or every reminder of the poll (it closed)."""
    if ctx.services.outbox is None:
        return 0
    prefix = f"poll:{poll_id}:remind:{member_id}:" if member_id is not None else f"poll:{poll_id}:"
    return await ctx.services.outbox.cancel(prefix)


async def schedule_meeting_reminders(ctx: CommandContext, committee: Committee, meeting: Meeting,
                                     room: Room) -> list[ScheduledReminder]:
    """Materials (T-7 days), the day before and an hour before, in the committee's channel."""
    outbox = ctx.services.outbox
    if outbox is None or meeting.start is None or meeting.end is None:
        return []
    lang, now = ctx.services.settings.language, ctx.services.clock.now()
    start, end = utc(meeting.start), utc(meeting.end)
    when = format_span(start, end, lang, committee.timezone)
    where = meeting.location or t(lang, "committee.location_unset")
    scheduled: list[ScheduledReminder] = []
    for kind, ahead, key in MEETING_REMINDERS:
        due = start - ahead
        if due <= now:
            continue
        reply = Reply.text(t(lang, key, title=meeting.title, when=when, location=where, meeting=meeting.id),
                           ephemeral=False)
        await schedule_post(outbox, dedup_key=f"meeting:{meeting.id}:{kind}", due_at=due, room=room, reply=reply)
        scheduled.append(ScheduledReminder(kind, due))
    return scheduled
