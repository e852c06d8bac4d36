"""The estimate as text for a reply (ja or en): the items with their labels, the total, the cap and the over-cap
warning."""

from __future__ import annotations

import skills.trip.messages_estimate  # noqa: F401  (registers the trip.item / trip.estimate texts)
from genai_bot.i18n import t
from skills.trip.estimate import Estimate

__all__ = ["estimate_text"]


def estimate_text(estimate: Estimate, lang: str, *, lodging_per_night: int | None = None) -> str:
    """Lines: title, one per item, total, the lodging cap, and a warning when the lodging is above the cap."""
    if estimate.nights:
        title = t(
            lang,
            "trip.estimate.title",
            prefecture=estimate.prefecture,
            nights=estimate.nights,
            days=estimate.days,
            count=estimate.nights,
        )
    else:
        title = t(lang, "trip.estimate.day_trip", prefecture=estimate.prefecture)
    lines = [title]
    for item in estimate.items:
        label = t(lang, f"trip.item.{item.name}")
        lines.append(t(lang, "trip.estimate.line", label=label, amount=f"{item.amount:,}"))
    lines.append(t(lang, "trip.estimate.total", total=f"{estimate.total:,}"))
    if all(i.name != "transport" for i in estimate.items):
        lines.append(t(lang, "trip.estimate.no_fare"))
    if estimate.lodging_cap is not None:
        lines.append(t(lang, "trip.estimate.cap", cap=f"{estimate.lodging_cap:,}"))
    if estimate.over_cap and estimate.lodging_cap is not None:
        amount = lodging_per_night if lodging_per_night is not None else estimate.amount("lodging") // estimate.nights
        lines.append(t(lang, "trip.estimate.over_cap", amount=f"{amount:,}", cap=f"{estimate.lodging_cap:,}"))
    return "\n".join(lines)
