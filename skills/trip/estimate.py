"""The estimate of a business trip under the rules in force from 2025-04-01 (国家公務員等の旅費に関する法律 as revised):

- transport: the round-trip fare as entered;
- lodging: the actual lodging per night × nights when given, else the prefecture's 宿泊費基準額 (cap) × nights; an
  amount above the cap stays as entered and is flagged (`over_cap`: the request needs a reason);
- lodging_allowance (宿泊手当): the fixed amount per night × nights.

Nights are the days between departure and return, days one more; a day trip has no lodging. Amounts are integers
in yen and the total is the sum of the items. Bad input raises `EstimateError(field, code, **args)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from skills.trip.rates import EstimateError, RateTable

__all__ = ["CURRENCY", "Estimate", "EstimateError", "EstimateItem", "estimate_trip"]

CURRENCY = "JPY"

MAX_NIGHTS = 366
"""A longer trip is taken for a typing mistake in the dates."""

MAX_AMOUNT = 100_000_000
"""Largest fare or lodging per night accepted (yen)."""


@dataclass(frozen=True)
class EstimateItem:
    name: str
    amount: int


@dataclass(frozen=True)
class Estimate:
    nights: int
    days: int
    items: tuple[EstimateItem, ...]
    total: int
    lodging_cap: int | None
    """The 宿泊費基準額 per night for the traveller's grade (None for a day trip)."""
    over_cap: bool
    """The lodging per night entered is above the cap: the request must give a reason."""
    prefecture: str

    def amount(self, name: str) -> int:
        """The amount of item `name` (0 when the estimate has no such item)."""
        return next((i.amount for i in self.items if i.name == name), 0)

    def to_json(self) -> dict[str, Any]:
        """The CLI and stored shape: {"nights", "days", "items": [{"name", "amount"}], "total", "currency"}."""
        return {
            "nights": self.nights,
            "days": self.days,
            "items": [{"name": i.name, "amount": i.amount} for i in self.items],
            "total": self.total,
            "currency": CURRENCY,
        }


def _amount(field: str, value: int | None) -> int | None:
    if value is None:
        return None
    if value < 0:
        raise EstimateError(field, "negative_amount", amount=value)
    if value > MAX_AMOUNT:
        raise EstimateError(field, "amount_too_large", amount=value, limit=MAX_AMOUNT)
    return value


def estimate_trip(
    rates: RateTable,
    *,
    grade: str,
    destination: str,
    depart: date,
    return_on: date,
    transport_fare: int | None,
    lodging_per_night: int | None,
) -> Estimate:
    """The estimate of one trip; raises EstimateError (or UnknownDestination) naming the field at fault."""
    if return_on < depart:
        raise EstimateError(
            "return", "return_before_depart", depart=depart.isoformat(), return_on=return_on.isoformat()
        )
    nights = (return_on - depart).days
    if nights > MAX_NIGHTS:
        raise EstimateError("return", "trip_too_long", nights=nights, limit=MAX_NIGHTS)
    edition = rates.edition_for(depart)
    if edition is None:
        raise EstimateError(
            "depart", "before_rules", depart=depart.isoformat(), valid_from=rates.editions[0].valid_from
        )
    prefecture = rates.resolve(destination)
    grade_class = rates.grade_class(edition, grade)
    fare = _amount("transport_fare", transport_fare)
    lodging = _amount("lodging_per_night", lodging_per_night)

    items: list[EstimateItem] = []
    if fare is not None:
        items.append(EstimateItem("transport", fare))
    cap: int | None = None
    over_cap = False
    if nights > 0:
        cap = edition.prefectures[prefecture].caps[grade_class.code]
        per_night = lodging if lodging is not None else cap
        over_cap = lodging is not None and lodging > cap
        items.append(EstimateItem("lodging", per_night * nights))
        items.append(EstimateItem("lodging_allowance", grade_class.lodging_allowance * nights))
    return Estimate(
        nights=nights,
        days=nights + 1,
        items=tuple(items),
        total=sum(i.amount for i in items),
        lodging_cap=cap,
        over_cap=over_cap,
        prefecture=prefecture,
    )
