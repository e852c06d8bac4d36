"""Cancelling a meeting (中止): mark it cancelled, close its poll, stop every reminder, tell the committee's
channel and, when an invitation (.ics) went out, post a cancellation (.ics, METHOD:CANCEL, same UID).

The database change comes first and is audited; the notices follow, and one that fails is reported rather than
undoing the cancellation."""

from __future__ import annotations

from dataclasses import dataclass

import structlog
from sqlmodel import col, select

from genai_bot.calendar.ics import build_cancellation
from genai_bot.calendar.port import Attendee, Contact
from genai_bot.channel_lang import channel_language
from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.messages import Reply
from skills.committee.availability import organiser_email
from skills.committee.dates import format_span
from skills.committee.models import Committee, CommitteeMember, Meeting, Poll
from skills.committee.polls import poll_room, refresh_message, reload
from skills.committee.reminders import cancel_meeting_reminders, cancel_poll_reminders
from skills.committee.store import audit, find_meeting, members_of, require_secretariat

log = structlog.get_logger(__name__)
NO_REPLY = "no-reply@genai-bot.invalid"


@dataclass
class Cancellation:
    committee: Committee
    meeting: Meeting
    reminders: int = 0
    notice_posted: bool = False
    ics_posted: bool = False
    error: str | None = None


async def cancel_meeting(ctx: CommandContext, ref: str) -> Cancellation:
    now = ctx.services.clock.now()
    async with ctx.services.db.session() as s:
        committee, meeting = await find_meeting(s, ctx.person, ref, now)
        members = await members_of(s, committee.id or 0)
        require_secretariat(committee, members, ctx.person)
        if meeting.status in ("cancelled", "held"):
            raise UserFacingError(
                "committee.error.cannot_cancel",
                meeting=meeting.title,
                status=ctx.t(f"committee.meeting_status.{meeting.status}"),
            )
        invited = meeting.status == "confirmed" and meeting.start is not None and meeting.end is not None
        polls = list((await s.exec(select(Poll).where(Poll.meeting_id == meeting.id).order_by(col(Poll.id)))).all())
        for poll in polls:
            if poll.status == "open":
                poll.status = "closed"
                s.add(poll)
        meeting.status = "cancelled"
        s.add(meeting)
        await audit(
            ctx,
            s,
            committee,
            "committee.meeting_cancelled",
            meeting=meeting.id,
            polls=[p.id for p in polls],
            invitation_cancelled=invited,
        )
    done = Cancellation(committee, meeting)
    done.reminders = await cancel_meeting_reminders(ctx, meeting.id or 0)
    for poll in polls:
        done.reminders += await cancel_poll_reminders(ctx, poll.id or 0)
        await refresh_message(ctx, await reload(ctx, poll.id or 0))
    if ctx.chat is not None:
        await _notify(ctx, done, members, invited=invited)
    return done


async def _notify(ctx: CommandContext, done: Cancellation, members: list[CommitteeMember], *, invited: bool) -> None:
    assert ctx.chat is not None
    committee, meeting = done.committee, done.meeting
    room = poll_room(ctx, meeting.channel_id or committee.channel_id)
    lang = await channel_language(ctx.services, room.platform, room.channel_id)
    when = (
        format_span(meeting.start, meeting.end, lang, committee.timezone)
        if meeting.start and meeting.end
        else t(lang, "committee.location_unset")
    )
    text = t(lang, "committee.cancel.notice", title=meeting.title, when=when, committee=committee.name)
    try:
        await ctx.chat.post(room, Reply.text(text, ephemeral=False))
        done.notice_posted = True
        if invited:
            comment = t(lang, "committee.cancel.ics_comment", title=meeting.title, when=when)
            data = cancellation_ics(ctx, committee, meeting, members, lang)
            await ctx.chat.upload(room, f"meeting-{meeting.id}-cancel.ics", data, title=meeting.title, comment=comment)
            done.ics_posted = True
    except ChatError as exc:
        log.warning("committee.cancel_notice_failed", meeting=meeting.id, code=exc.code)
        done.error = exc.code


def cancellation_ics(
    ctx: CommandContext, committee: Committee, meeting: Meeting, members: list[CommitteeMember], lang: str
) -> bytes:
    """METHOD:CANCEL with the invitation's UID (see skills.committee.confirm.invitation) and a higher SEQUENCE."""
    assert meeting.start is not None and meeting.end is not None
    organiser = organiser_email(members, ctx.person.user_id)
    secretariat = next((m.name for m in members if m.role == "secretariat"), committee.name)
    attendees = [Attendee(m.name, m.email, m.required) for m in members if m.email and m.email != organiser]
    return build_cancellation(
        uid=f"meeting-{meeting.id}.{committee.team_id}@genai-bot",
        organiser=Contact(secretariat, organiser or NO_REPLY),
        attendees=attendees,
        subject=meeting.title,
        start=meeting.start,
        end=meeting.end,
        sequence=1,
        description=t(
            lang,
            "committee.cancel.ics_description",
            committee=committee.name,
            title=meeting.title,
        ),
        location=meeting.location,
        zone=committee.timezone,
        now=ctx.services.clock.now(),
    )
