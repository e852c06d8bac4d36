"""The estimate of a request under the travel-expense rules (skills/trip/estimate.py), as the trip stores it:
the prefecture the destination resolved to, the estimate's JSON (the CLI shape plus `prefecture`, `lodging_cap`
and `over_cap`) and its total. Rule errors (EstimateError, UnknownDestination with suggestions) are friendly
errors on the field concerned already."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from genai_bot.services import Services
from skills.trip.estimate import Estimate, EstimateItem, estimate_trip
from skills.trip.rates import trip_rates

__all__ = ["DEFAULT_GRADE", "Priced", "price", "stored_estimate"]

DEFAULT_GRADE = "係員"
"""The grade a traveller the organisation file does not know is estimated at (they cannot submit until added)."""


@dataclass(frozen=True)
class Priced:
    estimate: Estimate
    json: str

    @property
    def prefecture(self) -> str:
        return self.estimate.prefecture

    @property
    def total(self) -> int:
        return self.estimate.total


def price(
    services: Services,
    *,
    grade: str,
    destination: str,
    depart: date,
    return_on: date,
    fare: int | None,
    lodging: int | None,
) -> Priced:
    estimate = estimate_trip(
        trip_rates(services),
        grade=grade,
        destination=destination,
        depart=depart,
        return_on=return_on,
        transport_fare=fare,
        lodging_per_night=lodging,
    )
    data = {
        **estimate.to_json(),
        "prefecture": estimate.prefecture,
        "lodging_cap": estimate.lodging_cap,
        "over_cap": estimate.over_cap,
    }
    return Priced(estimate, json.dumps(data, ensure_ascii=False))


def stored_estimate(estimate_json: str | None) -> Estimate | None:
    """The estimate a trip stored (None when it has none)."""
    if not estimate_json:
        return None
    data: dict[str, Any] = json.loads(estimate_json)
    return Estimate(
        nights=int(data.get("nights", 0)),
        days=int(data.get("days", 0)),
        items=tuple(EstimateItem(str(i["name"]), int(i["amount"])) for i in data.get("items", [])),
        total=int(data.get("total", 0)),
        lodging_cap=data.get("lodging_cap"),
        over_cap=bool(data.get("over_cap")),
        prefecture=str(data.get("prefecture", "")),
    )
