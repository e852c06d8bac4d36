"""Once one approver decides, the other approvers' request DMs are rewritten to say who decided and what (their
buttons go), so nobody acts on a request that is already settled.

Durable through the outbox (kind `trip.ask_closed`, one row per other approver and version): the DM is found by
its outbox key (`trip:<id>:v<version>:ask:<approver>`, the key it was posted under) and updated in place. A DM not
found (never delivered, or too old to search) is left as it is: a click on it still answers who decided."""

from __future__ import annotations

from datetime import timedelta

import structlog

from genai_bot.chat import ChatError
from genai_bot.db.models import OutboxMessage
from genai_bot.i18n import t
from genai_bot.messages import Reply
from genai_bot.notify import raise_for_delivery
from genai_bot.services import Services
from genai_bot.text import fold
from skills.trip.models import Trip
from skills.trip.people import display_name, my_ids
from skills.trip.store import approvals_of

__all__ = ["ASK_CLOSED_KIND", "ask_closed_kind", "ask_key", "close_other_asks", "deliver_ask_closed"]

log = structlog.get_logger(__name__)

ASK_CLOSED_KIND = "trip.ask_closed"


def ask_closed_kind(platform: str) -> str:
    return f"{ASK_CLOSED_KIND}:{platform}"


_SEARCH_BEFORE = timedelta(minutes=5)
"""How much earlier than the submission the search for the DM starts (clocks differ)."""


def ask_key(trip_id: int, version: int, approver: str) -> str:
    """The outbox key an approval request DM was posted under (skills/trip/approvals.py)."""
    return f"trip:{trip_id}:v{version}:ask:{approver}"


async def close_other_asks(services: Services, trip: Trip, version: int, decided_by: str) -> int:
    """Schedule the update of every other approver's DM for `version`; how many were scheduled."""
    if services.outbox is None or trip.id is None:
        return 0
    async with services.db.session() as s:
        asked = await approvals_of(s, trip.id, version)
    decider = {fold(i) for i in my_ids(services, decided_by)}  # the file may name them by another id
    scheduled = 0
    for approval in asked:
        if fold(approval.approver) in decider:
            continue
        payload = {"trip": trip.id, "version": version, "approver": approval.approver, "by": decided_by}
        if await services.outbox.schedule(
            dedup_key=f"trip:{trip.id}:v{version}:closed:{approval.approver}",
            due_at=services.clock.now(),
            kind=ask_closed_kind(trip.platform),
            payload=payload,
        ):
            scheduled += 1
    return scheduled


async def deliver_ask_closed(message: OutboxMessage, services: Services) -> None:
    p = message.payload
    async with services.db.session() as s:
        trip = await s.get(Trip, int(p["trip"]))
    if trip is None or trip.state not in ("approved", "rejected", "returned"):
        return  # gone, or changed again since (a new version asks anew)
    port = services.chat_ports.get(trip.platform)
    if port is None:
        raise RuntimeError(f"no {trip.platform} adapter is running on this instance")
    approver = str(p["approver"])
    since = (trip.submitted_at or message.created_at) - _SEARCH_BEFORE
    try:
        room = await port.direct_room(approver)
        posted = await port.find_posted(room, ask_key(trip.id or 0, int(p["version"]), approver), since=since)
        if posted is None:
            log.info("trip.ask_not_found", trip=trip.id)
            return
        lang = await services.users.language_of(trip.platform, trip.team_id, approver)
        by = display_name(services, str(p["by"]))
        text = t(
            lang,
            f"trip.ask.closed.{trip.state}",
            id=trip.id,
            traveller=trip.traveller_name or trip.traveller,
            destination=trip.destination,
            by=by,
        )
        await port.update(room, posted, Reply.text(text, ephemeral=False))
    except ChatError as exc:
        raise_for_delivery(exc)
        raise
