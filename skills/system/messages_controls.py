"""Messages of `/genai ai` (the channel's AI switch)."""

from genai_bot import i18n

i18n.register(
    ja={
        "verb.ai": "このチャンネルの AI 機能のオン・オフを表示・切り替えます（切り替えは管理者のみ）",
        "usage.ai": "/genai ai [on|off]",
        "ai.current_on": "このチャンネルでは AI 機能がオンです。",
        "ai.current_off": "このチャンネルでは管理者が AI 機能をオフにしています。",
        "ai.unknown": "「{value}」は分かりません。`/genai ai on` または `/genai ai off` と入力してください。",
        "ai.needs_admin": (
            "AI 機能のオン・オフを切り替えられるのは管理者（GENAI_ADMIN_USERS）だけです。管理者に依頼してください。"
        ),
        "ai.switched_off": "{user} さんがこのチャンネルの AI 機能をオフにしました。AI への送信は行われません。",
        "ai.switched_on": "{user} さんがこのチャンネルの AI 機能をオンに戻しました。",
    },
    en={
        "verb.ai": "Show or switch AI features in this channel (switching: administrators only)",
        "usage.ai": "/genai ai [on|off]",
        "ai.current_on": "AI features are on in this channel.",
        "ai.current_off": "AI features are switched off in this channel by an administrator.",
        "ai.unknown": 'Not understood: "{value}". Type `/genai ai on` or `/genai ai off`.',
        "ai.needs_admin": "Only administrators (GENAI_ADMIN_USERS) may switch AI features on or off. Please ask one.",
        "ai.switched_off": (
            "{user} switched AI features off in this channel: nothing from here is sent to an AI service."
        ),
        "ai.switched_on": "{user} switched AI features back on in this channel.",
    },
)
