"""Messages of budget enforcement (ja + en): the refusal at 100% and the admins' warning at 80%."""

from genai_bot import i18n

__all__: list[str] = []

i18n.register(
    ja={
        "llm.budget.org_spent": "{org}の今月の生成AI利用予算（{limit}）を使い切ったため、AI機能は来月まで使えません。"
        "予算の引き上げ・解除は {who} に依頼してください。",
        "llm.budget.user_spent": "あなたの今月の生成AI利用予算（{limit}）を使い切ったため、AI機能は来月まで使えません。"
        "予算の引き上げ・解除は {who} に依頼してください。",
        "budget.fallback_admin": "ダッシュボードの管理者",
        "budget.names_sep": "、",
        "budget.limit_tokens": "{tokens} トークン",
        "budget.limit_cost": "費用 {cost}",
        "budget.limit_both": "{tokens} トークン・費用 {cost}",
        "budget.warning": "【生成AI 利用予算】{org}の今月（{month}）の利用が予算の {percent} に達しました"
        "（{spent} / {limit}）。100% に達すると、組織の利用者はAI機能を使えなくなります。"
        "必要であればダッシュボードの「予算」（/admin/budgets）で引き上げてください。",
    },
    en={
        "llm.budget.org_spent": "{org}'s generative AI budget for this month ({limit}) is used up, so AI features are "
        "off until next month. Ask {who} to raise or lift it.",
        "llm.budget.user_spent": "Your generative AI budget for this month ({limit}) is used up, so AI features are "
        "off for you until next month. Ask {who} to raise or lift it.",
        "budget.fallback_admin": "your dashboard administrator",
        "budget.names_sep": ", ",
        "budget.limit_tokens": "{tokens} tokens",
        "budget.limit_cost": "cost {cost}",
        "budget.limit_both": "{tokens} tokens, cost {cost}",
        "budget.warning": "[Generative AI budget] {org} has used {percent} of its budget for {month} "
        "({spent} of {limit}). At 100% the organisation's users can no longer use AI features. "
        "Raise it on the dashboard's Budgets page (/admin/budgets) if needed.",
    },
)
