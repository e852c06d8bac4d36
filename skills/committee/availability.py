"""Who is free when: members' busy times from the calendar port (Graph, imported .ics), fed to the slot finder.

Members without calendar data count as free here and answer in the poll; the result says who they are, where
each member's data came from, and why Graph was not used when it fell back to local data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from genai_bot.calendar.composite import CompositeCalendar
from genai_bot.calendar.local import LocalCalendar
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from skills.committee.models import Committee, CommitteeMember
from skills.committee.settings import committee_settings, parse_hours
from skills.committee.slots import (
    MAX_WINDOW_DAYS,
    BusyInterval,
    MemberAvailability,
    SlotRequest,
    SlotResult,
    find_spread_slots,
)
from skills.committee.store import member_key

MIN_DURATION, MAX_DURATION = 5, 600


@dataclass(frozen=True)
class SlotQuery:
    """What to look for: a date window (inclusive days in the committee's time zone) and the meeting shape."""

    first: date
    last: date
    duration: int
    buffer: int
    lunch: bool = False
    max_candidates: int = 5


@dataclass
class SlotFinding:
    committee: Committee
    members: list[CommitteeMember]
    query: SlotQuery
    result: SlotResult
    unknown: set[int] = field(default_factory=set)
    """Member ids without calendar data (counted as free; they answer in the poll)."""
    sources: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    trimmed_from: date | None = None
    """The first day asked for, when it was before today and the search started today instead."""

    def name_of(self, member_id: str | int) -> str:
        wanted = int(member_id)
        return next((m.name for m in self.members if m.id == wanted), str(member_id))


def calendar_of(ctx: CommandContext) -> Any:
    """The wired calendar port, or the local busy blocks alone when none is wired."""
    return ctx.services.calendar if ctx.services.calendar is not None else LocalCalendar(ctx.services.db)


def organiser_email(members: list[CommitteeMember], user_id: str | None = None) -> str | None:
    """The acting secretariat's e-mail, else any secretariat's, else None."""
    secretariat = [m for m in members if m.role == "secretariat" and m.email]
    mine = [m for m in secretariat if user_id and m.user_id == user_id]
    return (mine or secretariat)[0].email if (mine or secretariat) else None


def check_query(query: SlotQuery, today: date) -> None:
    if query.last < query.first:
        raise UserFacingError("committee.error.window_reversed")
    if query.last < today:
        raise UserFacingError("committee.error.window_past")
    if (query.last - query.first).days + 1 > MAX_WINDOW_DAYS:
        raise UserFacingError("committee.error.window_too_long", days=MAX_WINDOW_DAYS)
    if not MIN_DURATION <= query.duration <= MAX_DURATION:
        raise UserFacingError("committee.error.bad_duration", low=MIN_DURATION, high=MAX_DURATION)


async def find_slots(
    ctx: CommandContext, committee: Committee, members: list[CommitteeMember], query: SlotQuery
) -> SlotFinding:
    """Candidates for `query` where every required member is free, with who is free or busy for each."""
    zone = ZoneInfo(committee.timezone)
    now = ctx.services.clock.now()
    today = now.astimezone(zone).date()
    check_query(query, today)
    trimmed_from = query.first if query.first < today else None
    if trimmed_from is not None:  # the past days are dropped, and the reply says so
        query = replace(query, first=today)
    start = max(datetime.combine(query.first, time(0), zone), now)
    end = datetime.combine(query.last + timedelta(days=1), time(0), zone)
    keys = {member_key(m): m for m in members}
    calendar = calendar_of(ctx)
    if isinstance(calendar, CompositeCalendar):
        answer = await calendar.busy(list(keys), start, end, organiser=organiser_email(members, ctx.person.user_id))
    else:
        answer = await calendar.busy(list(keys), start, end)
    settings = committee_settings(ctx.services)
    availability = [_availability(m, answer.busy.get(key, [])) for key, m in keys.items()]
    request = SlotRequest(
        window_start=start,
        window_end=end,
        duration_minutes=query.duration,
        members=availability,
        timezone=committee.timezone,
        working_hours=settings.hours,
        buffer_minutes=query.buffer,
        max_candidates=query.max_candidates,
        lunch=settings.lunch_block if query.lunch else None,
    )
    result = find_spread_slots(request)
    return SlotFinding(
        committee=committee,
        members=members,
        query=query,
        result=result,
        unknown={m.id or 0 for key, m in keys.items() if key in answer.unknown},
        sources={m.id or 0: answer.sources[key] for key, m in keys.items() if key in answer.sources},
        warnings=list(answer.warnings),
        trimmed_from=trimmed_from,
    )


def _availability(member: CommitteeMember, spans: list[tuple[datetime, datetime]]) -> MemberAvailability:
    hours = None
    if member.working_start and member.working_end:
        hours = parse_hours(f"{member.working_start}-{member.working_end}")
    return MemberAvailability(
        id=str(member.id),
        required=member.required,
        busy=[BusyInterval(s, e) for s, e in spans],
        working_hours=hours,
        timezone=member.timezone,
    )
