"""Who is away (`/genai trip away [unit] [date]`): people on an approved (or already reported) trip on a day
(default today in GENAI_TIMEZONE), in a unit and the units under it (default the asker's unit in the
organisation file). Dates as people type them: `2026-12-10`, `12/10`, `12月10日`, `明日`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from genai_bot.commands import CommandContext
from genai_bot.dates import format_day, next_date
from genai_bot.errors import UserFacingError
from genai_bot.messages import Reply
from genai_bot.org import Organisation, Unit
from genai_bot.services import Services
from genai_bot.text import fold
from skills.trip.extras_common import format_trip_days, today_in
from skills.trip.models import Trip

__all__ = ["AWAY_STATES", "AwayScope", "away_command", "away_on"]

AWAY_STATES = ("approved", "completed")


@dataclass(frozen=True)
class AwayScope:
    """Which trips count: those whose unit is one of `units` or whose traveller is one of `people` (folded ids);
    everyone in the workspace when both are None."""

    label: str | None = None
    units: frozenset[str] | None = None
    people: frozenset[str] | None = None

    def covers(self, trip: Trip) -> bool:
        if self.units is None and self.people is None:
            return True
        return (trip.unit is not None and trip.unit in (self.units or ())) or fold(trip.traveller) in (
            self.people or ()
        )


async def away_on(services: Services, platform: str, team_id: str, day: date, scope: AwayScope) -> list[Trip]:
    """Approved or reported trips covering `day` in the workspace, within `scope`, by traveller name."""
    async with services.db.session() as s:
        rows = (
            await s.exec(
                select(Trip).where(
                    Trip.platform == platform,
                    Trip.team_id == team_id,
                    col(Trip.state).in_(AWAY_STATES),
                    col(Trip.depart) <= day,
                    col(Trip.return_on) >= day,
                )
            )
        ).all()
    return sorted((t for t in rows if scope.covers(t)), key=lambda t: (t.traveller_name or t.traveller, t.id or 0))


def _scope(ctx: CommandContext, unit_text: str) -> AwayScope:
    org = ctx.services.organisation()
    if org is None:
        if unit_text:
            return AwayScope(unit_text, frozenset({unit_text}), None)
        return AwayScope()
    if unit_text:
        unit = _find_unit(org, unit_text)
        if unit is None:
            raise UserFacingError("trip.away.unknown_unit", unit=unit_text)
    else:
        member = org.member(ctx.person.user_id)
        unit = org.unit(member.unit) if member is not None else None
        if unit is None:
            raise UserFacingError("trip.away.no_unit")
    units = frozenset(u.id for u in org.units if unit in org.path(u.id))
    people = frozenset(fold(i) for m in org.members_of(unit.id, recursive=True) for i in m.ids)
    label = unit.name_en if ctx.lang == "en" and unit.name_en else unit.name
    return AwayScope(label, units, people)


def _find_unit(org: Organisation, text: str) -> Unit | None:
    """By id or ja/en name, else by the last part of its id when only one unit has it (`budget`)."""
    found = org.find_unit(text)
    if found is not None:
        return found
    tails = [u for u in org.units if fold(u.id.rsplit("/", 1)[-1]) == fold(text)]
    return tails[0] if len(tails) == 1 else None


def _parse(ctx: CommandContext, args: str) -> tuple[str, date]:
    today = today_in(ctx.services)
    words, day = [], None
    for word in args.split():
        parsed = next_date(word, today) if day is None else None
        if parsed is not None:
            day = parsed
        else:
            words.append(word)
    return " ".join(words), day or today


async def away_command(ctx: CommandContext, args: str) -> Reply:
    """`/genai trip away [unit] [date]`."""
    unit_text, day = _parse(ctx, args)
    scope = _scope(ctx, unit_text)
    trips = await away_on(ctx.services, ctx.person.platform, ctx.person.team_id, day, scope)
    when = format_day(day, ctx.lang)
    where = scope.label or ctx.t("trip.away.everyone")
    if not trips:
        return Reply.text(ctx.t("trip.away.none", day=when, unit=where))
    lines = [ctx.t("trip.away.head", day=when, unit=where, count=len(trips))]
    lines += [
        ctx.t(
            "trip.away.line",
            name=trip.traveller_name or trip.traveller,
            destination=trip.destination,
            days=format_trip_days(trip, ctx.lang),
            trip=trip.id,
        )
        for trip in trips
    ]
    return Reply.text("\n".join(lines))
