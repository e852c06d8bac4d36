"""Messages of the dashboard's governance pages: navigation, the audit log, channel controls (ja + en)."""

from genai_bot import i18n

__all__: list[str] = []

i18n.register(
    ja={
        "web.nav.usage": "利用状況",
        "web.nav.audit": "監査ログ",
        "web.nav.channels": "チャンネル",
        "web.audit.title": "監査ログ",
        "web.audit.from": "開始日",
        "web.audit.to": "終了日",
        "web.audit.actor": "実行者",
        "web.audit.action": "操作（前方一致。例: trip.）",
        "web.audit.target": "対象",
        "web.audit.col.at": "日時",
        "web.audit.col.actor": "実行者",
        "web.audit.col.action": "操作",
        "web.audit.col.target": "対象",
        "web.audit.col.detail": "内容",
        "web.audit.empty": "条件に合う記録はありません。期間や条件を変えてみてください。",
        "web.audit.older": "さらに古い記録 →",
        "web.audit.scope_all": "すべての組織",
        "web.audit.scope_org": "組織 {org} の職員による操作のみ",
        "web.audit.too_long_text": "{field} の指定が長すぎます（{limit} 文字まで）。",
        "web.audit.bad_number": "{field} には {low}〜{high} の整数を指定してください。",
        "web.channels.title": "チャンネルの機密区分と AI 機能",
        "web.channels.intro": (
            "設定のあるチャンネルの一覧です。機密区分は /genai classify と同じ規則で変更され、監査ログに残ります。"
            "AI 機能をオフにしたチャンネルからは、AI への送信が一切行われません。"
        ),
        "web.channels.col.platform": "種別",
        "web.channels.col.channel": "チャンネル ID",
        "web.channels.col.classification": "機密区分",
        "web.channels.col.language": "投稿の言語",
        "web.channels.col.ai": "AI 機能",
        "web.channels.col.change": "変更",
        "web.channels.level.0": "公開",
        "web.channels.level.1": "内部",
        "web.channels.level.2": "機密",
        "web.channels.level.3": "極秘",
        "web.channels.lang.ja": "日本語",
        "web.channels.lang.en": "英語",
        "web.channels.default_level": "既定値（{level} {name}）",
        "web.channels.use_default": "既定値",
        "web.channels.ai_on": "オン",
        "web.channels.ai_off": "オフ",
        "web.channels.save": "保存",
        "web.channels.saved": "変更を保存しました（監査ログに記録済み）。",
        "web.channels.empty": "設定のあるチャンネルはまだありません。",
        "web.channels.add_title": "チャンネルを指定して設定",
        "web.channels.global_only_title": "全体管理者のみ",
        "web.channels.global_only": "チャンネルはどの組織にも属さないため、この画面を使えるのは全体管理者だけです。",
        "web.channels.notice.classified": "管理者が管理画面でこのチャンネルの機密区分を {level}（{name}）にしました。",
        "web.channels.notice.cleared": (
            "管理者が管理画面でこのチャンネルの機密区分を既定値 {level}（{name}）に戻しました。"
        ),
        "web.channels.notice.ai_off": (
            "管理者が管理画面でこのチャンネルの AI 機能をオフにしました。AI への送信は行われません。"
        ),
        "web.channels.notice.ai_on": "管理者が管理画面でこのチャンネルの AI 機能をオンに戻しました。",
        "web.channels.bad_change_title": "変更できませんでした",
        "web.channels.bad_change": (
            "指定が正しくありません。チャンネル ID、機密区分（0〜3 または既定値）、"
            "AI 機能（オン/オフ）を確認してください。"
        ),
    },
    en={
        "web.nav.usage": "Usage",
        "web.nav.audit": "Audit log",
        "web.nav.channels": "Channels",
        "web.audit.title": "Audit log",
        "web.audit.from": "From",
        "web.audit.to": "To",
        "web.audit.actor": "Actor",
        "web.audit.action": "Action (prefix, e.g. trip.)",
        "web.audit.target": "Target",
        "web.audit.col.at": "When",
        "web.audit.col.actor": "Actor",
        "web.audit.col.action": "Action",
        "web.audit.col.target": "Target",
        "web.audit.col.detail": "Detail",
        "web.audit.empty": "No entries match. Try another period or other filters.",
        "web.audit.older": "Older entries →",
        "web.audit.scope_all": "All organisations",
        "web.audit.scope_org": "Only actions by people of organisation {org}",
        "web.audit.too_long_text": "The {field} filter is too long (at most {limit} characters).",
        "web.audit.bad_number": "{field} must be a whole number from {low} to {high}.",
        "web.channels.title": "Channel classifications and AI features",
        "web.channels.intro": (
            "Channels with settings. A classification changes under the same rule as /genai classify and is "
            "recorded in the audit log. Nothing from a channel with AI features switched off is sent to an AI service."
        ),
        "web.channels.col.platform": "Platform",
        "web.channels.col.channel": "Channel ID",
        "web.channels.col.classification": "Classification",
        "web.channels.col.language": "Language of posts",
        "web.channels.col.ai": "AI features",
        "web.channels.col.change": "Change",
        "web.channels.level.0": "public",
        "web.channels.level.1": "internal",
        "web.channels.level.2": "confidential",
        "web.channels.level.3": "secret",
        "web.channels.lang.ja": "Japanese",
        "web.channels.lang.en": "English",
        "web.channels.default_level": "the default ({level} {name})",
        "web.channels.use_default": "the default",
        "web.channels.ai_on": "on",
        "web.channels.ai_off": "off",
        "web.channels.save": "Save",
        "web.channels.saved": "Saved (and recorded in the audit log).",
        "web.channels.empty": "No channel has settings yet.",
        "web.channels.add_title": "Set a channel by its ID",
        "web.channels.global_only_title": "Global administrators only",
        "web.channels.global_only": (
            "Channels belong to no organisation, so only global administrators may use this page."
        ),
        "web.channels.notice.classified": (
            "An administrator set this channel's classification to {level} ({name}) on the dashboard."
        ),
        "web.channels.notice.cleared": (
            "An administrator set this channel's classification back to the default, {level} ({name}), "
            "on the dashboard."
        ),
        "web.channels.notice.ai_off": (
            "An administrator switched AI features off in this channel on the dashboard: nothing from here is sent "
            "to an AI service."
        ),
        "web.channels.notice.ai_on": "An administrator switched AI features back on in this channel on the dashboard.",
        "web.channels.bad_change_title": "Nothing was changed",
        "web.channels.bad_change": (
            "The request was not valid. Check the channel ID, the classification (0–3 or the default) "
            "and AI features (on/off)."
        ),
    },
)
