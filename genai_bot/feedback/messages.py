"""Messages of the 👍/👎 feedback on AI answers (ja + en)."""

from genai_bot import i18n

__all__: list[str] = []

i18n.register(
    ja={
        "verb.feedback": "AI の回答を評価します（👍 / 👎 と理由）",
        "usage.feedback": "/genai feedback <回答番号> up|down [理由]",
        "feedback.up_label": "👍 役に立った",
        "feedback.down_label": "👎 役に立たなかった",
        "feedback.type_it": "この回答の評価: `/genai feedback {ref} up`（役に立った）/ "
        "`/genai feedback {ref} down 理由`（役に立たなかった）",
        "feedback.add_reason": "理由を添えるには `/genai feedback {ref} down 理由` と入力してください。",
        "feedback.bad_args": "評価を読み取れません。`/genai feedback <回答番号> up` または "
        "`/genai feedback <回答番号> down 理由` と入力してください。",
        "feedback.unknown": "回答番号「{ref}」が見つかりません。回答の下に表示された番号を確認してください。",
        "feedback.thanks_up": "👍 ありがとうございます。評価を記録しました。",
        "feedback.thanks_down": "👎 評価を記録しました。よろしければ理由をお聞かせください（任意）。",
        "feedback.thanks_reason": "👎 理由とともに評価を記録しました。改善に役立てます。",
        "feedback.form_title": "回答への意見",
        "feedback.form_submit": "送信",
        "feedback.form_reason": "どこが役に立たなかったか（任意）",
        "feedback.form_hint": "例: 事実と違う、質問に答えていない、長すぎる",
    },
    en={
        "verb.feedback": "Rate an AI answer (👍 / 👎 with a reason)",
        "usage.feedback": "/genai feedback <answer id> up|down [reason]",
        "feedback.up_label": "👍 Helpful",
        "feedback.down_label": "👎 Not helpful",
        "feedback.type_it": "Rate this answer: `/genai feedback {ref} up` (helpful) / "
        "`/genai feedback {ref} down reason` (not helpful)",
        "feedback.add_reason": "To add a reason, type `/genai feedback {ref} down your reason`.",
        "feedback.bad_args": "I could not read that rating. Type `/genai feedback <answer id> up` or "
        "`/genai feedback <answer id> down reason`.",
        "feedback.unknown": "No answer with id “{ref}”. Check the id shown under the answer.",
        "feedback.thanks_up": "👍 Thank you — your rating is recorded.",
        "feedback.thanks_down": "👎 Your rating is recorded. If you like, tell us why (optional).",
        "feedback.thanks_reason": "👎 Your rating and reason are recorded. Thank you — it helps us improve.",
        "feedback.form_title": "About this answer",
        "feedback.form_submit": "Send",
        "feedback.form_reason": "What was not helpful (optional)",
        "feedback.form_hint": "e.g. wrong facts, did not answer the question, too long",
    },
)
