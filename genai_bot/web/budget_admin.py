"""What the dashboard does with budgets, without HTML: list them with this month's spend, and set, raise or lift
one within the signed-in admin's reach (a global admin: any; an organisation admin: their organisation's budget
and its members' own budgets). Every change is audited."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from genai_bot.budget.models import SCOPES, Budget
from genai_bot.budget.store import (
    Month,
    Spend,
    all_budgets,
    lift_budget,
    month_of,
    ratio,
    set_budget,
    spend_of_budget,
)
from genai_bot.org import Organisation
from genai_bot.services import Services
from genai_bot.text import nfkc
from genai_bot.web.identity import Admin

__all__ = ["BudgetChange", "BudgetProblem", "BudgetRow", "apply_change", "budget_rows", "parse_change", "web_actor"]

_MAX_KEY = 200
_MAX_TOKENS = 10**15
_MAX_COST = 1e12


class BudgetProblem(Exception):
    """A change that cannot be made: `status` 400 (bad input) or 403 (not yours), with a message key."""

    def __init__(self, status: int, code: str, **args: Any) -> None:
        super().__init__(code)
        self.status, self.code, self.args_ = status, code, args


@dataclass(frozen=True)
class BudgetChange:
    scope: str
    key: str
    tokens: int | None
    cost: float | None
    lift: bool


@dataclass(frozen=True)
class BudgetRow:
    scope: str
    key: str
    organisation: str | None
    """The organisation the budget belongs to (a user's ministry), when known."""
    token_limit: int | None
    cost_limit: float | None
    spend: Spend
    share: float
    set_by: str
    updated_at: datetime
    month: str
    """The month of `spend` ("YYYY-MM")."""

    def to_json(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "key": self.key,
            "organisation": self.organisation,
            "month": self.month,
            "token_limit": self.token_limit,
            "cost_limit": self.cost_limit,
            "tokens_spent": self.spend.tokens,
            "cost_spent": round(self.spend.cost, 6),
            "percent": round(self.share * 100, 1) if math.isfinite(self.share) else None,
            "set_by": self.set_by,
            "updated_at": self.updated_at.isoformat(),
        }


def web_actor(admin: Admin) -> str:
    """The audit actor of a dashboard change."""
    return f"web:{admin.email or admin.subject}"


def owner_of(org: Organisation | None, scope: str, key: str) -> str | None:
    """The organisation a budget belongs to: the key of an organisation budget, a user's ministry."""
    if scope == "org":
        return key
    unit = org.ministry_of(key.rsplit(":", 1)[-1]) if org is not None else None
    return unit.id if unit is not None else None


async def budget_rows(services: Services, admin: Admin) -> tuple[Month, list[BudgetRow]]:
    """The budgets the admin may see, each with this month's spend."""
    org = services.organisation()
    month = month_of(services.clock.now(), services.settings.timezone)
    allowed = admin.allowed_org()
    rows: list[BudgetRow] = []
    for budget in await all_budgets(services.db):
        owner = owner_of(org, budget.scope, budget.key)
        if allowed is not None and owner != allowed:
            continue
        spend = await spend_of_budget(services.db, budget, org, month.start)
        rows.append(_row(budget, owner, spend, month))
    return month, rows


def _row(budget: Budget, owner: str | None, spend: Spend, month: Month) -> BudgetRow:
    return BudgetRow(
        budget.scope,
        budget.key,
        owner,
        budget.token_limit,
        budget.cost_limit,
        spend,
        ratio(budget, spend),
        budget.set_by,
        budget.updated_at,
        month.label,
    )


def _number(raw: object, field: str) -> float | None:
    text = nfkc(str(raw if raw is not None else "")).replace(",", "").replace("_", "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise BudgetProblem(400, "bad_number", field=field, value=text[:40]) from None
    if not math.isfinite(value) or value < 0:
        raise BudgetProblem(400, "bad_number", field=field, value=text[:40])
    return value


def parse_change(data: dict[str, Any]) -> BudgetChange:
    """A change from form fields or JSON: scope (org|user), key, tokens and/or cost, or lift."""
    scope = nfkc(str(data.get("scope") or "")).strip().lower()
    if scope not in SCOPES:
        raise BudgetProblem(400, "bad_scope", value=scope[:20])
    key = nfkc(str(data.get("key") or "")).strip().strip("/")
    if not key or len(key) > _MAX_KEY:
        raise BudgetProblem(400, "bad_key", limit=_MAX_KEY)
    lift = str(data.get("lift") or "").strip().lower() in ("1", "true", "yes", "on", "lift")
    tokens = _number(data.get("tokens"), "tokens")
    cost = _number(data.get("cost"), "cost")
    if lift:
        return BudgetChange(scope, key, None, None, lift=True)
    if tokens is None and cost is None:
        raise BudgetProblem(400, "no_limit")
    if tokens is not None and (tokens != int(tokens) or tokens > _MAX_TOKENS):
        raise BudgetProblem(400, "bad_number", field="tokens", value=f"{tokens:g}")
    if cost is not None and cost > _MAX_COST:
        raise BudgetProblem(400, "bad_number", field="cost", value=f"{cost:g}")
    return BudgetChange(scope, key, int(tokens) if tokens is not None else None, cost, lift=False)


def _check(services: Services, admin: Admin, change: BudgetChange) -> tuple[str, str | None]:
    """The key as stored and the budget's organisation; BudgetProblem when the admin may not change it."""
    org = services.organisation()
    key = change.key
    if change.scope == "org" and org is not None:
        unit = org.find_unit(key)
        if unit is None or unit.parent is not None:
            raise BudgetProblem(400, "unknown_org", key=key)
        key = unit.id
    owner = owner_of(org, change.scope, key)
    allowed = admin.allowed_org()
    if allowed is not None and owner != allowed:
        raise BudgetProblem(403, "not_yours", key=key)
    return key, owner


async def apply_change(services: Services, admin: Admin, change: BudgetChange) -> tuple[str, BudgetRow | None]:
    """Set, raise or lift a budget (audited in the same transaction): the key as stored, and the budget now
    (None when lifted)."""
    key, owner = _check(services, admin, change)
    now = services.clock.now()
    actor = web_actor(admin)
    async with services.db.session() as s:
        if change.lift:
            removed = await lift_budget(s, scope=change.scope, key=key)
            if removed is not None:
                await services.audit.record(
                    actor=actor,
                    action="budget.lift",
                    target=f"{change.scope}:{key}",
                    organisation=owner,
                    session=s,
                    token_limit=removed.token_limit,
                    cost_limit=removed.cost_limit,
                    via="dashboard",
                )
            return key, None
        budget = await set_budget(
            s, scope=change.scope, key=key, tokens=change.tokens, cost=change.cost, by=actor, now=now
        )
        await services.audit.record(
            actor=actor,
            action="budget.set",
            target=f"{change.scope}:{key}",
            organisation=owner,
            session=s,
            token_limit=change.tokens,
            cost_limit=change.cost,
            via="dashboard",
        )
    month = month_of(now, services.settings.timezone)
    org = services.organisation()
    spend = await spend_of_budget(services.db, budget, org, month.start)
    return key, _row(budget, owner, spend, month)
