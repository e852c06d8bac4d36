"""What the trip extras (conflicts, itinerary, reminders, report, away, export) share: finding a trip by its
number in the asker's workspace, who may see it, and how its days read."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from genai_bot.commands import CommandContext
from genai_bot.dates import format_day
from genai_bot.errors import UserFacingError
from genai_bot.services import Services
from genai_bot.text import nfkc
from skills.trip.models import Trip

__all__ = ["ACTIVE_STATES", "format_trip_days", "load_trip", "parse_trip_id", "require_traveller", "today_in"]

ACTIVE_STATES = ("draft", "submitted", "approved", "returned", "completed")
"""Trips that still take the traveller's days (not cancelled, not rejected)."""


def parse_trip_id(word: str) -> int | None:
    """`12`, `#12`, `１２` → 12; None when it is not a trip number."""
    text = nfkc(word).strip().removeprefix("#")
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


async def load_trip(ctx: CommandContext, word: str) -> Trip:
    """The trip numbered `word` in the asker's workspace; a friendly error when there is none."""
    trip_id = parse_trip_id(word)
    if trip_id is None:
        raise UserFacingError("trip.extras.bad_id", value=word or "—")
    async with ctx.services.db.session() as s:
        trip = await s.get(Trip, trip_id)
    if trip is None or trip.platform != ctx.person.platform or trip.team_id != ctx.person.team_id:
        raise UserFacingError("trip.extras.not_found", trip=trip_id)
    return trip


def require_traveller(ctx: CommandContext, trip: Trip) -> None:
    """Only the traveller works on their own trip's itinerary and report."""
    if trip.traveller != ctx.person.user_id:
        raise UserFacingError("trip.extras.not_yours", trip=trip.id)


def today_in(services: Services) -> date:
    """Today in the office's time zone (GENAI_TIMEZONE)."""
    return services.clock.now().astimezone(ZoneInfo(services.settings.timezone)).date()


def format_trip_days(trip: Trip, lang: str) -> str:
    """`12月10日(木)〜12月11日(金)` / `Thu 10 Dec – Fri 11 Dec`; one day alone when it is a day trip."""
    first = format_day(trip.depart, lang)
    if trip.return_on == trip.depart:
        return first
    last = format_day(trip.return_on, lang)
    return f"{first} – {last}" if lang == "en" else f"{first}〜{last}"
