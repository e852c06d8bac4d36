"""Messages of the translate skill (ja, en). Registered on import of `skills.translate`."""

from genai_bot import i18n

i18n.register(
    ja={
        "translate.lang.ja": "日本語",
        "translate.lang.en": "英語",
        "translate.footer": "_{target}に翻訳しました{glossary}_",
        "translate.footer_glossary": "（用語集 {count} 語を適用）",
        "translate.glossary_note": "用語集による訳語: {pairs}",
        "translate.empty": ("翻訳するテキストを入力してください。例: `/genai translate en 本日の会議は 15 時からです`"),
        "translate.empty_message": "このメッセージには翻訳できるテキストがありません。",
        "translate.too_long": (
            "翻訳できるのは {limit:,} 文字までです（今回は {length:,} 文字）。いくつかに分けて送ってください。"
        ),
        "translate.unsupported_lang": (
            "「{value}」への翻訳には対応していません。対応している指定は en（英語）・ja（日本語）・"
            "auto（自動判定）です。例: `/genai translate en 本日の会議は中止です`"
        ),
        "translate.no_llm": (
            "翻訳を使うには AI サービスの設定が必要です。管理者に OPENAI_API_KEY か GENAI_LLM_PROVIDERS の設定を"
            "依頼してください（翻訳専用のモデル、例えば PLaMo 翻訳を使うときは GENAI_LLM_ROUTES に "
            '"translate" の経路を追加します）。'
        ),
        "translate.empty_result": "AI サービスから翻訳結果が返ってきませんでした。「再試行」を押してください。",
        "translate.misconfigured": (
            "翻訳の設定 {setting} に誤りがあるため翻訳できません。管理者に設定の確認を依頼してください。"
        ),
    },
    en={
        "translate.lang.ja": "Japanese",
        "translate.lang.en": "English",
        "translate.footer": "_Translated into {target}{glossary}_",
        "translate.footer_glossary": " (glossary: {count} term(s) applied)",
        "translate.glossary_note": "Glossary terms: {pairs}",
        "translate.empty": "Please give the text to translate, e.g. `/genai translate ja The meeting starts at 3 pm`.",
        "translate.empty_message": "This message has no text to translate.",
        "translate.too_long": (
            "Translation is limited to {limit:,} characters (this text has {length:,}). Please split it up."
        ),
        "translate.unsupported_lang": (
            'Translating into "{value}" is not supported. Use en (English), ja (Japanese) or auto (detect), '
            "e.g. `/genai translate ja The meeting is cancelled`."
        ),
        "translate.no_llm": (
            "Translation needs an AI service. Please ask an administrator to set OPENAI_API_KEY or "
            "GENAI_LLM_PROVIDERS (for a dedicated translation model such as PLaMo Translate, add a "
            '"translate" route in GENAI_LLM_ROUTES).'
        ),
        "translate.empty_result": 'The AI service returned no translation. Please press "Retry".',
        "translate.misconfigured": (
            "Translation is unavailable because the setting {setting} is invalid. "
            "Please ask an administrator to check it."
        ),
    },
)
