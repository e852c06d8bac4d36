"""Durable reminders through the outbox (they survive restarts and are sent once by whichever instance is up).

Keys: `poll:<id>:remind:<member>:` (a member who has not answered every slot, on the deadline morning, moved to
a business day), `poll:<id>:deadline:<member>` (the secretariat, when the deadline comes), `poll:<id>:view` (the
posted poll re-rendered at the deadline, see skills.committee.deadline_view), `meeting:<id>:t-7d|t-1d|t-1h`
(materials a week before and the day before, both moved back to a business day's morning; an hour before).
Reminders already in the past are skipped. Direct messages use the recipient's language when they are a known
user, channel posts the workspace language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from genai_bot.calendar.workdays import previous_business_day
from genai_bot.channel_lang import channel_language
from genai_bot.commands import CommandContext
from genai_bot.i18n import t
from genai_bot.messages import Reply, Room
from genai_bot.notify import schedule_post
from skills.committee.dates import format_span, format_when
from skills.committee.deadlines import business_morning
from skills.committee.models import Committee, CommitteeMember, Meeting
from skills.committee.store import PollState
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


def reminder_morning(ctx: CommandContext, deadline: datetime, tz: str) -> datetime:
    """The answer reminder: the deadline day's morning, or the business day before when it is not one."""
    return business_morning(ctx, previous_business_day(deadline.astimezone(ZoneInfo(tz)).date()), tz)


async def schedule_poll_reminders(ctx: CommandContext, state: PollState, only: CommitteeMember | None = None) -> int:
    """DM each member who has not answered on the deadline morning (a business day); tell the secretariat at the
    deadline. With `only`, just that member's answer reminder (they joined while the poll was open)."""
    outbox, chat, deadline = ctx.services.outbox, ctx.chat, state.poll.deadline
    if outbox is None or chat is None or deadline is None or state.poll.status != "open":
        return 0
    tz = state.committee.timezone
    morning = reminder_morning(ctx, deadline, tz)
    now, poll_id, count = ctx.services.clock.now(), state.poll.id, 0  # due times are stored in UTC
    if now < morning < deadline:
        for member in non_voters(state):
            if member.user_id and (only is None or member.id == only.id):
                reply = await _poll_reminder(ctx, state, member.user_id, "committee.reminder.vote", deadline)
                count += await schedule_post(
                    outbox,
                    dedup_key=f"poll:{poll_id}:remind:{member.id}:",
                    due_at=morning,
                    room=await chat.direct_room(member.user_id),
                    reply=reply,
                )
    if now < deadline:
        for member in state.members:
            if member.role == "secretariat" and member.user_id and (only is None or member.id == only.id):
                reply = await _poll_reminder(ctx, state, member.user_id, "committee.reminder.deadline", deadline)
                count += await schedule_post(
                    outbox,
                    dedup_key=f"poll:{poll_id}:deadline:{member.id}",
                    due_at=deadline,
                    room=await chat.direct_room(member.user_id),
                    reply=reply,
                )
    return count


async def _poll_reminder(ctx: CommandContext, state: PollState, user_id: str, key: str, deadline: datetime) -> Reply:
    lang = await ctx.services.users.language_of(state.committee.platform, state.committee.team_id, user_id)
    text = t(
        lang,
        key,
        title=state.meeting.title,
        poll=state.poll.id,
        deadline=format_when(deadline, lang, state.committee.timezone),
    )
    return Reply.text(text, ephemeral=False)


async def cancel_poll_reminders(ctx: CommandContext, poll_id: int, *, member_id: int | None = None) -> int:
    """Cancel one member's answer reminder (they answered), or every reminder of the poll (it closed; its
    deadline view goes too, not counted: it is no reminder)."""
    if ctx.services.outbox is None:
        return 0
    if member_id is None:
        await ctx.services.outbox.cancel(f"poll:{poll_id}:view")
    prefix = f"poll:{poll_id}:remind:{member_id}:" if member_id is not None else f"poll:{poll_id}:"
    return await ctx.services.outbox.cancel(prefix)


def meeting_reminder_due(ctx: CommandContext, kind: str, start: datetime, tz: str) -> datetime:
    """T-7d and T-1d: the working-hours morning of that day, moved back to a business day; T-1h: an hour before."""
    if kind == "t-1h":
        return start - timedelta(hours=1)
    ahead = 7 if kind == "t-7d" else 1
    day = previous_business_day(start.astimezone(ZoneInfo(tz)).date() - timedelta(days=ahead))
    return business_morning(ctx, day, tz)


def _reminder_key(kind: str, key: str, due: datetime, start: datetime, tz: str) -> str:
    """The day before / a week before say so only when literally true; otherwise the text names the date."""
    zone = ZoneInfo(tz)
    gap = (start.astimezone(zone).date() - due.astimezone(zone).date()).days
    if (kind == "t-1d" and gap != 1) or (kind == "t-7d" and gap != 7):
        return f"{key}_on"
    return key


async def schedule_meeting_reminders(
    ctx: CommandContext, committee: Committee, meeting: Meeting, room: Room
) -> list[ScheduledReminder]:
    """Materials (a week before), the business day before and an hour before, in the committee's channel."""
    outbox = ctx.services.outbox
    if outbox is None or meeting.start is None or meeting.end is None:
        return []
    lang = await channel_language(ctx.services, room.platform, room.channel_id)  # posted for the channel
    now, tz = ctx.services.clock.now(), committee.timezone
    start, end = meeting.start, meeting.end
    when = format_span(start, end, lang, tz)
    where = meeting.location or t(lang, "committee.location_unset")
    scheduled: list[ScheduledReminder] = []
    for kind, _ahead, key in MEETING_REMINDERS:
        due = meeting_reminder_due(ctx, kind, start, tz)
        if due <= now or due >= start:
            continue
        text = t(
            lang,
            _reminder_key(kind, key, due, start, tz),
            title=meeting.title,
            when=when,
            location=where,
            meeting=meeting.id,
        )
        await schedule_post(
            outbox,
            dedup_key=f"meeting:{meeting.id}:{kind}",
            due_at=due,
            room=room,
            reply=Reply.text(text, ephemeral=False),
        )
        scheduled.append(ScheduledReminder(kind, due))
    return scheduled


async def cancel_meeting_reminders(ctx: CommandContext, meeting_id: int) -> int:
    if ctx.services.outbox is None:
        return 0
    return await ctx.services.outbox.cancel(f"meeting:{meeting_id}:")
