"""Approval: the approvers' DMs (durable, through the outbox), and the one decision per submitted version.

A DM is scheduled with the dedup key `trip:<id>:v<version>:ask:<approver>`, so asking twice sends once, a failing
DM is retried and a restart loses nothing; an hourly sweep re-asks for submitted trips whose asks are missing
(a crash between the submit and the scheduling). A decision is one conditional UPDATE
(`WHERE state='submitted' AND version=:v`): a double click counts once and of two approvers one wins; the other
is told who decided. Only an approver or delegate from the organisation file may decide; anyone else is refused
and the attempt audited (`trip.refused`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from genai_bot.chat import ChatPort
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.notify import schedule_post
from genai_bot.services import Services
from skills.trip.asks_closed import ask_key, close_other_asks
from skills.trip.models import Trip
from skills.trip.people import approvers_of, display_name, require_org
from skills.trip.reminders import schedule_trip_reminders
from skills.trip.store import add_approvals, decide, find_trip
from skills.trip.views import approval_request, decision_notice

__all__ = ["DECISIONS", "Decision", "ask_approvers", "decide_trip", "decided_text", "reask_pending"]

DECISIONS = {"approve": "approved", "reject": "rejected", "return": "returned"}


@dataclass(frozen=True)
class Decision:
    trip: Trip
    won: bool
    """False: someone else decided this version first (`trip.decided_by` says who), or it changed since."""


async def ask_approvers(services: Services, chat: ChatPort | None, trip: Trip) -> int:
    """Record an approval request per approver and delegate for the trip's version and schedule their DMs.
    Returns how many were scheduled now (0 when all were already)."""
    asked = approvers_of(services, trip.traveller, trip.platform)
    port = chat or services.chat_ports.get(trip.platform)
    async with services.db.session() as s:
        await add_approvals(s, trip, ((a.user_id, a.role) for a in asked))
    if port is None or services.outbox is None:
        return 0
    scheduled = 0
    for who in asked:
        room = await port.direct_room(who.user_id)
        lang = await services.users.language_of(trip.platform, trip.team_id, who.user_id)
        if await schedule_post(
            services.outbox,
            dedup_key=ask_key(trip.id or 0, trip.version, who.user_id),
            due_at=services.clock.now(),
            room=room,
            reply=approval_request(lang, trip, role=who.role),
        ):
            scheduled += 1
    return scheduled


async def reask_pending(services: Services) -> None:
    """Hourly: submitted trips get their approvers' DMs scheduled (idempotent; covers a crash after a submit)."""
    if services.org is None:
        return
    async with services.db.session() as s:
        trips = list((await s.exec(select(Trip).where(Trip.state == "submitted").order_by(col(Trip.id)))).all())
    for trip in trips:
        try:
            await ask_approvers(services, None, trip)
        except UserFacingError:
            continue  # the organisation file lost them: the traveller hears it on their next command


async def decide_trip(
    ctx: CommandContext, ref: str, action: str, *, version: int | None, reason: str | None
) -> Decision:
    """`approve|reject|return` by the person asking: refused unless they may approve the traveller's trips."""
    org = require_org(ctx.services)
    async with ctx.services.db.session() as s:
        trip = await find_trip(s, ctx.person, ref)
    actor = ctx.person.user_id
    if actor == trip.traveller or not org.may_approve(actor, trip.traveller):
        await ctx.services.audit.record(
            actor=actor, action="trip.refused", target=f"trip:{trip.id}", attempted=action, traveller=trip.traveller
        )
        raise UserFacingError("trip.error.not_approver", id=trip.id)
    seen = trip.version if version is None else version
    state = DECISIONS[action]
    now = ctx.services.clock.now()
    async with ctx.services.db.session() as s:
        won = await decide(s, trip.id or 0, seen, to=state, by=actor, reason=reason, at=now)
        if won:
            await ctx.services.audit.record(
                actor=actor, action=f"trip.{state}", target=f"trip:{trip.id}", session=s, version=seen, reason=reason
            )
    async with ctx.services.db.session() as s:
        current = await find_trip(s, ctx.person, str(trip.id))
    if not won:
        return Decision(current, won=False)
    await _tell_traveller(ctx, current)
    await close_other_asks(ctx.services, current, seen, decided_by=actor)  # the others' DMs say who decided
    if current.state == "approved":
        await schedule_trip_reminders(ctx.services, current)  # skills/trip/reminders.py
    return Decision(current, won=True)


async def _tell_traveller(ctx: CommandContext, trip: Trip) -> None:
    """The traveller's DM about the decision, through the outbox (retried, survives a restart)."""
    services = ctx.services
    port = ctx.chat or services.chat_ports.get(trip.platform)
    if port is None or services.outbox is None:
        return
    lang = await services.users.language_of(trip.platform, trip.team_id, trip.traveller)
    by = display_name(services, ctx.person.user_id, ctx.person.name)
    await schedule_post(
        services.outbox,
        dedup_key=f"trip:{trip.id}:v{trip.version}:told:{trip.state}",
        due_at=services.clock.now(),
        room=await port.direct_room(trip.traveller),
        reply=decision_notice(lang, trip, by=by),
    )


def decided_text(ctx: CommandContext, trip: Trip, seen: int) -> str:
    """Why a decision did not count: someone decided first (who, what), or the request changed since."""
    if trip.state == "submitted" and trip.version != seen:
        return ctx.t("trip.decide.changed", id=trip.id, version=trip.version)
    if trip.state in ("approved", "rejected", "returned") and trip.decided_by:
        key = "trip.decide.already_you" if trip.decided_by == ctx.person.user_id else "trip.decide.already"
        by = display_name(ctx.services, trip.decided_by)
        return ctx.t(key, id=trip.id, by=by, state=t(ctx.lang, f"trip.state.{trip.state}"))
    return ctx.t("trip.decide.not_pending", id=trip.id, state=t(ctx.lang, f"trip.state.{trip.state}"))
