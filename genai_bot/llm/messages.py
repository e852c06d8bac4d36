"""User-visible messages of the LLM gateway (ja, en). Registered on import of `genai_bot.llm`."""

from __future__ import annotations

from genai_bot.i18n import register

JA: dict[str, str] = {
    "llm.unavailable": "AI サービスが一時的に利用できません。しばらくしてから「再試行」を押してください。",
    "llm.timeout": (
        "AI サービスが時間内（{seconds} 秒）に応答しませんでした。しばらくしてから「再試行」を押してください。"
    ),
    "llm.interrupted": "AI サービスの応答が途中で途切れました。「再試行」を押してください。",
    "llm.not_configured": (
        "AI サービスが設定されていません。管理者に OPENAI_API_KEY（または GENAI_LLM_PROVIDERS）の"
        "設定を依頼してください。"
    ),
    "llm.no_provider_for_classification": (
        "このチャンネルの機密区分（レベル {level}）の情報を扱える AI サービスがありません"
        "（設定済みのサービスはレベル {max_allowed} まで: {services}）。機密区分を見直すか、管理者に "
        "GENAI_LLM_PROVIDERS で max_classification が {level} 以上のサービスの追加を依頼してください。"
    ),
    "llm.invalid_classification": "機密区分「{value}」は正しくありません。0（公開）〜3（極秘）の数字で指定してください。",
    "llm.bad_answer": "AI サービスの回答を読み取れませんでした。もう一度お試しください。",
    # bounded answers (issue 10)
    "llm.empty_answer": "AI サービスから空の回答が返りました。しばらくしてから「再試行」を押してください。",
    "llm.answer_cut": "（回答が長すぎるため、{chars} 文字で打ち切りました）",
}

EN: dict[str, str] = {
    "llm.unavailable": 'The AI service is temporarily unavailable. Please wait a moment and press "Retry".',
    "llm.timeout": ('The AI service did not answer within {seconds} seconds. Please wait a moment and press "Retry".'),
    "llm.interrupted": 'The AI service\'s answer was cut off. Please press "Retry".',
    "llm.not_configured": (
        "No AI service is configured. Please ask an administrator to set OPENAI_API_KEY (or GENAI_LLM_PROVIDERS)."
    ),
    "llm.no_provider_for_classification": (
        "No AI service may handle information at this channel's classification (level {level}); "
        "the configured services go up to level {max_allowed} ({services}). Review the channel's classification, or ask "
        "an administrator to add a service with max_classification {level} or higher in GENAI_LLM_PROVIDERS."
    ),
    "llm.invalid_classification": (
        'The classification "{value}" is not valid. Use a number from 0 (public) to 3 (secret).'
    ),
    "llm.bad_answer": "The AI service's answer could not be read. Please try again.",
    # bounded answers (issue 10)
    "llm.empty_answer": 'The AI service returned an empty answer. Please wait a moment and press "Retry".',
    "llm.answer_cut": "(The answer was too long and was cut at {chars} characters.)",
}

register(ja=JA, en=EN)
