"""Polls: open one with the slot candidates, record ○ / △ / × answers, close it on the best slot.

Only members answer (the secretariat may answer with `--for` only for an external member, one without a chat
account); a second click with the same answer is counted once; a closed poll takes no answers, and neither does
an open one once its deadline has come (by the core's clock: the deadline ends answering at that moment, before
anyone runs `close`, and the posted poll loses its buttons at the next refused answer; `close` after the deadline
works as before and picks the best slot from the answers given in time). Deadline reminders are durable outbox
rows: a direct message to each member who has not answered (cancelled as soon as they do) and a note to the
secretariat when the deadline comes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from genai_bot.channel_lang import channel_language
from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.db.models import utcnow
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.messages import Room
from skills.committee.availability import SlotFinding
from skills.committee.dates import format_when
from skills.committee.deadline_view import schedule_deadline_view
from skills.committee.deadlines import chosen_deadline_day, closing_time, default_deadline_day
from skills.committee.models import CommitteeMember, Meeting, Poll, PollOption, Vote
from skills.committee.poll_view import poll_message
from skills.committee.reminders import cancel_poll_reminders, schedule_poll_reminders
from skills.committee.store import (
    PollState,
    audit,
    find_member,
    load_poll,
    member_for,
    require_active,
    require_secretariat,
)
from skills.committee.tally import OptionTally, has_answered, rank

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class PollPlan:
    title: str | None = None
    deadline: date | None = None
    location: str | None = None


def poll_room(ctx: CommandContext, channel_id: str | None) -> Room:
    return Room(platform=ctx.room.platform, channel_id=channel_id or ctx.room.channel_id)


def first_candidate_day(finding: SlotFinding) -> date:
    zone = ZoneInfo(finding.committee.timezone)
    return min(c.start.astimezone(zone).date() for c in finding.result.candidates)


def deadline_for(ctx: CommandContext, finding: SlotFinding, wanted: date | None) -> datetime:
    """The end of working hours on the deadline day: a business day before the first candidate, a few days out
    by default; one given on a weekend or holiday moves to the business day before (see
    skills.committee.deadlines)."""
    tz = finding.committee.timezone
    first_day = first_candidate_day(finding)
    if wanted is None:
        day = default_deadline_day(ctx, tz, first_day)
    else:
        day = chosen_deadline_day(ctx, tz, first_day, wanted)
    return datetime.combine(day, closing_time(ctx), ZoneInfo(tz))


async def open_poll(ctx: CommandContext, finding: SlotFinding, plan: PollPlan) -> PollState:
    """Store the poll, post it in the committee's channel (or here) and schedule the deadline reminders."""
    committee = finding.committee
    require_secretariat(committee, finding.members, ctx.person)
    require_active(committee)
    deadline = deadline_for(ctx, finding, plan.deadline)
    room = poll_room(ctx, committee.channel_id)
    lang = await channel_language(ctx.services, room.platform, room.channel_id)
    async with ctx.services.db.session() as s:
        count = len((await s.exec(select(Meeting.id).where(Meeting.committee_id == committee.id))).all())
        title = plan.title or t(
            lang, "committee.meeting.default_title", n=count + 1, committee=committee.name
        )  # a shared record: the channel's language
        meeting = Meeting(
            committee_id=committee.id or 0,
            title=title[:200],
            status="polling",
            duration_minutes=finding.query.duration,
            location=plan.location,
            channel_id=room.channel_id,
            created_by=ctx.person.key,
        )
        s.add(meeting)
        await s.flush()
        poll = Poll(meeting_id=meeting.id or 0, channel_id=room.channel_id, deadline=deadline)
        s.add(poll)
        await s.flush()
        s.add_all(
            [
                PollOption(poll_id=poll.id or 0, position=i, start=c.start, end=c.end)
                for i, c in enumerate(finding.result.candidates, start=1)
            ]
        )
        await audit(
            ctx,
            s,
            committee,
            "committee.poll_opened",
            poll=poll.id,
            meeting=meeting.id,
            options=len(finding.result.candidates),
        )
    state = await reload(ctx, poll.id or 0)
    if ctx.chat is not None:
        await _post(ctx, state, room)
        await schedule_poll_reminders(ctx, state)
        await schedule_deadline_view(ctx, state)
    return state


async def _post(ctx: CommandContext, state: PollState, room: Room) -> None:
    assert ctx.chat is not None
    lang = await channel_language(ctx.services, room.platform, room.channel_id)
    try:
        message_id = await ctx.chat.post(room, poll_message(state, lang, ctx.services.clock.now()))
    except ChatError as exc:
        async with ctx.services.db.session() as s:
            meeting = await s.get(Meeting, state.meeting.id)
            if meeting is not None:
                await s.delete(meeting)  # cascades to the poll and its options
                await audit(ctx, s, state.committee, "committee.poll_withdrawn", poll=state.poll.id, error=exc.code)
        raise UserFacingError("committee.error.cannot_post", code=exc.code) from None
    async with ctx.services.db.session() as s:
        poll = await s.get(Poll, state.poll.id)
        if poll is not None:
            poll.message_id = message_id
            s.add(poll)
    state.poll.message_id = message_id


async def reload(ctx: CommandContext, poll_id: int) -> PollState:
    async with ctx.services.db.session() as s:
        return await load_poll(s, ctx.person, str(poll_id), check_visible=False)


async def refresh_message(ctx: CommandContext, state: PollState) -> bool:
    """Show the current tally in the posted poll message; False when there is none to update."""
    if ctx.chat is None or not state.poll.message_id:
        return False
    room = poll_room(ctx, state.poll.channel_id)
    lang = await channel_language(ctx.services, room.platform, room.channel_id)
    try:
        await ctx.chat.update(room, state.poll.message_id, poll_message(state, lang, ctx.services.clock.now()))
    except ChatError as exc:
        log.warning("committee.poll_update_failed", poll=state.poll.id, code=exc.code)
        return False
    return True


@dataclass(frozen=True)
class VoteOutcome:
    member: CommitteeMember
    option: PollOption
    answer: str
    changed: bool


async def record_votes(
    ctx: CommandContext, poll_ref: str, answers: list[tuple[int, str]], for_member: str | None = None
) -> tuple[PollState, list[VoteOutcome]]:
    """Record answers (slot number, yes|maybe|no) of the caller, or of `for_member` (secretariat only)."""
    if not answers:
        raise UserFacingError("committee.error.vote_usage")
    try:
        outcomes = [await _record_one(ctx, poll_ref, position, answer, for_member) for position, answer in answers]
    except _DeadlinePassed as exc:
        await refresh_message(ctx, await reload(ctx, exc.poll_id))  # the posted poll loses its buttons
        raise
    state = await reload(ctx, outcomes[0].option.poll_id)
    if any(o.changed for o in outcomes):
        if has_answered(state, outcomes[0].member.id):
            await cancel_poll_reminders(ctx, state.poll.id or 0, member_id=outcomes[0].member.id)
        await refresh_message(ctx, state)
    return state, outcomes


async def _record_one(
    ctx: CommandContext, poll_ref: str, position: int, answer: str, for_member: str | None
) -> VoteOutcome:
    for _attempt in range(2):
        try:
            async with ctx.services.db.session() as s:
                state = await load_poll(s, ctx.person, poll_ref)
                member = _voter(ctx, state, for_member)
                if state.poll.status != "open":
                    raise UserFacingError("committee.error.poll_closed", poll=state.poll.id)
                _refuse_after_deadline(ctx, state)
                option = state.option_at(position)
                existing = next((v for v in state.votes if v.option_id == option.id and v.member_id == member.id), None)
                if existing is not None and existing.answer == answer:
                    return VoteOutcome(member, option, answer, changed=False)
                if existing is None:
                    s.add(
                        Vote(
                            poll_id=state.poll.id or 0,
                            option_id=option.id or 0,
                            member_id=member.id or 0,
                            answer=answer,
                        )
                    )
                else:
                    existing.answer, existing.updated_at = answer, utcnow()
                    s.add(existing)
                await s.flush()
                await audit(
                    ctx,
                    s,
                    state.committee,
                    "committee.vote_recorded",
                    poll=state.poll.id,
                    option=position,
                    answer=answer,
                    member=member.id,
                    proxy=for_member is not None,
                )
                return VoteOutcome(member, option, answer, changed=True)
        except IntegrityError:
            continue  # the same click arrived twice at once: the other one was stored; read it back
    raise UserFacingError("committee.error.vote_conflict")


class _DeadlinePassed(UserFacingError):
    def __init__(self, poll_id: int, deadline: str) -> None:
        super().__init__("committee.error.poll_deadline_passed", poll=poll_id, deadline=deadline)
        self.poll_id = poll_id


def _refuse_after_deadline(ctx: CommandContext, state: PollState) -> None:
    """From the deadline on (the core's clock), an open poll takes no answers, typed, clicked or by proxy."""
    deadline = state.poll.deadline
    if deadline is not None and ctx.services.clock.now() >= deadline:
        raise _DeadlinePassed(state.poll.id or 0, format_when(deadline, ctx.lang, ctx.person.timezone))


def _voter(ctx: CommandContext, state: PollState, for_member: str | None) -> CommitteeMember:
    if for_member:
        require_secretariat(state.committee, state.members, ctx.person)
        proxied = find_member(state.committee, state.members, for_member)
        if proxied.user_id:  # they can answer for themselves; nobody overwrites their answers
            raise UserFacingError("committee.error.proxy_chat_user", member=proxied.name)
        return proxied
    member = member_for(state.members, ctx.person)
    if member is None:
        raise UserFacingError("committee.error.not_member", committee=state.committee.name)
    return member


async def close_poll(ctx: CommandContext, poll_ref: str) -> tuple[PollState, list[OptionTally]]:
    """Close an open poll on its best slot (see skills.committee.tally); the secretariat then confirms."""
    async with ctx.services.db.session() as s:
        state = await load_poll(s, ctx.person, poll_ref)
        require_secretariat(state.committee, state.members, ctx.person)
        if state.poll.status != "open":
            raise UserFacingError("committee.error.poll_already_closed", poll=state.poll.id)
        ranking = rank(state)
        best = ranking[0].option
        state.poll.status, state.poll.chosen_option_id = "closed", best.id
        s.add(state.poll)
        await audit(ctx, s, state.committee, "committee.poll_closed", poll=state.poll.id, chosen=best.position)
    await cancel_poll_reminders(ctx, state.poll.id or 0)
    state = await reload(ctx, state.poll.id or 0)
    await refresh_message(ctx, state)
    return state, rank(state)


async def polls_of(ctx: CommandContext, meeting_ids: list[int]) -> dict[int, Poll]:
    """The latest poll of each meeting."""
    if not meeting_ids:
        return {}
    async with ctx.services.db.session() as s:
        rows = (await s.exec(select(Poll).where(col(Poll.meeting_id).in_(meeting_ids)).order_by(col(Poll.id)))).all()
    return {p.meeting_id: p for p in rows}
