"""Messages of the trip's digest section (ja + en)."""

from genai_bot import i18n

i18n.register(
    ja={
        "digest.section.trip": "出張",
        "trip.digest.approval": "承認待ち：出張申請 #{id}（{who} さん）",
        "trip.digest.where_when": "{destination}・{days}",
        "trip.digest.returned": "差し戻された出張申請 #{id}（{destination}）",
        "trip.digest.travelling": "出張中 #{id}（{destination}）",
        "trip.digest.upcoming": "近日の出張 #{id}（{destination}）",
        "trip.digest.pending": "承認待ちの出張 #{id}（{destination}）",
        "trip.digest.away": "今日出張中の同じ課の方：{count}名",
    },
    en={
        "digest.section.trip": "Business trips",
        "trip.digest.approval": "Waiting for your approval: trip #{id} ({who})",
        "trip.digest.where_when": "{destination}, {days}",
        "trip.digest.returned": "Trip #{id} ({destination}) was sent back to you",
        "trip.digest.travelling": "On the road: trip #{id} ({destination})",
        "trip.digest.upcoming": "Coming up: trip #{id} ({destination})",
        "trip.digest.pending": "Awaiting approval: trip #{id} ({destination})",
        "trip.digest.away": "Away from your division today: {count}",
    },
)
