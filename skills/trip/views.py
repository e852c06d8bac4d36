"""How a trip reads: its fields, its estimate, the traveller's buttons (Submit / Edit / Cancel), the approver's
DM (Approve / Reject / Request changes) and the lists. Texts come from the catalogs (skills/trip/messages.py)."""

from __future__ import annotations

from collections.abc import Sequence

from genai_bot.i18n import Lang, t
from genai_bot.messages import Actions, Block, Button, Divider, Fields, Reply, Text
from skills.trip.estimate_view import estimate_text
from skills.trip.extras_common import format_trip_days
from skills.trip.models import Trip
from skills.trip.pricing import stored_estimate

__all__ = [
    "ACTION",
    "approval_request",
    "decision_notice",
    "estimate_lines",
    "trip_card",
    "trip_fields",
    "trip_list",
    "yen",
]

ACTION = "genai:trip"


def yen(amount: int | None) -> str:
    return "—" if amount is None else f"¥{amount:,}"


def trip_fields(lang: Lang, trip: Trip) -> Fields:
    pairs: list[tuple[str, str]] = [
        (t(lang, "trip.field.traveller"), trip.traveller_name or trip.traveller),
        (t(lang, "trip.field.destination"), trip.destination + (f" ({trip.prefecture})" if trip.prefecture else "")),
        (t(lang, "trip.field.dates"), format_trip_days(trip, lang)),
        (t(lang, "trip.field.purpose"), trip.purpose),
        (t(lang, "trip.field.state"), t(lang, f"trip.state.{trip.state}")),
    ]
    optional = (
        ("transport", trip.transport),
        ("fare", yen(trip.fare) if trip.fare is not None else None),
        ("lodging", yen(trip.lodging_per_night) if trip.lodging_per_night is not None else None),
        ("lodging_reason", trip.lodging_reason),
        ("related", trip.related),
        ("budget", trip.budget_code),
    )
    pairs += [(t(lang, f"trip.field.{name}"), value) for name, value in optional if value]
    if trip.decided_by and trip.state in ("approved", "rejected", "returned"):
        who = trip.decided_by + (f" — {trip.decision_reason}" if trip.decision_reason else "")
        pairs.append((t(lang, "trip.field.decided_by"), who))
    return Fields(tuple(pairs))


def estimate_lines(lang: Lang, trip: Trip) -> list[str]:
    """The stored estimate (items, total, the cap; the over-cap warning and whether a reason is given)."""
    estimate = stored_estimate(trip.estimate_json)
    if estimate is None:
        return [t(lang, "trip.card.no_estimate")]
    lines = [estimate_text(estimate, lang, lodging_per_night=trip.lodging_per_night)]
    if estimate.over_cap:
        key = "trip.card.reason_given" if trip.lodging_reason else "trip.card.reason_needed"
        lines.append(t(lang, key, id=trip.id))
    return lines


def _traveller_buttons(lang: Lang, trip: Trip) -> list[Button]:
    buttons: list[Button] = []
    if trip.state in ("draft", "returned"):
        buttons.append(Button(t(lang, "trip.button.submit"), ACTION, f"submit {trip.id}", "primary"))
    if trip.state in ("draft", "returned", "submitted", "approved"):
        buttons.append(Button(t(lang, "trip.button.edit"), ACTION, f"edit {trip.id}"))
        buttons.append(Button(t(lang, "trip.button.cancel"), ACTION, f"cancel {trip.id}", "danger"))
    return buttons


def trip_card(lang: Lang, trip: Trip, *, headline: str, buttons: bool, typed_hint: bool = True) -> Reply:
    """The trip with its estimate and, for the traveller, Submit / Edit / Cancel (or the typed commands)."""
    blocks: list[Block] = [Text(headline), trip_fields(lang, trip), Text("\n".join(estimate_lines(lang, trip)))]
    actions = _traveller_buttons(lang, trip) if buttons else []
    if actions:
        blocks.append(Actions(tuple(actions)))
    elif typed_hint and trip.state in ("draft", "returned"):
        blocks.append(Text(t(lang, "trip.hint.typed", id=trip.id)))
    return Reply(blocks=blocks)


def approval_request(lang: Lang, trip: Trip, *, role: str) -> Reply:
    """The approver's DM: the trip, its estimate and Approve / Reject / Request changes for this version."""
    ref = f"{trip.id} v{trip.version}"
    head = t(
        lang,
        "trip.ask.head" if role == "approver" else "trip.ask.head_delegate",
        id=trip.id,
        traveller=trip.traveller_name or trip.traveller,
        destination=trip.destination,
    )
    blocks: list[Block] = [
        Text(head),
        trip_fields(lang, trip),
        Text("\n".join(estimate_lines(lang, trip))),
        Actions(
            (
                Button(t(lang, "trip.button.approve"), ACTION, f"approve {ref}", "primary"),
                Button(t(lang, "trip.button.reject"), ACTION, f"reject {ref}", "danger"),
                Button(t(lang, "trip.button.return"), ACTION, f"return {ref}"),
            )
        ),
        Text(t(lang, "trip.ask.typed", id=trip.id)),
    ]
    return Reply(blocks=blocks, ephemeral=False)


def decision_notice(lang: Lang, trip: Trip, *, by: str) -> Reply:
    """What the traveller is told: approved, rejected or returned (with the reason), and what to do next."""
    key = f"trip.told.{trip.state}" + ("_reason" if trip.decision_reason else "")
    lines = [t(lang, key, id=trip.id, destination=trip.destination, by=by, reason=trip.decision_reason or "")]
    if trip.state == "returned":
        lines.append(t(lang, "trip.told.returned_next", id=trip.id))
    return Reply(blocks=[Text("\n".join(lines))], ephemeral=False)


def trip_list(lang: Lang, trips: Sequence[Trip], *, title_key: str, empty_key: str) -> Reply:
    if not trips:
        return Reply.text(t(lang, empty_key))
    lines = [t(lang, title_key, count=len(trips))]
    for trip in trips:
        lines.append(
            t(
                lang,
                "trip.list.line",
                id=trip.id,
                destination=trip.destination,
                dates=format_trip_days(trip, lang),
                state=t(lang, f"trip.state.{trip.state}"),
                traveller=trip.traveller_name or trip.traveller,
                total=yen(trip.estimate_total),
            )
        )
    return Reply(blocks=[Text("\n".join(lines)), Divider(), Text(t(lang, "trip.list.footer"))])
