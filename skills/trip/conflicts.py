"""What a trip collides with, shown before it is submitted: the traveller's calendar busy blocks over the trip
days (when a calendar source is configured: Graph or imported .ics), confirmed meetings of committees the
traveller is a member of, and the traveller's other trips (not cancelled or rejected) on overlapping days.

A conflict never blocks submission; it is shown so the traveller (and the approver) can decide. A calendar that
cannot be read is skipped (logged), never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import structlog
from sqlmodel import col, select

from genai_bot.calendar.port import Span, is_email
from genai_bot.calendar.spans import merge_spans
from genai_bot.commands import CommandContext
from genai_bot.dates import format_day
from genai_bot.i18n import t
from genai_bot.messages import Block, Reply, Text
from genai_bot.services import Services
from skills.committee.dates import format_span
from skills.committee.models import Committee, CommitteeMember, Meeting
from skills.trip.extras_common import ACTIVE_STATES, load_trip
from skills.trip.models import Trip

__all__ = ["Conflict", "ConflictKind", "conflict_blocks", "conflict_lines", "conflicts_command", "find_conflicts"]

ConflictKind = Literal["calendar", "meeting", "trip"]
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Conflict:
    """One thing on the trip's days. `when` is a (start, end) pair: aware datetimes for calendar blocks and
    meetings, dates (first and last day, inclusive) for another trip."""

    kind: ConflictKind
    when: tuple[date, date]
    label: str
    ref: int | None = None
    """The meeting's or other trip's number."""


async def find_conflicts(services: Services, trip: Trip) -> list[Conflict]:
    """Everything on the trip's days, in time order: calendar, committee meetings, other trips."""
    zone = ZoneInfo(services.settings.timezone)
    start = datetime.combine(trip.depart, time(0), zone)
    end = datetime.combine(trip.return_on + timedelta(days=1), time(0), zone)
    found = [
        *await _calendar(services, trip, start, end),
        *await _meetings(services, trip, start, end),
        *await _other_trips(services, trip),
    ]
    return sorted(found, key=lambda c: (_sort_key(c.when[0], zone), c.kind))


def _sort_key(when: date, zone: ZoneInfo) -> datetime:
    if isinstance(when, datetime):
        return when.astimezone(zone)
    return datetime.combine(when, time(0), zone)


def _calendar_keys(services: Services, trip: Trip) -> list[str]:
    """How the calendar knows the traveller: their user id, and their e-mail addresses from the org file."""
    keys = [trip.traveller]
    if services.org is not None:
        try:
            member = services.org.current().member(trip.traveller)
        except Exception:
            log.warning("trip.conflicts_org_unreadable", exc_info=True)
            member = None
        if member is not None:
            keys.extend(i for i in member.ids if is_email(i.strip().lower()))
    return list(dict.fromkeys(keys))


async def _calendar(services: Services, trip: Trip, start: datetime, end: datetime) -> list[Conflict]:
    if services.calendar is None:
        return []
    try:
        answer = await services.calendar.busy(_calendar_keys(services, trip), start, end)
    except Exception:
        log.warning("trip.conflicts_calendar_failed", trip=trip.id, exc_info=True)
        return []
    spans: list[Span] = [span for person_spans in answer.busy.values() for span in person_spans]
    return [Conflict("calendar", (s, e), "") for s, e in merge_spans(spans)]


async def _meetings(services: Services, trip: Trip, start: datetime, end: datetime) -> list[Conflict]:
    async with services.db.session() as s:
        rows = (
            await s.exec(
                select(Meeting, Committee)
                .join(Committee, col(Committee.id) == col(Meeting.committee_id))
                .join(CommitteeMember, col(CommitteeMember.committee_id) == col(Committee.id))
                .where(
                    Committee.platform == trip.platform,
                    Committee.team_id == trip.team_id,
                    CommitteeMember.user_id == trip.traveller,
                    Meeting.status == "confirmed",
                    col(Meeting.start) < end,
                    col(Meeting.end) > start,
                )
            )
        ).all()
    return [
        Conflict("meeting", (m.start, m.end), f"{c.name}: {m.title}", m.id)
        for m, c in rows
        if m.start is not None and m.end is not None
    ]


async def _other_trips(services: Services, trip: Trip) -> list[Conflict]:
    async with services.db.session() as s:
        query = select(Trip).where(
            Trip.platform == trip.platform,
            Trip.team_id == trip.team_id,
            Trip.traveller == trip.traveller,
            col(Trip.state).in_(ACTIVE_STATES),
            col(Trip.depart) <= trip.return_on,
            col(Trip.return_on) >= trip.depart,
        )
        if trip.id is not None:
            query = query.where(col(Trip.id) != trip.id)
        rows = (await s.exec(query)).all()
    return [Conflict("trip", (o.depart, o.return_on), o.destination, o.id) for o in rows]


def conflict_lines(conflicts: list[Conflict], lang: str, tz: str) -> list[str]:
    """One bullet line per conflict: `• 12月10日(木) 10:00–11:00 予定あり（予定表）`."""
    return [f"• {_when(c, lang, tz)} {_label(c, lang)}" for c in conflicts]


def conflict_blocks(conflicts: list[Conflict], lang: str, tz: str) -> list[Block]:
    """A warning paragraph for a Reply, or nothing when there is no conflict."""
    if not conflicts:
        return []
    head = t(lang, "trip.conflicts.head", count=len(conflicts))
    return [Text("\n".join([head, *conflict_lines(conflicts, lang, tz)]))]


def _when(conflict: Conflict, lang: str, tz: str) -> str:
    first, last = conflict.when
    if isinstance(first, datetime) and isinstance(last, datetime):
        return format_span(first, last, lang, tz)
    if first == last:
        return format_day(first, lang)
    return f"{format_day(first, lang)}–{format_day(last, lang)}"


def _label(conflict: Conflict, lang: str) -> str:
    if conflict.kind == "calendar":
        return t(lang, "trip.conflicts.calendar")
    if conflict.kind == "meeting":
        return t(lang, "trip.conflicts.meeting", label=conflict.label, meeting=conflict.ref)
    return t(lang, "trip.conflicts.trip", label=conflict.label, trip=conflict.ref)


async def conflicts_command(ctx: CommandContext, args: str) -> Reply:
    """`/genai trip conflicts <id>`: what overlaps the trip, for the traveller (or anyone shown the trip)."""
    words = args.split()
    trip = await load_trip(ctx, words[0] if words else "")
    found = await find_conflicts(ctx.services, trip)
    if not found:
        return Reply.text(ctx.t("trip.conflicts.none", trip=trip.id))
    return Reply(blocks=conflict_blocks(found, ctx.lang, ctx.services.settings.timezone))
