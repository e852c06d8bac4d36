"""Committees and their members: create, archive, add, remove, change roles. Only the secretariat changes a
committee; every change is audited in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.commands import CommandContext
from genai_bot.errors import FieldError, UserFacingError
from genai_bot.text import fold
from skills.committee.models import Committee, CommitteeMember, Meeting, Poll
from skills.committee.polls import refresh_message, reload
from skills.committee.privacy import channel_privacy
from skills.committee.reminders import schedule_poll_reminders
from skills.committee.store import (
    audit,
    committees_in,
    find_committee,
    find_member,
    members_of,
    require_active,
    require_secretariat,
)

NAME_LIMIT = 200


@dataclass(frozen=True)
class NewMember:
    """Someone to add: a chat user (`user_id`) or an external person (`email` + `name`)."""

    user_id: str | None = None
    email: str | None = None
    name: str | None = None
    organisation: str | None = None
    role: str = "member"
    required: bool | None = None
    timezone: str | None = None
    hours: tuple[str, str] | None = None


async def display_name(ctx: CommandContext, user_id: str) -> str:
    if user_id == ctx.person.user_id and ctx.person.name:
        return ctx.person.name
    if ctx.chat is not None:
        return await ctx.chat.user_name(user_id)
    return user_id


async def create_committee(
    ctx: CommandContext,
    name: str,
    *,
    channel_id: str | None = None,
    description: str | None = None,
    email: str | None = None,
) -> Committee:
    """A new committee in the caller's workspace; the caller becomes its secretariat. A committee of a private
    channel is private too (see skills.committee.privacy)."""
    name = " ".join(name.split())
    if not name:
        raise FieldError("name", "committee.error.name_missing")
    if len(name) > NAME_LIMIT:
        raise FieldError("name", "committee.error.name_too_long", limit=NAME_LIMIT)
    creator = await display_name(ctx, ctx.person.user_id)
    private = await channel_privacy(ctx, channel_id)
    try:
        async with ctx.services.db.session() as s:
            existing = await committees_in(s, ctx.person, include_archived=True)
            if any(fold(c.name) == fold(name) for c in existing):
                raise FieldError("name", "committee.error.name_taken", name=name)
            committee = Committee(
                platform=ctx.person.platform,
                team_id=ctx.person.team_id,
                name=name,
                description=description or None,
                channel_id=channel_id,
                channel_private=private,
                organisation=ctx.person.organisation,
                timezone=ctx.services.settings.timezone,
                created_by=ctx.person.key,
            )
            s.add(committee)
            await s.flush()
            s.add(
                CommitteeMember(
                    committee_id=committee.id or 0,
                    user_id=ctx.person.user_id,
                    name=creator,
                    email=email,
                    organisation=ctx.person.organisation,
                    role="secretariat",
                )
            )
            await audit(ctx, s, committee, "committee.created")
    except IntegrityError:
        raise FieldError("name", "committee.error.name_taken", name=name) from None
    return committee


async def archive_committee(ctx: CommandContext, ref: str) -> Committee:
    """Archive a committee; its open polls close and every reminder stops (polls' and confirmed meetings').
    Records are kept."""
    async with ctx.services.db.session() as s:
        committee = await find_committee(s, ctx.person, ref)
        require_secretariat(committee, await members_of(s, committee.id or 0), ctx.person)
        require_active(committee)
        committee.status = "archived"
        s.add(committee)
        meetings = select(Meeting.id).where(Meeting.committee_id == committee.id)
        open_polls = list(
            (await s.exec(select(Poll).where(col(Poll.meeting_id).in_(meetings), Poll.status == "open"))).all()
        )
        for poll in open_polls:
            poll.status = "closed"
            s.add(poll)
        confirmed = list(
            (
                await s.exec(
                    select(Meeting.id).where(Meeting.committee_id == committee.id, Meeting.status == "confirmed")
                )
            ).all()
        )
        await audit(
            ctx,
            s,
            committee,
            "committee.archived",
            closed_polls=len(open_polls),
            meetings_without_reminders=len(confirmed),
        )
    if ctx.services.outbox is not None:
        for poll in open_polls:
            await ctx.services.outbox.cancel(f"poll:{poll.id}:")
        for meeting_id in confirmed:
            await ctx.services.outbox.cancel(f"meeting:{meeting_id}:")
    return committee


def _check_timezone(name: str | None) -> None:
    if name is None:
        return
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserFacingError("committee.error.bad_timezone", value=name) from None


async def add_members(ctx: CommandContext, ref: str, people: list[NewMember]) -> tuple[Committee, list[str]]:
    """Add people; returns the committee and the names added. Someone already on it is an error."""
    names: list[str] = []
    added: list[CommitteeMember] = []
    for p in people:
        _check_timezone(p.timezone)
    resolved = [(p, p.name or (await display_name(ctx, p.user_id) if p.user_id else p.email or "")) for p in people]
    try:
        async with ctx.services.db.session() as s:
            committee = await find_committee(s, ctx.person, ref)
            members = await members_of(s, committee.id or 0)
            require_secretariat(committee, members, ctx.person)
            require_active(committee)
            for person, name in resolved:
                _refuse_duplicate(members, person)
                member = CommitteeMember(
                    committee_id=committee.id or 0,
                    user_id=person.user_id,
                    name=name[:200],
                    email=person.email,
                    organisation=person.organisation,
                    role=person.role,
                    required=person.required if person.required is not None else person.role != "observer",
                    timezone=person.timezone,
                    working_start=person.hours[0] if person.hours else None,
                    working_end=person.hours[1] if person.hours else None,
                )
                s.add(member)
                await s.flush()
                members.append(member)
                added.append(member)
                names.append(name)
                await audit(
                    ctx,
                    s,
                    committee,
                    "committee.member_added",
                    member=member.id,
                    role=member.role,
                    external=member.user_id is None,
                )
    except IntegrityError:
        raise UserFacingError("committee.error.already_member", member=", ".join(n for _, n in resolved)) from None
    await _remind_newcomers(ctx, committee, added)
    return committee, names


async def _open_poll_ids(s: AsyncSession, committee_id: int | None) -> list[int]:
    meetings = select(Meeting.id).where(Meeting.committee_id == committee_id)
    rows = await s.exec(select(Poll.id).where(col(Poll.meeting_id).in_(meetings), Poll.status == "open"))
    return [i for i in rows.all() if i is not None]


async def _remind_newcomers(ctx: CommandContext, committee: Committee, added: list[CommitteeMember]) -> None:
    """Members who join while a poll is open get its answer reminder (and appear as not answered yet)."""
    async with ctx.services.db.session() as s:
        poll_ids = await _open_poll_ids(s, committee.id)
    for poll_id in poll_ids:
        state = await reload(ctx, poll_id)
        count = 0
        for member in added:
            count += await schedule_poll_reminders(ctx, state, only=member)
        if count:
            await ctx.services.audit.record(
                actor=ctx.person.key,
                action="committee.reminders_scheduled",
                target=f"committee:{committee.id}",
                organisation=ctx.person.organisation,
                poll=poll_id,
                members=[m.id for m in added],
                count=count,
            )
        await refresh_message(ctx, state)


def _refuse_duplicate(members: list[CommitteeMember], person: NewMember) -> None:
    for m in members:
        if (person.user_id and m.user_id == person.user_id) or (
            person.email and m.email and m.email.lower() == person.email.lower()
        ):
            raise UserFacingError("committee.error.already_member", member=m.name)


def _secretariat_left(members: list[CommitteeMember], without: CommitteeMember) -> bool:
    return any(m.role == "secretariat" and m.user_id and m.id != without.id for m in members)


async def remove_member(ctx: CommandContext, ref: str, member_ref: str) -> tuple[Committee, str]:
    async with ctx.services.db.session() as s:
        committee = await find_committee(s, ctx.person, ref)
        members = await members_of(s, committee.id or 0)
        require_secretariat(committee, members, ctx.person)
        require_active(committee)
        member = find_member(committee, members, member_ref)
        if member.role == "secretariat" and not _secretariat_left(members, member):
            raise UserFacingError("committee.error.last_secretariat", committee=committee.name)
        poll_ids = await _open_poll_ids(s, committee.id)
        await s.delete(member)
        await audit(
            ctx, s, committee, "committee.member_removed", member=member.id, reminders_cancelled_for_polls=poll_ids
        )
    if ctx.services.outbox is not None:
        for poll_id in poll_ids:
            await ctx.services.outbox.cancel(f"poll:{poll_id}:remind:{member.id}:")
            await ctx.services.outbox.cancel(f"poll:{poll_id}:deadline:{member.id}")
    for poll_id in poll_ids:
        await refresh_message(ctx, await reload(ctx, poll_id))
    return committee, member.name


@dataclass(frozen=True)
class MemberChanges:
    role: str | None = None
    required: bool | None = None
    email: str | None = None
    organisation: str | None = None
    name: str | None = None
    timezone: str | None = None
    hours: tuple[str, str] | None = None

    @property
    def empty(self) -> bool:
        return all(
            v is None
            for v in (self.role, self.required, self.email, self.organisation, self.name, self.timezone, self.hours)
        )


async def update_member(
    ctx: CommandContext, ref: str, member_ref: str, changes: MemberChanges
) -> tuple[Committee, CommitteeMember]:
    """Change a member's role, attendance, e-mail, organisation, time zone or working hours."""
    _check_timezone(changes.timezone)
    try:
        async with ctx.services.db.session() as s:
            committee = await find_committee(s, ctx.person, ref)
            members = await members_of(s, committee.id or 0)
            require_secretariat(committee, members, ctx.person)
            require_active(committee)
            member = find_member(committee, members, member_ref)
            if (
                member.role == "secretariat"
                and changes.role not in (None, "secretariat")
                and not _secretariat_left(members, member)
            ):
                raise UserFacingError("committee.error.last_secretariat", committee=committee.name)
            _apply(member, changes)
            s.add(member)
            await s.flush()
            action = "committee.member_role_changed" if changes.role else "committee.member_updated"
            await audit(ctx, s, committee, action, member=member.id, role=member.role, required=member.required)
    except IntegrityError:
        raise UserFacingError("committee.error.email_taken", email=changes.email or "") from None
    return committee, member


def _apply(member: CommitteeMember, changes: MemberChanges) -> None:
    if changes.role is not None:
        member.role = changes.role
    if changes.required is not None:
        member.required = changes.required
    if changes.email is not None:
        member.email = changes.email
    if changes.organisation is not None:
        member.organisation = changes.organisation
    if changes.name is not None:
        member.name = changes.name[:200]
    if changes.timezone is not None:
        member.timezone = changes.timezone
    if changes.hours is not None:
        member.working_start, member.working_end = changes.hours
