"""Messages of the system skill (status, language)."""

from genai_bot import i18n

i18n.register(
    ja={
        "verb.lang": "表示言語を切り替えます（ja / en）。`channel` を付けるとこのチャンネルへの投稿の言語",
        "usage.lang": "/genai lang <ja|en>  ·  /genai lang channel <ja|en|default>",
        "lang.changed": "表示言語を日本語にしました。",
        "lang.current": "現在の表示言語は日本語です。`/genai lang en` で英語に切り替えます。",
        "lang.unsupported": "「{value}」には対応していません。ja（日本語）または en（英語）を指定してください。",
        "status.reachable": "接続 OK",
        "status.unreachable": "接続できません",
        "status.graph": "Microsoft Graph（テナント {tenant}）",
        "verb.classify": "このチャンネルの機密区分（0 公開〜3 極秘）を表示・設定します",
        "usage.classify": "/genai classify [0|1|2|3|public|internal|confidential|secret|default]",
        "classify.current": "このチャンネルの機密区分: {level}（{name}）{source}。AI に送れるのはこの区分以上を扱えるサービスだけです。",
        "classify.default_source": "— 既定値",
        "classify.changed": "{user} さんがこのチャンネルの機密区分を {level}（{name}）にしました。",
        "classify.cleared": "{user} さんがこのチャンネルの機密区分を既定値 {level}（{name}）に戻しました。",
        "classify.lower_needs_admin": "機密区分を現在の {level} より下げられるのは管理者（GENAI_ADMIN_USERS）だけです。管理者に依頼してください。",
        "classify.level.0": "公開",
        "classify.level.1": "内部",
        "classify.level.2": "機密",
        "classify.level.3": "極秘",
    },
    en={
        "verb.lang": "Switch your display language (ja / en); with `channel`, the language of posts in this channel",
        "usage.lang": "/genai lang <ja|en>  ·  /genai lang channel <ja|en|default>",
        "lang.changed": "Language set to English.",
        "lang.current": "Your language is English. `/genai lang ja` switches to Japanese.",
        "lang.unsupported": '"{value}" is not supported. Please choose ja (Japanese) or en (English).',
        "status.reachable": "reachable",
        "status.unreachable": "unreachable",
        "status.graph": "Microsoft Graph (tenant {tenant})",
        "verb.classify": "Show or set this channel's classification (0 public to 3 secret)",
        "usage.classify": "/genai classify [0|1|2|3|public|internal|confidential|secret|default]",
        "classify.current": "This channel's classification: {level} ({name}){source}. Only AI services cleared for it receive its text.",
        "classify.default_source": " — the default",
        "classify.changed": "{user} set this channel's classification to {level} ({name}).",
        "classify.cleared": "{user} set this channel's classification back to the default, {level} ({name}).",
        "classify.lower_needs_admin": "Only administrators (GENAI_ADMIN_USERS) may lower the classification below the current {level}. Please ask one.",
        "classify.level.0": "public",
        "classify.level.1": "internal",
        "classify.level.2": "confidential",
        "classify.level.3": "secret",
    },
)

# A channel's language: the bot's posts for the whole channel (polls, invitations, reminders); see genai_bot.channel_lang.
i18n.register(
    ja={
        "lang.name.ja": "日本語",
        "lang.name.en": "英語",
        "lang.channel_current": "このチャンネルへの投稿（日程調整・招待・リマインダー）の言語: {name}{source}。`/genai lang channel en` で切り替えます。",
        "lang.channel_default_source": "（既定値 GENAI_LANGUAGE）",
        "lang.channel_changed": "{user} さんがこのチャンネルへの投稿の言語を{name}にしました。",
        "lang.channel_cleared": "{user} さんがこのチャンネルへの投稿の言語を既定値（{name}）に戻しました。",
    },
    en={
        "lang.name.ja": "Japanese",
        "lang.name.en": "English",
        "lang.channel_current": "The bot posts in this channel (polls, invitations, reminders) in {name}{source}. `/genai lang channel ja` switches.",
        "lang.channel_default_source": " (the default, GENAI_LANGUAGE)",
        "lang.channel_changed": "{user} set the language of the bot's posts in this channel to {name}.",
        "lang.channel_cleared": "{user} set the language of the bot's posts in this channel back to the default ({name}).",
    },
)
