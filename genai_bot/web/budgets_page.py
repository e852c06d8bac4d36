"""The Budgets page (`GET /admin/budgets`): each budget with this month's spend and share, a Lift button, and a
form to set or raise one; ja and en. Every value is escaped."""

from __future__ import annotations

import math
from html import escape

from genai_bot.budget.store import WARN_AT, Month
from genai_bot.i18n import Lang, t
from genai_bot.org import Organisation
from genai_bot.web.budget_admin import BudgetRow
from genai_bot.web.identity import Admin
from genai_bot.web.shell import shell

__all__ = ["render_budgets"]

_EXTRA_CSS = """
nav.tabs{display:flex;gap:16px;margin:0 0 12px}nav.tabs a{color:var(--accent)}
.bar{background:var(--line);border-radius:4px;height:8px;min-width:80px;overflow:hidden}
.bar span{display:block;height:8px;background:var(--accent)}.bar.warn span{background:#e08e0b}
.bar.over span{background:var(--bad)}
.flash{background:#e3f2e1;border:1px solid #a3d39c;border-radius:6px;padding:8px 12px}
.problem{background:#fdecea;border:1px solid #f5b7b1;border-radius:6px;padding:8px 12px}
form.inline{display:inline;margin:0}form.inline button{font:inherit;font-size:12px;padding:2px 10px;
border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
form.budget{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-end}
form.budget label{display:flex;flex-direction:column;font-size:13px;color:var(--muted)}
form.budget input,form.budget select{font:inherit;padding:4px 8px;border:1px solid var(--line);border-radius:4px}
form.budget button{font:inherit;padding:5px 16px;border:0;border-radius:4px;background:var(--accent);color:#fff}
th.t,td.t{text-align:left}
"""


def _org_name(org: Organisation | None, key: str | None, lang: Lang) -> str:
    unit = org.unit(key) if org is not None and key else None
    if unit is None:
        return key or t(lang, "web.budgets.none")
    return (unit.name_en or unit.name) if lang == "en" else unit.name


def _who(org: Organisation | None, row: BudgetRow, lang: Lang) -> str:
    if row.scope == "org":
        return _org_name(org, row.key, lang)
    member = org.member(row.key.rsplit(":", 1)[-1]) if org is not None else None
    return f"{member.name} ({row.key})" if member is not None else row.key


def _bar(share: float) -> str:
    width = 100 if not math.isfinite(share) else max(0, min(100, round(share * 100)))
    kind = " over" if share >= 1 else (" warn" if share >= WARN_AT else "")
    return f'<div class="bar{kind}"><span style="width:{width}%"></span></div>'


def _spent(row: BudgetRow, lang: Lang) -> str:
    parts = []
    if row.token_limit is not None:
        parts.append(f"{row.spend.tokens:,} / {row.token_limit:,}")
    if row.cost_limit is not None:
        parts.append(f"{row.spend.cost:,.2f} / {row.cost_limit:,.2f}")
    return " · ".join(parts) or t(lang, "web.budgets.none")


def _percent(share: float) -> str:
    return "∞" if not math.isfinite(share) else f"{share:.0%}"


def _lift_form(row: BudgetRow, lang: Lang) -> str:
    return (
        f'<form class="inline" method="post" action="/admin/budgets?lang={lang}">'
        f'<input type="hidden" name="scope" value="{escape(row.scope)}">'
        f'<input type="hidden" name="key" value="{escape(row.key)}">'
        '<input type="hidden" name="lift" value="1">'
        f'<button type="submit">{escape(t(lang, "web.budgets.lift"))}</button></form>'
    )


def _table(org: Organisation | None, rows: list[BudgetRow], lang: Lang) -> str:
    if not rows:
        return f'<p class="empty">{escape(t(lang, "web.budgets.empty"))}</p>'
    heads = ("scope", "key", "organisation", "tokens", "cost", "spent", "percent", "set_by")
    left = {"scope", "key", "organisation", "set_by"}
    head = (
        "".join(f"<th{' class=t' if h in left else ''}>{escape(t(lang, f'web.budgets.{h}'))}</th>" for h in heads)
        + "<th></th>"
    )
    none = t(lang, "web.budgets.none")
    body = "".join(
        "<tr>"
        f"<td>{escape(t(lang, f'web.budgets.scope.{r.scope}'))}</td>"
        f'<td class="t">{escape(_who(org, r, lang))}</td>'
        f'<td class="t">{escape(_org_name(org, r.organisation, lang))}</td>'
        f"<td>{escape(f'{r.token_limit:,}' if r.token_limit is not None else none)}</td>"
        f"<td>{escape(f'{r.cost_limit:,.2f}' if r.cost_limit is not None else none)}</td>"
        f"<td>{escape(_spent(r, lang))}</td>"
        f"<td>{escape(_percent(r.share))}{_bar(r.share)}</td>"
        f'<td class="t">{escape(r.set_by)}</td>'
        f"<td>{_lift_form(r, lang)}</td>"
        "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _form(org: Organisation | None, admin: Admin, lang: Lang) -> str:
    scopes = "".join(
        f'<option value="{s}">{escape(t(lang, f"web.budgets.scope.{s}"))}</option>' for s in ("org", "user")
    )
    units = [u for u in org.units if u.parent is None] if org is not None else []
    allowed = admin.allowed_org()
    if allowed is not None:
        units = [u for u in units if u.id == allowed]
    options = "".join(f'<option value="{escape(u.id)}">{escape(_org_name(org, u.id, lang))}</option>' for u in units)
    default = escape(allowed or "")
    return (
        f"<section><h2>{escape(t(lang, 'web.budgets.form_title'))}</h2>"
        f'<form class="budget" method="post" action="/admin/budgets?lang={lang}">'
        f'<label>{escape(t(lang, "web.budgets.scope"))}<select name="scope">{scopes}</select></label>'
        f"<label>{escape(t(lang, 'web.budgets.key'))}"
        f'<input name="key" list="budget-orgs" required maxlength="200" value="{default}"></label>'
        f'<datalist id="budget-orgs">{options}</datalist>'
        f'<label>{escape(t(lang, "web.budgets.tokens"))}<input name="tokens" inputmode="numeric"></label>'
        f'<label>{escape(t(lang, "web.budgets.cost"))}<input name="cost" inputmode="decimal"></label>'
        f'<button type="submit">{escape(t(lang, "web.budgets.save"))}</button></form>'
        f'<p class="note">{escape(t(lang, "web.budgets.form_note"))}</p></section>'
    )


def render_budgets(
    *,
    org: Organisation | None,
    admin: Admin,
    month: Month,
    rows: list[BudgetRow],
    lang: Lang,
    zone: str,
    flash: str | None = None,
    problem: str | None = None,
) -> str:
    notice = f'<p class="flash">{escape(flash)}</p>' if flash else ""
    notice += f'<p class="problem" role="alert">{escape(problem)}</p>' if problem else ""
    body = (
        f'<p class="sub">{escape(t(lang, "web.budgets.intro", zone=zone, month=month.label))}</p>{notice}'
        f"<section>{_table(org, rows, lang)}</section>{_form(org, admin, lang)}"
    )
    return shell(
        lang,
        here="/admin/budgets",
        title=t(lang, "web.budgets.title"),
        admin_name=admin.name,
        body=body,
        query={},
        css=_EXTRA_CSS,
    )
