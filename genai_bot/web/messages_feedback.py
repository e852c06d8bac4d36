"""Messages of the dashboard's feedback page (ja + en)."""

from genai_bot import i18n

__all__: list[str] = []

i18n.register(
    ja={
        "web.feedback.nav": "回答の評価",
        "web.feedback.nav_usage": "利用状況",
        "web.feedback.title": "AI 回答への評価（👍 / 👎）",
        "web.feedback.ratings": "評価の数",
        "web.feedback.up": "👍",
        "web.feedback.down": "👎",
        "web.feedback.share": "👍 の割合",
        "web.feedback.with_reason": "理由つき 👎",
        "web.feedback.by_skill": "機能別",
        "web.feedback.by_model": "プロバイダー・モデル別",
        "web.feedback.key_skill": "機能",
        "web.feedback.key_model": "プロバイダー / モデル",
        "web.feedback.reasons": "最近の 👎 の理由",
        "web.feedback.reasons_none": "この期間に理由つきの 👎 はありません。",
        "web.feedback.reason_when": "日付",
        "web.feedback.reason_text": "理由",
        "web.feedback.empty": "この期間の評価はまだありません。AI の回答の下にある 👍 / 👎 が押されると、"
        "ここに機能別・モデル別の集計が表示されます。",
        "web.feedback.none": "—",
        "web.feedback.note": "評価は最初に押された日に数えます（押し直すと評価だけが変わります）。",
    },
    en={
        "web.feedback.nav": "Answer ratings",
        "web.feedback.nav_usage": "Usage",
        "web.feedback.title": "Ratings of AI answers (👍 / 👎)",
        "web.feedback.ratings": "Ratings",
        "web.feedback.up": "👍",
        "web.feedback.down": "👎",
        "web.feedback.share": "👍 share",
        "web.feedback.with_reason": "👎 with a reason",
        "web.feedback.by_skill": "By skill",
        "web.feedback.by_model": "By provider and model",
        "web.feedback.key_skill": "Skill",
        "web.feedback.key_model": "Provider / model",
        "web.feedback.reasons": "Latest reasons given with 👎",
        "web.feedback.reasons_none": "No 👎 with a reason in this period.",
        "web.feedback.reason_when": "Date",
        "web.feedback.reason_text": "Reason",
        "web.feedback.empty": "No ratings in this period yet. When people press 👍 / 👎 under an AI answer, "
        "the counts by skill and by model appear here.",
        "web.feedback.none": "—",
        "web.feedback.note": "A rating counts on the day it was first given (pressing again only changes it).",
    },
)
