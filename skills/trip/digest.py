"""The trip's part of the digests: requests waiting for my approval, my own trips in the coming week (and the
ones sent back to me), and who in my unit is away today."""

from __future__ import annotations

from datetime import date, timedelta

import skills.trip.messages_digest  # noqa: F401  (registers the catalog)
from genai_bot.digest_port import DigestItem
from genai_bot.i18n import t
from genai_bot.messages import Person
from genai_bot.services import Services
from genai_bot.skill_host import SkillHost
from genai_bot.text import fold
from skills.trip.away import AwayScope, away_on
from skills.trip.extras_common import format_trip_days
from skills.trip.models import Trip
from skills.trip.people import display_name, my_ids
from skills.trip.store import awaiting, trips_of

__all__ = ["register_digest"]

_AHEAD = timedelta(days=7)
"""How far ahead "my trips" look."""


def register_digest(host: SkillHost) -> None:
    host.digest_section("trip", personal_items, order=10)


async def personal_items(services: Services, person: Person, day: date) -> list[DigestItem]:
    async with services.db.session() as s:
        waiting = await awaiting(s, person, my_ids(services, person.user_id))
        mine = await trips_of(s, person)
    lang = person.lang
    items = [_approval(lang, trip) for trip in waiting]
    items += [_mine(lang, trip, day) for trip in mine if _concerns_me(trip, day)]
    away = await _away_in_my_unit(services, person, day)
    return items + away


def _approval(lang: str, trip: Trip) -> DigestItem:
    return DigestItem(
        t(lang, "trip.digest.approval", id=trip.id, who=trip.traveller_name or trip.traveller),
        t(lang, "trip.digest.where_when", destination=trip.destination, days=format_trip_days(trip, lang)),
        ref=f"`/genai trip show {trip.id}`",
        kind="approval",
    )


def _concerns_me(trip: Trip, day: date) -> bool:
    """Sent back to me (whenever it is), or a live trip that has not ended and starts within the week."""
    if trip.state == "returned":
        return True
    return trip.state in ("submitted", "approved") and trip.return_on >= day and trip.depart <= day + _AHEAD


def _mine(lang: str, trip: Trip, day: date) -> DigestItem:
    if trip.state == "returned":
        key = "trip.digest.returned"
    elif trip.depart <= day:
        key = "trip.digest.travelling"
    else:
        key = "trip.digest.upcoming" if trip.state == "approved" else "trip.digest.pending"
    return DigestItem(
        t(lang, key, id=trip.id, destination=trip.destination),
        format_trip_days(trip, lang),
        ref=f"`/genai trip show {trip.id}`",
        kind="trip",
    )


async def _away_in_my_unit(services: Services, person: Person, day: date) -> list[DigestItem]:
    org = services.organisation()
    member = org.member(person.user_id) if org is not None else None
    if org is None or member is None:
        return []
    people = frozenset(fold(i) for m in org.members_of(member.unit, recursive=False) for i in m.ids)
    scope = AwayScope(None, frozenset({member.unit}), people)
    trips = await away_on(services, person.platform, person.team_id, day, scope)
    mine = {fold(i) for i in member.ids}
    others = [trip for trip in trips if fold(trip.traveller) not in mine]
    if not others:
        return []
    separator = ", " if person.lang == "en" else "、"
    names = separator.join(display_name(services, trip.traveller, trip.traveller_name) for trip in others)
    return [
        DigestItem(
            t(person.lang, "trip.digest.away", count=len(others)),
            names,
            ref="`/genai trip away`",
            kind="away",
        )
    ]
