"""Handlers of `/genai trip new|submit|list|show|edit|cancel|approve|reject|return`: read the arguments (or a
submitted form), run the use case, render the reply."""

from __future__ import annotations

import re

from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.messages import Reply, Text
from skills.trip.approvals import decide_trip, decided_text
from skills.trip.conflicts import conflict_blocks, find_conflicts
from skills.trip.forms import FORM_FIELDS, from_form, reason_form, trip_form
from skills.trip.models import Trip
from skills.trip.parse import parse_edit, parse_new, tokenize
from skills.trip.people import member_of, my_ids, require_org
from skills.trip.store import awaiting, find_trip, trips_of
from skills.trip.views import trip_card, trip_list
from skills.trip.workflow import cancel_trip, create_trip, edit_trip, load_trip, submit_trip, today

__all__ = ["approve", "cancel", "edit", "list_trips", "new", "reject", "return_", "show", "submit"]

_VERSION = re.compile(r"^v(\d+)$", re.IGNORECASE)
_ALL = frozenset({"--all", "all", "全て", "すべて", "承認待ち", "--pending"})


def _from_form(ctx: CommandContext) -> bool:
    return any(name in ctx.extra for name in FORM_FIELDS)


def _card(ctx: CommandContext, headline: str, trip: Trip) -> Reply:
    """The trip; its traveller gets Submit / Edit / Cancel (buttons where they show, else the typed commands)."""
    mine = trip.traveller == ctx.person.user_id
    return trip_card(ctx.lang, trip, headline=headline, buttons=mine and ctx.supports_buttons, typed_hint=mine)


def _one_ref(args: str, sub: str) -> str:
    words = tokenize(args)
    if not words:
        raise UserFacingError("trip.error.id_needed", sub=sub)
    return words[0]


async def new(ctx: CommandContext, args: str) -> Reply:
    if _from_form(ctx):
        given = from_form(ctx.extra, today(ctx), editing=False)
    elif not args.strip():
        return trip_form(ctx)
    else:
        given = parse_new(args, today(ctx))
    trip = await create_trip(ctx, given)
    reply = _card(ctx, ctx.t("trip.created", id=trip.id), trip)
    if ctx.services.organisation() is not None and member_of(ctx.services, ctx.person.user_id) is None:
        file = str(ctx.services.settings.org_file)
        reply.blocks.append(Text(ctx.t("trip.warn.not_in_org", who=ctx.person.user_id, file=file)))
    return reply


async def submit(ctx: CommandContext, args: str) -> Reply:
    trip = await submit_trip(ctx, _one_ref(args, "submit"))
    reply = _card(ctx, ctx.t("trip.submitted", id=trip.id), trip)
    overlapping = await find_conflicts(ctx.services, trip)  # shown, never blocking (skills/trip/conflicts.py)
    reply.blocks.extend(conflict_blocks(overlapping, ctx.lang, ctx.services.settings.timezone))
    return reply


async def show(ctx: CommandContext, args: str) -> Reply:
    trip = await load_trip(ctx, _one_ref(args, "show"))
    mine = trip.traveller == ctx.person.user_id
    if not mine:
        org = ctx.services.organisation()
        if org is None or not org.may_approve(ctx.person.user_id, trip.traveller):
            raise UserFacingError("trip.error.not_found", id=trip.id)
    return _card(ctx, ctx.t("trip.show", id=trip.id), trip)


async def list_trips(ctx: CommandContext, args: str) -> Reply:
    words = {w.casefold() for w in tokenize(args)}
    async with ctx.services.db.session() as s:
        if words & _ALL:
            trips = await awaiting(s, ctx.person, my_ids(ctx.services, ctx.person.user_id))
            return trip_list(ctx.lang, trips, title_key="trip.list.awaiting", empty_key="trip.list.awaiting_none")
        trips = await trips_of(s, ctx.person, include_closed="--closed" in words)
    return trip_list(ctx.lang, trips, title_key="trip.list.mine", empty_key="trip.list.none")


async def edit(ctx: CommandContext, args: str) -> Reply:
    ref = _one_ref(args, "edit")
    if _from_form(ctx):
        given = from_form(ctx.extra, today(ctx), editing=True)
    else:
        rest = args.strip()[len(ref) :] if args.strip().startswith(ref) else " ".join(tokenize(args)[1:])
        if not rest.strip():
            trip = await load_trip(ctx, ref, mine=True)
            return trip_form(ctx, trip)
        given = parse_edit(rest, today(ctx))
    trip, back = await edit_trip(ctx, ref, given)
    key = "trip.edited_back" if back else "trip.edited"
    return _card(ctx, ctx.t(key, id=trip.id, version=trip.version), trip)


async def cancel(ctx: CommandContext, args: str) -> Reply:
    trip = await cancel_trip(ctx, _one_ref(args, "cancel"))
    return Reply.text(ctx.t("trip.cancelled", id=trip.id, destination=trip.destination))


def _decision_args(args: str, sub: str, extra: dict[str, str]) -> tuple[str, int | None, str | None]:
    words = tokenize(args)
    if not words:
        raise UserFacingError("trip.error.id_needed", sub=sub)
    ref, rest = words[0], words[1:]
    version = None
    if rest and _VERSION.match(rest[0]):
        version = int(rest[0][1:])
        rest = rest[1:]
    reason = extra.get("reason", "").strip() or " ".join(rest).strip() or None
    return ref, version, reason


async def _decide(ctx: CommandContext, args: str, action: str) -> Reply:
    require_org(ctx.services)
    ref, version, reason = _decision_args(args, action, ctx.extra)
    if action == "return" and reason is None:
        async with ctx.services.db.session() as s:
            trip = await find_trip(s, ctx.person, ref)
        org = require_org(ctx.services)
        if ctx.person.user_id != trip.traveller and org.may_approve(ctx.person.user_id, trip.traveller):
            return reason_form(ctx, trip, action)
    decision = await decide_trip(ctx, ref, action, version=version, reason=reason)
    trip = decision.trip
    if not decision.won:
        return Reply.text(decided_text(ctx, trip, version or trip.version))
    who = trip.traveller_name or trip.traveller
    return Reply.text(ctx.t(f"trip.decided.{trip.state}", id=trip.id, traveller=who, destination=trip.destination))


async def approve(ctx: CommandContext, args: str) -> Reply:
    return await _decide(ctx, args, "approve")


async def reject(ctx: CommandContext, args: str) -> Reply:
    return await _decide(ctx, args, "reject")


async def return_(ctx: CommandContext, args: str) -> Reply:
    return await _decide(ctx, args, "return")
