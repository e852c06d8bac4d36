"""Messages of dashboard sign-in and sign-out (ja + en)."""

from genai_bot import i18n

__all__: list[str] = []

i18n.register(
    ja={
        "web.auth.product": "生成AI 管理ダッシュボード",
        "web.auth.sign_in": "サインイン",
        "web.auth.sign_in_again": "もう一度サインインする",
        "web.auth.sign_out": "サインアウト",
        "web.auth.signed_out_title": "サインアウトしました",
        "web.auth.signed_out": "ダッシュボードからサインアウトしました。共用の端末では、ブラウザーも閉じてください。",
        "web.auth.no_role_title": "このダッシュボードを見る権限がありません",
        "web.auth.no_role": "{name} さんとしてサインインしましたが、管理者の役割が割り当てられていません。"
        "利用状況を見る必要がある場合は、このシステムの担当者に"
        "「admin」（全体）または「org_admin」（所属組織）の役割の付与を依頼してください。",
        "web.auth.no_org_title": "所属組織が分かりません",
        "web.auth.no_org": "{name} さんは組織管理者の役割をお持ちですが、どの組織の管理者かが分かりませんでした"
        "（組織ファイルに {email} が登録されていません）。"
        "このシステムの担当者に組織ファイルへの登録を依頼してください。",
        "web.auth.flow_expired_title": "サインインをやり直してください",
        "web.auth.flow_expired": "サインインの途中で時間が経ちすぎたか、別の画面で始めたサインインの応答でした。"
        "もう一度サインインしてください。",
        "web.auth.mismatch_title": "サインインの応答を確認できませんでした",
        "web.auth.mismatch": "Entra ID からの応答が、この画面で始めたサインインと一致しませんでした。"
        "安全のため受け付けていません。もう一度サインインしてください。",
        "web.auth.refused_title": "Entra ID がサインインを受け付けませんでした",
        "web.auth.refused": "Entra ID の応答: {error}。"
        "時間をおいてもう一度試すか、このシステムの担当者に連絡してください。",
        "web.auth.unavailable_title": "サインインできません",
        "web.auth.unavailable": "Entra ID に接続できませんでした。時間をおいてもう一度試してください。"
        "続く場合は、このシステムの担当者に連絡してください。",
        "web.auth.api_sign_in": "サインインが必要です。ダッシュボード（/admin）でサインインしてください。",
        "web.auth.bad_origin": "別のサイトからの操作は受け付けていません。",
        "web.auth.home_title": "生成AI 管理ダッシュボード",
        "web.auth.home": "{name} さんとしてサインインしています（{scope}）。",
        "web.auth.scope_all": "すべての組織",
        "web.auth.scope_org": "組織: {org}",
    },
    en={
        "web.auth.product": "Generative AI admin dashboard",
        "web.auth.sign_in": "Sign in",
        "web.auth.sign_in_again": "Sign in again",
        "web.auth.sign_out": "Sign out",
        "web.auth.signed_out_title": "You are signed out",
        "web.auth.signed_out": "You have signed out of the dashboard. On a shared computer, close the browser too.",
        "web.auth.no_role_title": "You do not have access to this dashboard",
        "web.auth.no_role": "You signed in as {name}, but no administrator role is assigned to you. "
        "If you need to see usage, ask the people who run this system for the “admin” (everything) or "
        "“org_admin” (your organisation) role.",
        "web.auth.no_org_title": "Your organisation is not known",
        "web.auth.no_org": "{name}, you have the organisation administrator role, but we could not tell which "
        "organisation you administer ({email} is not in the organisation file). Ask the people who run this system "
        "to add you to it.",
        "web.auth.flow_expired_title": "Please sign in again",
        "web.auth.flow_expired": "The sign-in took too long, or this answer belongs to a sign-in started in another "
        "window. Please sign in again.",
        "web.auth.mismatch_title": "The sign-in answer could not be checked",
        "web.auth.mismatch": "The answer from Entra ID does not match the sign-in started here, so it was not "
        "accepted, for your safety. Please sign in again.",
        "web.auth.refused_title": "Entra ID did not accept the sign-in",
        "web.auth.refused": "Entra ID answered: {error}. Try again later, or contact the people who run this system.",
        "web.auth.unavailable_title": "Sign-in is not available",
        "web.auth.unavailable": "Entra ID could not be reached. Try again in a little while; if it goes on, contact "
        "the people who run this system.",
        "web.auth.api_sign_in": "Sign-in required: sign in on the dashboard (/admin).",
        "web.auth.bad_origin": "Requests from another site are not accepted.",
        "web.auth.home_title": "Generative AI admin dashboard",
        "web.auth.home": "Signed in as {name} ({scope}).",
        "web.auth.scope_all": "all organisations",
        "web.auth.scope_org": "organisation: {org}",
    },
)
