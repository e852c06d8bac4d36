"""Messages of the committee's digest section (ja + en)."""

from genai_bot import i18n

i18n.register(
    ja={
        "committee.digest.poll": "日程調整 #{poll} に未回答です",
        "committee.digest.poll_deadline": "日程調整 #{poll} に未回答です（締切 {deadline}）",
        "committee.digest.meeting_today": "今日 {when}・{location}",
        "committee.digest.meeting_week": "今週 {when}・{location}",
    },
    en={
        "committee.digest.poll": "poll #{poll} waits for your answer",
        "committee.digest.poll_deadline": "poll #{poll} waits for your answer (closes {deadline})",
        "committee.digest.meeting_today": "today {when}, {location}",
        "committee.digest.meeting_week": "this week {when}, {location}",
    },
)
