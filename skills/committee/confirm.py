"""Confirming a meeting: fix the slot, put it in Outlook (Graph) where configured, always post an .ics
invitation, open the agenda thread, and schedule the reminders.

The database change comes first and is guarded (a second confirm, even a concurrent one, is refused); the
side effects follow, and each one that fails is reported rather than undoing the confirmation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import structlog
from sqlalchemy import update
from sqlmodel import col

from genai_bot.calendar.errors import CalendarError
from genai_bot.calendar.ics import build_invitation
from genai_bot.calendar.port import Attendee, Contact, NewEvent
from genai_bot.channel_lang import channel_language
from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.messages import Reply, Room
from skills.committee.availability import organiser_email
from skills.committee.dates import format_span
from skills.committee.models import Meeting, Poll, PollOption
from skills.committee.polls import poll_room, refresh_message, reload
from skills.committee.reminders import ScheduledReminder, cancel_poll_reminders, schedule_meeting_reminders
from skills.committee.store import PollState, audit, load_poll, require_secretariat
from skills.committee.tally import rank

log = structlog.get_logger(__name__)
NO_REPLY = "no-reply@genai-bot.invalid"


@dataclass
class Confirmation:
    state: PollState
    option: PollOption
    event_id: str | None = None
    event_warning: str | None = None
    """Why Outlook has no event: a calendar warning code, or "no_organiser_email"."""
    ics_posted: bool = False
    ics_error: str | None = None
    thread_id: str | None = None
    reminders: list[ScheduledReminder] = field(default_factory=list)


async def confirm_meeting(
    ctx: CommandContext, poll_ref: str, position: int | None, location: str | None = None, *, force: bool = False
) -> Confirmation:
    """Confirm a slot of the poll. An open poll nobody has answered yet is only confirmed with `force` (the
    secretariat is told so first, and confirms again with `--force`)."""
    state, option = await _fix_slot(ctx, poll_ref, position, location, force=force)
    await cancel_poll_reminders(ctx, state.poll.id or 0)
    state = await reload(ctx, state.poll.id or 0)
    done = Confirmation(state, option)
    room = poll_room(ctx, state.meeting.channel_id)
    lang = await channel_language(ctx.services, room.platform, room.channel_id)  # what the channel reads
    done.event_id, done.event_warning = await _create_event(ctx, state, lang)
    if ctx.chat is not None:
        done.ics_posted, done.ics_error = await _post_invitation(ctx, state, room, lang)
        done.thread_id = await _open_agenda_thread(ctx, state, room, lang)
    await _remember(ctx, state.meeting, done)
    done.reminders = await schedule_meeting_reminders(ctx, state.committee, state.meeting, room)
    await refresh_message(ctx, state)
    return done


async def _fix_slot(
    ctx: CommandContext, poll_ref: str, position: int | None, location: str | None, *, force: bool
) -> tuple[PollState, PollOption]:
    async with ctx.services.db.session() as s:
        state = await load_poll(s, ctx.person, poll_ref)
        require_secretariat(state.committee, state.members, ctx.person)
        _refuse_confirmed(ctx, state)
        option = state.option_at(position) if position is not None else (state.chosen or rank(state)[0].option)
        if option.start <= ctx.services.clock.now():
            raise UserFacingError("committee.error.slot_past", number=option.position)
        if state.poll.status == "open" and not state.votes and not force:
            slot = f" {position}" if position else ""
            raise UserFacingError("committee.error.no_answers_yet", poll=state.poll.id, slot=slot)
        changed = await s.exec(
            update(Meeting)
            .where(col(Meeting.id) == state.meeting.id, col(Meeting.status) == state.meeting.status)
            .values(status="confirmed", start=option.start, end=option.end, location=location or state.meeting.location)
        )
        if not changed.rowcount:
            raise UserFacingError("committee.error.already_confirmed_now", meeting=state.meeting.title)
        await s.exec(
            update(Poll).where(col(Poll.id) == state.poll.id).values(status="closed", chosen_option_id=option.id)
        )
        await audit(
            ctx,
            s,
            state.committee,
            "committee.meeting_confirmed",
            meeting=state.meeting.id,
            poll=state.poll.id,
            option=option.position,
        )
    return state, option


def _refuse_confirmed(ctx: CommandContext, state: PollState) -> None:
    meeting = state.meeting
    if meeting.status == "confirmed" and meeting.start and meeting.end:
        when = format_span(meeting.start, meeting.end, ctx.lang, ctx.person.timezone)
        raise UserFacingError("committee.error.already_confirmed", meeting=meeting.title, when=when)
    if meeting.status in ("cancelled", "held"):
        raise UserFacingError("committee.error.meeting_closed", meeting=meeting.title)


def _attendees(state: PollState, organiser: str | None) -> list[Attendee]:
    return [Attendee(m.name, m.email, m.required) for m in state.members if m.email and m.email != organiser]


def _description(state: PollState, lang: str) -> str:
    return t(lang, "committee.confirm.description", committee=state.committee.name, title=state.meeting.title)


async def _create_event(ctx: CommandContext, state: PollState, lang: str) -> tuple[str | None, str | None]:
    calendar = ctx.services.calendar
    if calendar is None or not getattr(calendar, "uses_graph", False):
        return None, None
    organiser = organiser_email(state.members, ctx.person.user_id)
    if organiser is None:
        return None, "no_organiser_email"
    meeting = state.meeting
    assert meeting.start is not None and meeting.end is not None
    try:
        event_id = await calendar.create_event(
            NewEvent(
                organiser=organiser,
                subject=meeting.title,
                body=_description(state, lang),
                start=meeting.start,
                end=meeting.end,
                attendees=tuple(_attendees(state, organiser)),
                location=meeting.location,
                transaction_id=f"genai-bot-meeting-{meeting.id}",
            )
        )
    except CalendarError as exc:
        log.warning("committee.event_not_created", meeting=meeting.id, code=exc.warning_code)
        return None, exc.warning_code
    return (str(event_id) if event_id else None), None


def invitation(ctx: CommandContext, state: PollState, lang: str) -> bytes:
    meeting, committee = state.meeting, state.committee
    assert meeting.start is not None and meeting.end is not None
    organiser = organiser_email(state.members, ctx.person.user_id)
    secretariat = next((m.name for m in state.members if m.role == "secretariat"), committee.name)
    return build_invitation(
        uid=f"meeting-{meeting.id}.{committee.team_id}@genai-bot",
        organiser=Contact(secretariat, organiser or NO_REPLY),
        attendees=_attendees(state, organiser),
        subject=meeting.title,
        description=_description(state, lang),
        start=meeting.start,
        end=meeting.end,
        location=meeting.location,
        zone=committee.timezone,
        now=ctx.services.clock.now(),
    )


async def _post_invitation(ctx: CommandContext, state: PollState, room: Room, lang: str) -> tuple[bool, str | None]:
    assert ctx.chat is not None
    meeting = state.meeting
    assert meeting.start is not None and meeting.end is not None
    when = format_span(meeting.start, meeting.end, lang, state.committee.timezone)
    comment = t(lang, "committee.confirm.ics_comment", title=meeting.title, when=when)
    try:
        await ctx.chat.upload(
            room, f"meeting-{meeting.id}.ics", invitation(ctx, state, lang), title=meeting.title, comment=comment
        )
    except ChatError as exc:
        log.warning("committee.ics_not_posted", meeting=meeting.id, code=exc.code)
        return False, exc.code
    return True, None


async def _open_agenda_thread(ctx: CommandContext, state: PollState, room: Room, lang: str) -> str | None:
    assert ctx.chat is not None
    meeting = state.meeting
    assert meeting.start is not None and meeting.end is not None
    when = format_span(meeting.start, meeting.end, lang, state.committee.timezone)
    text = t(
        lang,
        "committee.agenda.thread_intro",
        title=meeting.title,
        when=when,
        location=meeting.location or t(lang, "committee.location_unset"),
        meeting=meeting.id,
    )
    try:
        return await ctx.chat.post(room, Reply.text(text, ephemeral=False))
    except ChatError as exc:
        log.warning("committee.agenda_thread_failed", meeting=meeting.id, code=exc.code)
        return None


async def _remember(ctx: CommandContext, meeting: Meeting, done: Confirmation) -> None:
    async with ctx.services.db.session() as s:
        row = await s.get(Meeting, meeting.id)
        if row is None:
            return
        row.calendar_event_id = done.event_id
        row.agenda_thread_id = done.thread_id
        s.add(row)
    meeting.calendar_event_id, meeting.agenda_thread_id = done.event_id, done.thread_id
