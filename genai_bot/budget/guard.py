"""Budget enforcement before each LLM call: refuse at 100% (naming who may raise the budget), warn the
organisation's admins once a month at 80% (a DM each through the outbox, audited) — right after the call that
crosses it, or before the next call.

Cheap on every call: one indexed look-up of the budgets that apply to the caller; only when one exists, the
recorded usage is flushed and one indexed SUM per budget reads this month's spend (GENAI_TIMEZONE month).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

import genai_bot.budget.messages  # noqa: F401  (registers the messages)
from genai_bot.budget.models import Budget
from genai_bot.budget.store import (
    WARN_AT,
    Month,
    Spend,
    budgets_for,
    mark_warned,
    month_of,
    ratio,
    spend_of_budget,
)
from genai_bot.errors import UserFacingError
from genai_bot.i18n import Lang, t
from genai_bot.llm.types import AfterCall
from genai_bot.messages import Reply
from genai_bot.notify import schedule_post
from genai_bot.org import Organisation

if TYPE_CHECKING:
    from genai_bot.services import Services

__all__ = ["BudgetGuard", "admin_names", "limit_text", "org_name"]

log = structlog.get_logger(__name__)


def limit_text(lang: Lang, tokens: int | None, cost: float | None) -> str:
    """A budget's limits as words ("1,000 tokens, cost 50.00")."""
    if tokens is not None and cost is not None:
        return t(lang, "budget.limit_both", tokens=f"{tokens:,}", cost=f"{cost:,.2f}")
    if tokens is not None:
        return t(lang, "budget.limit_tokens", tokens=f"{tokens:,}")
    return t(lang, "budget.limit_cost", cost=f"{cost or 0:,.2f}")


def admin_names(org: Organisation | None, unit_id: str | None, lang: Lang) -> str:
    """Who may raise the budget of `unit_id`: its admins' names from the organisation file, else "your dashboard
    administrator"."""
    unit = org.unit(unit_id) if org is not None and unit_id else None
    if org is None or unit is None or not unit.admins:
        return t(lang, "budget.fallback_admin")
    names = [(m.name if (m := org.member(a)) is not None else a) for a in unit.admins]
    return t(lang, "budget.names_sep").join(names)


def org_name(org: Organisation | None, unit_id: str, lang: Lang) -> str:
    unit = org.unit(unit_id) if org is not None else None
    if unit is None:
        return unit_id
    return (unit.name_en or unit.name) if lang == "en" else unit.name


class BudgetGuard:
    """Set as `LLMGateway.budget` by the composition root; `RoomLLM` calls `before_call` before each call."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._warned: set[tuple[str, str, str]] = set()
        """(scope, key, month) this process knows were warned about: no database round trip on every later call."""

    def _org(self) -> Organisation | None:
        try:
            return self._services.organisation()
        except Exception:  # a broken organisation file must never break a conversation
            log.warning("budget.org_file_unreadable", exc_info=True)
            return None

    def _organisation(self, user: str, given: str | None) -> str | None:
        """The caller's organisation as their usage rows record it."""
        llm = self._services.llm
        lookup = llm.usage.organisation_of if llm is not None else None
        if lookup is not None:
            try:
                found = lookup(user)
            except Exception:
                found = None
            if found:
                return found
        return given

    async def before_call(self, *, user: str | None, organisation: str | None, lang: Lang) -> AfterCall | None:
        """Raise `llm.budget.org_spent` / `llm.budget.user_spent` when a budget that applies is spent. Returns the
        check to run after the call when the organisation's budget is below 80% (this call may cross it)."""
        if not user:
            return None
        services = self._services
        org = self._org()
        unit_id = self._organisation(user, organisation)
        own_id = user.rsplit(":", 1)[-1]
        member = org.member(own_id) if org is not None else None
        ids = [user, own_id, *(member.ids if member is not None else ())]
        budgets = await budgets_for(services.db, unit_id, ids)
        if not budgets:
            return None
        await self._flush()
        month = month_of(services.clock.now(), services.settings.timezone)
        after: AfterCall | None = None
        for budget in budgets:
            spend = await self._spend(budget, month)
            share = ratio(budget, spend)
            if budget.scope == "org" and share >= WARN_AT:
                await self._warn(budget, spend, share, month, user)
            elif budget.scope == "org":
                after = self._after(budget, month, user)
            if share >= 1:
                log.info("budget.refused", scope=budget.scope, key=budget.key, month=month.label)
                raise UserFacingError(
                    f"llm.budget.{budget.scope}_spent",
                    org=org_name(org, budget.key, lang) if budget.scope == "org" else "",
                    limit=limit_text(lang, budget.token_limit, budget.cost_limit),
                    who=admin_names(org, unit_id, lang),
                )
        return after

    def _after(self, budget: Budget, month: Month, user: str) -> AfterCall:
        async def crossed() -> None:
            try:
                await self._flush()
                spend = await self._spend(budget, month)
                share = ratio(budget, spend)
                if share >= WARN_AT:
                    await self._warn(budget, spend, share, month, user)
            except Exception:  # the answer is already there: a failed check must not lose it
                log.warning("budget.after_call_failed", key=budget.key, exc_info=True)

        return crossed

    async def _flush(self) -> None:
        """Make the usage recorded so far count (rows are written in small batches behind the caller's back)."""
        if self._services.llm is not None:
            await self._services.llm.flush_usage()

    async def _spend(self, budget: Budget, month: Month) -> Spend:
        return await spend_of_budget(self._services.db, budget, self._org(), month.start)

    async def _warn(self, budget: Budget, spend: Spend, share: float, month: Month, user: str) -> None:
        """Tell the organisation's admins, once for this budget and month (never fails the call)."""
        services = self._services
        now = services.clock.now()
        seen = (budget.scope, budget.key, month.label)
        if seen in self._warned:
            return
        try:
            first = await mark_warned(services.db, budget.scope, budget.key, month.label, now)
            self._warned.add(seen)
            if not first:
                return
            org = self._org()
            unit = org.unit(budget.key) if org is not None else None
            admins = unit.admins if unit is not None else ()
            platform, _, rest = user.partition(":")
            team_id = rest.rsplit(":", 1)[0] if ":" in rest else ""
            port = services.chat_ports.get(platform)
            notified: list[str] = []
            if port is not None and services.outbox is not None:
                for admin in admins:
                    lang = await self._services.users.language_of(platform, team_id, admin)
                    text = t(
                        lang,
                        "budget.warning",
                        org=org_name(org, budget.key, lang),
                        month=month.label,
                        percent=f"{min(share, 9.99):.0%}",
                        spent=limit_text(
                            lang,
                            spend.tokens if budget.token_limit is not None else None,
                            spend.cost if budget.cost_limit is not None else None,
                        ),
                        limit=limit_text(lang, budget.token_limit, budget.cost_limit),
                    )
                    if await schedule_post(
                        services.outbox,
                        dedup_key=f"budget:{budget.key}:{month.label}:80:{admin}",
                        due_at=now,
                        room=await port.direct_room(admin),
                        reply=Reply.text(text, ephemeral=False),
                    ):
                        notified.append(admin)
            await services.audit.record(
                actor="system:budget",
                action="budget.warning",
                target=f"org:{budget.key}",
                organisation=budget.key,
                month=month.label,
                percent=round(share * 100, 1),
                tokens=spend.tokens,
                cost=round(spend.cost, 6),
                notified=notified,
            )
        except Exception:  # a warning that cannot be sent must never stop the call
            log.warning("budget.warning_failed", key=budget.key, exc_info=True)
