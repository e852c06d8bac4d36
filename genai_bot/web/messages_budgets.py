"""Messages of the dashboard's Budgets page and API (ja + en)."""

from genai_bot import i18n

__all__: list[str] = []

i18n.register(
    ja={
        "web.budgets.title": "生成AI 利用予算",
        "web.budgets.nav": "予算",
        "web.budgets.intro": "組織ごと・利用者ごとの月間予算（トークン数・費用）です。月は {zone} の暦月で、"
        "今月は {month} です。80% に達すると組織の管理者にDMで知らせ、100% に達すると利用者のAI機能を止めます。"
        "予算を引き上げるか解除すると、すぐに使えるようになります。",
        "web.budgets.empty": "予算はまだ設定されていません。予算のない組織・利用者には上限がありません。",
        "web.budgets.scope": "対象",
        "web.budgets.scope.org": "組織",
        "web.budgets.scope.user": "利用者",
        "web.budgets.key": "組織ID・利用者ID",
        "web.budgets.organisation": "所属組織",
        "web.budgets.tokens": "トークン上限",
        "web.budgets.cost": "費用上限",
        "web.budgets.spent": "今月の利用",
        "web.budgets.percent": "消化率",
        "web.budgets.set_by": "設定者",
        "web.budgets.none": "—",
        "web.budgets.lift": "解除",
        "web.budgets.form_title": "予算を設定・引き上げる",
        "web.budgets.form_note": "トークン上限・費用上限のどちらか（または両方）を入れてください。"
        "同じ対象の予算は置き換わります。費用の単位は GENAI_LLM_PRICES と同じです。",
        "web.budgets.save": "保存",
        "web.budgets.saved": "予算を保存しました: {target}",
        "web.budgets.lifted": "予算を解除しました: {target}",
        "web.budgets.bad_scope": "対象「{value}」は使えません。org（組織）か user（利用者）を指定してください。",
        "web.budgets.bad_key": "組織IDまたは利用者IDを入れてください（{limit} 文字まで）。",
        "web.budgets.bad_number": "{field} の値「{value}」は 0 以上の数で入れてください（トークンは整数）。",
        "web.budgets.no_limit": "トークン上限か費用上限の少なくとも一方を入れてください（上限をなくすには「解除」）。",
        "web.budgets.unknown_org": "組織「{key}」は組織ファイルの最上位の組織（省庁）ではありません。",
        "web.budgets.not_yours": "「{key}」の予算は変更できません。自分の組織とその利用者の予算だけを変更できます。",
        "web.budgets.bad_body": "リクエストの本文を JSON として読めません。",
        "web.budgets.error_title": "予算を変更できませんでした",
    },
    en={
        "web.budgets.title": "Generative AI budgets",
        "web.budgets.nav": "Budgets",
        "web.budgets.intro": "Monthly budgets (tokens and cost) per organisation and per user. A month is the "
        "calendar month in {zone}; this month is {month}. At 80% the organisation's admins get a DM; at 100% its "
        "users' AI features stop. Raising or lifting a budget lets them back in at once.",
        "web.budgets.empty": "No budgets yet. An organisation or user without a budget has no limit.",
        "web.budgets.scope": "Scope",
        "web.budgets.scope.org": "Organisation",
        "web.budgets.scope.user": "User",
        "web.budgets.key": "Organisation or user id",
        "web.budgets.organisation": "Organisation",
        "web.budgets.tokens": "Token limit",
        "web.budgets.cost": "Cost limit",
        "web.budgets.spent": "Used this month",
        "web.budgets.percent": "Used",
        "web.budgets.set_by": "Set by",
        "web.budgets.none": "—",
        "web.budgets.lift": "Lift",
        "web.budgets.form_title": "Set or raise a budget",
        "web.budgets.form_note": "Give a token limit, a cost limit or both. A budget for the same scope and id is "
        "replaced. Cost is in the unit of GENAI_LLM_PRICES.",
        "web.budgets.save": "Save",
        "web.budgets.saved": "Budget saved: {target}",
        "web.budgets.lifted": "Budget lifted: {target}",
        "web.budgets.bad_scope": "Scope “{value}” is not one of org or user.",
        "web.budgets.bad_key": "Give an organisation or user id (up to {limit} characters).",
        "web.budgets.bad_number": "{field} “{value}” must be a number of 0 or more (tokens: a whole number).",
        "web.budgets.no_limit": "Give a token limit or a cost limit (to remove the limit, use Lift).",
        "web.budgets.unknown_org": "“{key}” is not a top-level organisation (ministry) in the organisation file.",
        "web.budgets.not_yours": "You cannot change the budget of “{key}”: only your organisation's and its users'.",
        "web.budgets.bad_body": "The request body is not valid JSON.",
        "web.budgets.error_title": "The budget was not changed",
    },
)
