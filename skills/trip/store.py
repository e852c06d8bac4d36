"""The trip skill's SQL: trips and approval requests. State changes are single conditional UPDATEs on the state
and version they were decided on, so a double click or two approvers at once change a trip once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db.models import utcnow
from genai_bot.errors import UserFacingError
from genai_bot.messages import Person
from genai_bot.text import nfkc
from skills.trip.models import Trip, TripApproval

__all__ = [
    "EDITABLE",
    "OPEN_STATES",
    "add_approvals",
    "approvals_of",
    "awaiting",
    "change_state",
    "decide",
    "find_trip",
    "trip_id_of",
    "trips_of",
    "update_trip",
]

EDITABLE = ("draft", "returned", "submitted", "approved")
"""States a traveller may still edit (a submitted or approved trip goes back to the approvers)."""
OPEN_STATES = ("draft", "submitted", "returned", "approved")


def trip_id_of(ref: str) -> int:
    """`12`, `#12`, `trip-12`, `１２` → 12; anything else is a friendly error."""
    text = nfkc(ref).strip().lstrip("#").removeprefix("trip-").removeprefix("trip")
    if not text.isdigit():
        raise UserFacingError("trip.error.bad_id", value=ref)
    return int(text)


async def find_trip(s: AsyncSession, person: Person, ref: str) -> Trip:
    """The trip with this number in the person's workspace (whoever's it is), or a friendly error."""
    trip_id = trip_id_of(ref)
    trip = await s.get(Trip, trip_id)
    if trip is None or trip.platform != person.platform or trip.team_id != person.team_id:
        raise UserFacingError("trip.error.not_found", id=trip_id)
    return trip


async def trips_of(s: AsyncSession, person: Person, *, include_closed: bool = False) -> list[Trip]:
    query = select(Trip).where(
        Trip.platform == person.platform, Trip.team_id == person.team_id, Trip.traveller == person.user_id
    )
    if not include_closed:
        query = query.where(col(Trip.state).in_(OPEN_STATES))
    return list((await s.exec(query.order_by(col(Trip.depart), col(Trip.id)))).all())


async def awaiting(s: AsyncSession, person: Person, ids: Iterable[str]) -> list[Trip]:
    """Submitted trips whose current version was sent to one of `ids` (the person's identifiers)."""
    query = (
        select(Trip)
        .join(TripApproval, col(TripApproval.trip_id) == col(Trip.id))
        .where(
            Trip.platform == person.platform,
            Trip.team_id == person.team_id,
            Trip.state == "submitted",
            col(TripApproval.version) == col(Trip.version),
            col(TripApproval.approver).in_(list(ids)),
        )
        .order_by(col(Trip.submitted_at), col(Trip.id))
    )
    seen: dict[int, Trip] = {}
    for trip in (await s.exec(query)).all():
        seen.setdefault(trip.id or 0, trip)
    return list(seen.values())


async def update_trip(s: AsyncSession, trip: Trip, changes: dict[str, Any], *, state: str | None = None) -> bool:
    """Apply the changes to the version the traveller saw (the version grows by one); False when the trip changed
    meanwhile."""
    values = {**changes, "version": trip.version + 1, "updated_at": utcnow()}
    if state is not None:
        values["state"] = state
    result = await s.exec(
        update(Trip)
        .where(col(Trip.id) == trip.id, col(Trip.version) == trip.version, col(Trip.state) == trip.state)
        .values(**values)
    )
    return bool(result.rowcount)


async def change_state(
    s: AsyncSession, trip: Trip, *, from_states: Sequence[str], to: str, at: datetime, **values: Any
) -> bool:
    """Move the trip (at the version seen) from one of `from_states` to `to`; False when it moved meanwhile."""
    stamp = {"submitted_at": at} if to == "submitted" else {}
    result = await s.exec(
        update(Trip)
        .where(col(Trip.id) == trip.id, col(Trip.version) == trip.version, col(Trip.state).in_(list(from_states)))
        .values(state=to, updated_at=utcnow(), **stamp, **values)
    )
    return bool(result.rowcount)


async def decide(
    s: AsyncSession, trip_id: int, version: int, *, to: str, by: str, reason: str | None, at: datetime
) -> bool:
    """The one decision on a submitted version: `UPDATE … WHERE state='submitted' AND version=:v`."""
    result = await s.exec(
        update(Trip)
        .where(col(Trip.id) == trip_id, col(Trip.state) == "submitted", col(Trip.version) == version)
        .values(state=to, decided_by=by, decision_reason=reason, decided_at=at, updated_at=utcnow())
    )
    return bool(result.rowcount)


async def add_approvals(s: AsyncSession, trip: Trip, asked: Iterable[tuple[str, str]]) -> list[TripApproval]:
    """One approval request row per (approver, role) for the trip's current version (none twice)."""
    existing = {a.approver for a in await approvals_of(s, trip.id or 0, trip.version)}
    rows = [
        TripApproval(trip_id=trip.id or 0, version=trip.version, approver=who, role=role)
        for who, role in asked
        if who not in existing
    ]
    for row in rows:
        s.add(row)
    return rows


async def approvals_of(s: AsyncSession, trip_id: int, version: int | None = None) -> list[TripApproval]:
    query = select(TripApproval).where(TripApproval.trip_id == trip_id)
    if version is not None:
        query = query.where(TripApproval.version == version)
    return list((await s.exec(query.order_by(col(TripApproval.id)))).all())
