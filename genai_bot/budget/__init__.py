"""Monthly token/cost budgets per organisation and per user, enforced by the room-aware LLM handle.

`BudgetGuard.before_call(...)` (wired on the gateway by the composition root) refuses a call once a budget that
applies to the caller is spent, naming who may raise it, and tells the organisation's admins once a month when
its budget passes 80%. The dashboard's Budgets page (genai_bot.web.budgets) sets, raises and lifts budgets.
"""

from genai_bot.budget.guard import BudgetGuard, admin_names, limit_text
from genai_bot.budget.models import SCOPES, Budget, BudgetWarning

__all__ = ["SCOPES", "Budget", "BudgetGuard", "BudgetWarning", "admin_names", "limit_text"]
