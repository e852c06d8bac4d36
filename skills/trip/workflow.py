"""The traveller's use cases: a request starts as a draft with its estimate; only the traveller edits, cancels
or submits it; submitting (or editing a submitted or approved trip) asks the approvers again for the new version.
Every state change is audited (`trip.created`, `trip.edited`, `trip.submitted`, `trip.cancelled`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from genai_bot.commands import CommandContext
from genai_bot.errors import FieldError, UserFacingError
from skills.trip.approvals import ask_approvers
from skills.trip.models import Trip
from skills.trip.parse import TripInput
from skills.trip.people import approvers_of, member_of
from skills.trip.pricing import DEFAULT_GRADE, Priced, price, stored_estimate
from skills.trip.rates import EstimateError
from skills.trip.store import EDITABLE, OPEN_STATES, change_state, find_trip, update_trip

__all__ = ["cancel_trip", "create_trip", "edit_trip", "load_trip", "submit_trip", "today"]

_PRICED = ("destination", "depart", "return_on", "fare", "lodging_per_night")


def today(ctx: CommandContext) -> date:
    return ctx.services.clock.now().astimezone(ctx.services.settings.tz).date()


def _check(ctx: CommandContext, values: dict[str, Any], *, new: bool) -> None:
    """Required fields and sensible dates, each error naming the field to fix."""
    if not values.get("destination"):
        raise FieldError("destination", "trip.error.no_destination")
    depart, return_on = values.get("depart"), values.get("return_on")
    if depart is None or return_on is None:
        raise FieldError("depart", "trip.error.no_dates")
    if not values.get("purpose"):
        raise FieldError("purpose", "trip.error.no_purpose")
    if return_on < depart:
        raise FieldError("return_on", "trip.error.reversed", depart=str(depart), return_on=str(return_on))
    if new and depart < today(ctx):
        raise FieldError("depart", "trip.error.past", depart=str(depart), today=str(today(ctx)))


def _grade(ctx: CommandContext, traveller: str) -> tuple[str, str | None, str | None]:
    """The traveller's grade, unit and name in the organisation file (the default grade when not in it)."""
    member = member_of(ctx.services, traveller)
    if member is not None:
        return member.grade, member.unit, member.name
    return DEFAULT_GRADE, None, None


_FORM_NAMES = {"return": "return_on", "transport_fare": "fare"}
"""The estimate's field names as the request form calls them."""


def _priced(ctx: CommandContext, values: dict[str, Any], grade: str) -> dict[str, Any]:
    try:
        priced = _price(ctx, values, grade)
    except EstimateError as exc:
        exc.field = _FORM_NAMES.get(exc.field, exc.field)
        raise
    return {"prefecture": priced.prefecture, "estimate_json": priced.json, "estimate_total": priced.total}


def _price(ctx: CommandContext, values: dict[str, Any], grade: str) -> Priced:
    return price(
        ctx.services,
        grade=grade,
        destination=values["destination"],
        depart=values["depart"],
        return_on=values["return_on"],
        fare=values.get("fare"),
        lodging=values.get("lodging_per_night"),
    )


async def create_trip(ctx: CommandContext, given: TripInput) -> Trip:
    values = given.given()
    _check(ctx, values, new=True)
    person = ctx.person
    grade, unit, name = _grade(ctx, person.user_id)
    values.update(_priced(ctx, values, grade))
    trip = Trip(
        platform=person.platform,
        team_id=person.team_id,
        traveller=person.user_id,
        traveller_name=name or person.name,
        unit=unit,
        grade=grade,
        channel_id=None if ctx.room.is_direct else ctx.room.channel_id,
        **values,
    )
    async with ctx.services.db.session() as s:
        s.add(trip)
        await s.flush()
        await ctx.services.audit.record(
            actor=person.user_id, action="trip.created", target=f"trip:{trip.id}", session=s, state="draft"
        )
        await s.refresh(trip)
    return trip


async def load_trip(ctx: CommandContext, ref: str, *, mine: bool = False) -> Trip:
    async with ctx.services.db.session() as s:
        trip = await find_trip(s, ctx.person, ref)
    if mine and trip.traveller != ctx.person.user_id:
        raise UserFacingError("trip.error.not_yours", id=trip.id)
    return trip


async def edit_trip(ctx: CommandContext, ref: str, given: TripInput) -> tuple[Trip, bool]:
    """Apply the changes; returns the trip and whether the approvers were asked again (it was submitted or
    approved: it goes back to submitted as a new version)."""
    trip = await load_trip(ctx, ref, mine=True)
    if trip.state not in EDITABLE:
        raise UserFacingError("trip.error.not_editable", id=trip.id, state=trip.state)
    changes = given.given()
    if not changes:
        raise UserFacingError("trip.error.nothing_to_change", id=trip.id)
    values = {name: getattr(trip, name) for name in ("destination", "purpose", *_PRICED[1:])} | changes
    _check(ctx, values, new=trip.depart != values["depart"])
    if any(name in changes for name in _PRICED):
        changes.update(_priced(ctx, values, trip.grade or _grade(ctx, trip.traveller)[0]))
    back = trip.state in ("submitted", "approved")
    if back:
        approvers_of(ctx.services, trip.traveller, trip.platform)  # a missing approver: nothing changes
    async with ctx.services.db.session() as s:
        extra: dict[str, Any] = {"submitted_at": ctx.services.clock.now(), "decided_by": None} if back else {}
        if not await update_trip(s, trip, {**changes, **extra}, state="submitted" if back else None):
            raise UserFacingError("trip.error.changed_meanwhile", id=trip.id)
        await ctx.services.audit.record(
            actor=ctx.person.user_id,
            action="trip.edited",
            target=f"trip:{trip.id}",
            session=s,
            fields=sorted(changes),
            version=trip.version + 1,
            was=trip.state,
        )
        if back:
            await ctx.services.audit.record(
                actor=ctx.person.user_id, action="trip.submitted", target=f"trip:{trip.id}", session=s, again=True
            )
    edited = await load_trip(ctx, str(trip.id))
    if back:
        await ask_approvers(ctx.services, ctx.chat, edited)
    return edited, back


async def submit_trip(ctx: CommandContext, ref: str) -> Trip:
    trip = await load_trip(ctx, ref, mine=True)
    if trip.state == "submitted":
        raise UserFacingError("trip.error.already_submitted", id=trip.id)
    if trip.state not in ("draft", "returned"):
        raise UserFacingError("trip.error.not_submittable", id=trip.id, state=trip.state)
    asked = approvers_of(ctx.services, trip.traveller, trip.platform)
    if _over_cap(trip) and not trip.lodging_reason:
        raise FieldError("lodging_reason", "trip.error.reason_needed", id=trip.id)
    async with ctx.services.db.session() as s:
        moved = await change_state(
            s, trip, from_states=("draft", "returned"), to="submitted", at=ctx.services.clock.now(), decided_by=None
        )
        if not moved:
            raise UserFacingError("trip.error.changed_meanwhile", id=trip.id)
        await ctx.services.audit.record(
            actor=ctx.person.user_id,
            action="trip.submitted",
            target=f"trip:{trip.id}",
            session=s,
            version=trip.version,
            approvers=[a.user_id for a in asked],
        )
    submitted = await load_trip(ctx, str(trip.id))
    await ask_approvers(ctx.services, ctx.chat, submitted)
    return submitted


def _over_cap(trip: Trip) -> bool:
    estimate = stored_estimate(trip.estimate_json)
    return estimate is not None and estimate.over_cap


async def cancel_trip(ctx: CommandContext, ref: str) -> Trip:
    trip = await load_trip(ctx, ref, mine=True)
    if trip.state not in OPEN_STATES:
        raise UserFacingError("trip.error.not_cancellable", id=trip.id, state=trip.state)
    async with ctx.services.db.session() as s:
        if not await change_state(s, trip, from_states=OPEN_STATES, to="cancelled", at=ctx.services.clock.now()):
            raise UserFacingError("trip.error.changed_meanwhile", id=trip.id)
        await ctx.services.audit.record(
            actor=ctx.person.user_id, action="trip.cancelled", target=f"trip:{trip.id}", session=s, was=trip.state
        )
    if ctx.services.outbox is not None:
        await ctx.services.outbox.cancel(f"trip:{trip.id}:")  # approval requests not sent yet are not sent
    return await load_trip(ctx, str(trip.id))
