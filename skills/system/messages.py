"""Messages of the system skill (status, language)."""

from genai_bot import i18n

i18n.register(
    ja={
        "verb.lang": "表示言語を切り替えます（ja / en）",
        "usage.lang": "/genai lang <ja|en>",
        "lang.changed": "表示言語を日本語にしました。",
        "lang.current": "現在の表示言語は日本語です。`/genai lang en` で英語に切り替えます。",
        "lang.unsupported": "「{value}」には対応していません。ja（日本語）または en（英語）を指定してください。",
        "status.reachable": "接続 OK",
        "status.unreachable": "接続できません",
        "status.graph": "Microsoft Graph（テナント {tenant}）",
    },
    en={
        "verb.lang": "Switch the display language (ja / en)",
        "usage.lang": "/genai lang <ja|en>",
        "lang.changed": "Language set to English.",
        "lang.current": "Your language is English. `/genai lang ja` switches to Japanese.",
        "lang.unsupported": "\"{value}\" is not supported. Please choose ja (Japanese) or en (English).",
        "status.reachable": "reachable",
        "status.unreachable": "unreachable",
        "status.graph": "Microsoft Graph (tenant {tenant})",
    },
)
