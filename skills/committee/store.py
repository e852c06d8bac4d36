"""Finding committees, members, meetings and polls in the database, with friendly errors when they are not there.

Every lookup is scoped to the caller's workspace (platform + team): a committee of another workspace is "not
found", never shown. So is a private committee (its channel is private, see skills.committee.privacy) to anyone
who is not on it: its name is never suggested, and its polls and meetings are "not found" either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rapidfuzz import fuzz, process
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.messages import Person
from genai_bot.text import fold
from skills.committee.models import Committee, CommitteeMember, Meeting, Poll, PollOption, Vote
from skills.committee.privacy import can_see, visible_to
from skills.committee.text import email_of, mentioned_user, number_of


async def audit(ctx: CommandContext, s: AsyncSession, committee: Committee, action: str, **detail: object) -> None:
    """Record a change to `committee` in the same transaction as the change."""
    await ctx.services.audit.record(
        actor=ctx.person.key,
        action=action,
        target=f"committee:{committee.id}",
        organisation=ctx.person.organisation,
        session=s,
        **detail,
    )


def member_key(member: CommitteeMember) -> str:
    """How the calendar knows a member: the e-mail address, else a stable key for imported busy blocks."""
    return member.email.lower() if member.email else f"committee-member:{member.id}"


def is_secretariat(members: list[CommitteeMember], person: Person) -> bool:
    return any(m.user_id == person.user_id and m.role == "secretariat" for m in members)


def require_secretariat(committee: Committee, members: list[CommitteeMember], person: Person) -> None:
    if not is_secretariat(members, person):
        raise UserFacingError("committee.error.not_secretariat", committee=committee.name)


def require_member(committee: Committee, members: list[CommitteeMember], person: Person) -> None:
    """Members of any role only: agendas, availability and contact details are not for the whole workspace."""
    if member_for(members, person) is None:
        raise UserFacingError("committee.error.members_only", committee=committee.name)


def require_active(committee: Committee) -> None:
    if committee.status != "active":
        raise UserFacingError("committee.error.archived", committee=committee.name)


def member_for(members: list[CommitteeMember], person: Person) -> CommitteeMember | None:
    return next((m for m in members if m.user_id and m.user_id == person.user_id), None)


async def committees_in(s: AsyncSession, person: Person, *, include_archived: bool = False) -> list[Committee]:
    """The committees of the caller's workspace that the caller may see."""
    query = select(Committee).where(
        Committee.platform == person.platform, Committee.team_id == person.team_id, visible_to(person)
    )
    if not include_archived:
        query = query.where(Committee.status == "active")
    return list((await s.exec(query.order_by(col(Committee.name)))).all())


async def find_committee(s: AsyncSession, person: Person, ref: str) -> Committee:
    """By id (`3`, `#3`) or name (full-width and case ignored); unknown → an error with the closest name."""
    committees = await committees_in(s, person, include_archived=True)
    number = number_of(ref)
    if number is not None:
        match = next((c for c in committees if c.id == number), None)
        if match is not None:
            return match
    wanted = fold(ref)
    exact = next((c for c in committees if fold(c.name) == wanted), None)
    if exact is not None:
        return exact
    names = [c.name for c in committees if c.status == "active"]
    best = process.extractOne(ref, names, scorer=fuzz.WRatio, score_cutoff=60) if names else None
    if best:
        raise UserFacingError("committee.error.not_found_suggest", name=ref, suggestion=best[0])
    raise UserFacingError("committee.error.not_found", name=ref)


async def members_of(s: AsyncSession, committee_id: int) -> list[CommitteeMember]:
    query = select(CommitteeMember).where(CommitteeMember.committee_id == committee_id)
    return list((await s.exec(query.order_by(col(CommitteeMember.id)))).all())


def find_member(committee: Committee, members: list[CommitteeMember], ref: str) -> CommitteeMember:
    """By mention, e-mail, `#id` or name; unknown → an error listing who is on the committee."""
    user_id = mentioned_user(ref)
    email = email_of(ref)
    number = number_of(ref)
    wanted = fold(ref)
    for m in members:
        if (
            (user_id and m.user_id == user_id)
            or (email and m.email and m.email.lower() == email)
            or (number is not None and m.id == number)
            or fold(m.name) == wanted
        ):
            return m
    names = "、".join(m.name for m in members) or "—"
    raise UserFacingError("committee.error.unknown_member", member=ref, committee=committee.name, members=names)


@dataclass
class PollState:
    """A poll with everything needed to show or decide it."""

    committee: Committee
    meeting: Meeting
    poll: Poll
    options: list[PollOption]
    votes: list[Vote]
    members: list[CommitteeMember]

    def option_at(self, position: int) -> PollOption:
        option = next((o for o in self.options if o.position == position), None)
        if option is None:
            raise UserFacingError("committee.error.unknown_option_number", number=position, count=len(self.options))
        return option

    @property
    def chosen(self) -> PollOption | None:
        return next((o for o in self.options if o.id == self.poll.chosen_option_id), None)


async def load_poll(s: AsyncSession, person: Person, ref: str, *, check_visible: bool = True) -> PollState:
    """A poll of the caller's workspace; with `check_visible` (not for re-reading after an authorised change)
    a private committee's poll is "not found" for someone not on it."""
    number = number_of(ref)
    poll = await s.get(Poll, number) if number is not None else None
    meeting = await s.get(Meeting, poll.meeting_id) if poll is not None else None
    committee = await s.get(Committee, meeting.committee_id) if meeting is not None else None
    if (
        poll is None
        or meeting is None
        or committee is None
        or committee.platform != person.platform
        or committee.team_id != person.team_id
    ):
        raise UserFacingError("committee.error.poll_not_found", poll=ref)
    members = await members_of(s, committee.id or 0)
    if check_visible and not can_see(committee, members, person):
        raise UserFacingError("committee.error.poll_not_found", poll=ref)
    return await _state(s, committee, meeting, poll, members)


async def poll_state(s: AsyncSession, poll_id: int) -> PollState | None:
    """A poll by id for background work (no caller, so no workspace or visibility check); None when it is gone."""
    poll = await s.get(Poll, poll_id)
    meeting = await s.get(Meeting, poll.meeting_id) if poll is not None else None
    committee = await s.get(Committee, meeting.committee_id) if meeting is not None else None
    if poll is None or meeting is None or committee is None:
        return None
    return await _state(s, committee, meeting, poll, await members_of(s, committee.id or 0))


async def _state(
    s: AsyncSession, committee: Committee, meeting: Meeting, poll: Poll, members: list[CommitteeMember]
) -> PollState:
    options = list(
        (await s.exec(select(PollOption).where(PollOption.poll_id == poll.id).order_by(col(PollOption.position)))).all()
    )
    votes = list((await s.exec(select(Vote).where(Vote.poll_id == poll.id))).all())
    return PollState(committee, meeting, poll, options, votes, members)


async def find_meeting(s: AsyncSession, person: Person, ref: str, now: datetime) -> tuple[Committee, Meeting]:
    """A meeting by id (`5`, `#5`), or a committee name → its most recent scheduled meeting."""
    number = number_of(ref)
    if number is not None:
        meeting = await s.get(Meeting, number)
        committee = await s.get(Committee, meeting.committee_id) if meeting is not None else None
        if (
            meeting is not None
            and committee is not None
            and committee.platform == person.platform
            and committee.team_id == person.team_id
            and can_see(committee, await members_of(s, committee.id or 0), person)
        ):
            return committee, meeting
        raise UserFacingError("committee.error.meeting_not_found", meeting=ref)
    committee = await find_committee(s, person, ref)
    meetings = list(
        (
            await s.exec(
                select(Meeting).where(
                    Meeting.committee_id == committee.id,
                    col(Meeting.status).in_(("confirmed", "held")),
                    col(Meeting.start).is_not(None),
                )
            )
        ).all()
    )
    if not meetings:
        raise UserFacingError("committee.error.no_meeting_yet", committee=committee.name)
    past = [m for m in meetings if m.start is not None and m.start <= now]
    future = [m for m in meetings if m.start is not None and m.start > now]
    if past:
        return committee, max(past, key=lambda m: m.start or now)
    return committee, min(future, key=lambda m: m.start or now)
