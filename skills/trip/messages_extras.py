"""Messages of the trip extras (ja + en): conflicts, itinerary (.ics), reminders, report, who is away."""

from genai_bot import i18n

_SUBS_JA = {
    "ics": (
        "出張の予定表ファイル（.ics）を作ります（Slack では DM に送り、コンソールではファイルに書きます）",
        "/genai trip ics <出張番号>",
        "例: `/genai trip ics 12`",
    ),
    "conflicts": (
        "出張の日程と重なる予定（予定表・委員会の会議・ほかの出張）を表示します",
        "/genai trip conflicts <出張番号>",
        "例: `/genai trip conflicts 12`",
    ),
    "report": (
        "出張報告書をメモから作成・修正・提出します",
        "/genai trip report <出張番号> [メモ] | report <出張番号> edit [本文] | report <出張番号> file",
        "例: `/genai trip report 12 大阪で予算説明会に出席。質疑3件、資料追加の要望あり`",
    ),
    "away": (
        "指定日に出張中の人を表示します（課・局を指定すると配下の課も含みます）",
        "/genai trip away [組織] [日付]",
        "例: `/genai trip away 予算局 12/10`（省略時は自分の所属・今日）",
    ),
}
_SUBS_EN = {
    "ics": (
        "Make the trip's calendar file (.ics): sent to your DMs in Slack, written to a file on the console",
        "/genai trip ics <trip no.>",
        "Example: `/genai trip ics 12`",
    ),
    "conflicts": (
        "Show what overlaps the trip (calendar, committee meetings, other trips)",
        "/genai trip conflicts <trip no.>",
        "Example: `/genai trip conflicts 12`",
    ),
    "report": (
        "Draft, edit and file the trip report from your notes",
        "/genai trip report <trip no.> [notes] | report <trip no.> edit [text] | report <trip no.> file",
        "Example: `/genai trip report 12 Attended the budget briefing in Osaka; 3 questions, more material requested`",
    ),
    "away": (
        "Who is on a trip on a day (a unit includes the units under it)",
        "/genai trip away [unit] [date]",
        "Example: `/genai trip away Budget Bureau 12/10` (default: your unit, today)",
    ),
}


def _subs(table: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (summary, usage, example) in table.items():
        out[f"trip.extras.sub.{name}"] = summary
        out[f"trip.extras.usage.{name}"] = usage
        out[f"trip.extras.example.{name}"] = example
    return out


_STATES_JA = {
    "draft": "下書き",
    "submitted": "申請中",
    "approved": "承認済み",
    "rejected": "却下",
    "returned": "差し戻し",
    "completed": "完了",
    "cancelled": "取消",
}
_STATES_EN = {
    "draft": "draft",
    "submitted": "submitted",
    "approved": "approved",
    "rejected": "rejected",
    "returned": "returned",
    "completed": "completed",
    "cancelled": "cancelled",
}

JA = {
    **_subs(_SUBS_JA),
    **{f"trip.extras.state.{k}": v for k, v in _STATES_JA.items()},
    "trip.extras.bad_id": "出張番号を指定してください（`{value}` は番号ではありません）。例: `/genai trip show 12`",
    "trip.extras.not_found": "出張 #{trip} は見つかりません。`/genai trip list` で番号を確認してください。",
    "trip.extras.not_yours": "出張 #{trip} は出張者本人だけが操作できます。",
    # itinerary
    "trip.ics.summary": "出張: {destination}",
    "trip.ics.purpose": "用務: {purpose}",
    "trip.ics.transport": "交通手段: {transport}",
    "trip.ics.comment": "出張 #{trip}（{destination}、{days}）の予定表ファイルです。予定表アプリに取り込めます。",
    "trip.ics.uploaded": "出張 #{trip} の予定表ファイル `{file}` を DM に送りました。",
    "trip.ics.written": "出張 #{trip}（{days}）の予定表ファイルを書き出しました: `{path}`",
    "trip.ics.not_active": "出張 #{trip} は{state}のため、予定表ファイルは作れません。",
    "trip.ics.upload_failed": "出張 #{trip} の予定表ファイルを送れませんでした（{code}）。"
    "しばらくしてからもう一度お試しください。",
    # reminders
    "trip.reminder.day_before": "明日から出張です: #{trip} {destination}（{days}）。持ち物と乗車券をご確認ください。"
    "予定表ファイル: `/genai trip ics {trip}`",
    "trip.reminder.report_due": "出張 #{trip} {destination}（{days}）の出張報告書の提出期限は本日です。"
    "`/genai trip report {trip} <メモ>` で下書きを作れます。",
    # conflicts
    "trip.conflicts.head": "⚠️ 出張の日程と重なる予定が {count} 件あります:",
    "trip.conflicts.calendar": "予定あり（予定表）",
    "trip.conflicts.meeting": "委員会の会議 {label}（会議 #{meeting}）",
    "trip.conflicts.trip": "ほかの出張 #{trip} {label}",
    "trip.conflicts.none": "出張 #{trip} の日程と重なる予定はありません。",
    # report
    "trip.report.usage_hint": "出張番号を指定してください: `/genai trip report <出張番号> [メモ]`",
    "trip.report.not_approved": "出張 #{trip} は{state}です。報告書は承認済みの出張について作成できます。",
    "trip.report.already_filed": "出張 #{trip} の報告書は提出済みです。",
    "trip.report.no_notes": "報告書の元になるメモがありません。"
    "`/genai trip report {trip} <メモ>` のようにメモを付けてください。",
    "trip.report.llm_failed": "報告書の下書きを作成できませんでした（AI サービスが応答しません）。メモは保存しました。"
    "しばらくしてから `/genai trip report {trip}` でもう一度お試しください。",
    "trip.report.drafted": "*出張 #{trip} {destination} の出張報告書（下書き）*",
    "trip.report.edited": "*出張 #{trip} {destination} の出張報告書（修正済み）*",
    "trip.report.next_typed": "修正: `/genai trip report {trip} edit <本文>`　提出: `/genai trip report {trip} file`",
    "trip.report.button_edit": "修正",
    "trip.report.button_file": "提出",
    "trip.report.form_title": "出張報告書の修正",
    "trip.report.form_submit": "保存",
    "trip.report.form_field": "報告書",
    "trip.report.edit_typed": "フォームが開かない場合は `/genai trip report {trip} edit <本文>` と入力してください。",
    "trip.report.nothing_to_file": "出張 #{trip} の報告書がまだありません。"
    "先に `/genai trip report {trip} <メモ>` で作成してください。",
    "trip.report.changed": "出張 #{trip} はその間に変更されました。内容を確認してからもう一度提出してください。",
    "trip.report.filed": "出張 #{trip} {destination} の出張報告書を提出しました。出張は完了です。",
    # away
    "trip.away.head": "{day} に出張中（{unit}）: {count} 人",
    "trip.away.line": "• {name} — {destination}（{days}、#{trip}）",
    "trip.away.none": "{day} に出張中の人はいません（{unit}）。",
    "trip.away.everyone": "全員",
    "trip.away.unknown_unit": "組織「{unit}」は組織ファイルにありません。組織の ID か名称で指定してください。",
    "trip.away.no_unit": "あなたの所属が組織ファイルにありません。"
    "組織を指定してください（例: `/genai trip away 予算局`）。",
}

EN = {
    **_subs(_SUBS_EN),
    **{f"trip.extras.state.{k}": v for k, v in _STATES_EN.items()},
    "trip.extras.bad_id": "Give the trip's number (`{value}` is not one). Example: `/genai trip show 12`",
    "trip.extras.not_found": "There is no trip #{trip}. `/genai trip list` shows the numbers.",
    "trip.extras.not_yours": "Only the traveller can do this for trip #{trip}.",
    "trip.ics.summary": "Business trip: {destination}",
    "trip.ics.purpose": "Purpose: {purpose}",
    "trip.ics.transport": "Transport: {transport}",
    "trip.ics.comment": "Calendar file for trip #{trip} ({destination}, {days}); add it to your calendar app.",
    "trip.ics.uploaded": "Sent the calendar file `{file}` for trip #{trip} to your DMs.",
    "trip.ics.written": "Wrote the calendar file for trip #{trip} ({days}): `{path}`",
    "trip.ics.not_active": "Trip #{trip} is {state}: no calendar file for it.",
    "trip.ics.upload_failed": "Could not send the calendar file for trip #{trip} ({code}). Please try again shortly.",
    "trip.reminder.day_before": "Your trip starts tomorrow: #{trip} {destination} ({days}). Check your tickets. "
    "Calendar file: `/genai trip ics {trip}`",
    "trip.reminder.report_due": "The report for trip #{trip} {destination} ({days}) is due today. "
    "`/genai trip report {trip} <notes>` drafts it.",
    "trip.conflicts.head": "⚠️ {count} things overlap the trip:",
    "trip.conflicts.head.one": "⚠️ 1 thing overlaps the trip:",
    "trip.conflicts.calendar": "busy (calendar)",
    "trip.conflicts.meeting": "committee meeting {label} (meeting #{meeting})",
    "trip.conflicts.trip": "another trip #{trip} {label}",
    "trip.conflicts.none": "Nothing overlaps trip #{trip}.",
    "trip.report.usage_hint": "Give the trip's number: `/genai trip report <trip no.> [notes]`",
    "trip.report.not_approved": "Trip #{trip} is {state}; a report can be written for an approved trip.",
    "trip.report.already_filed": "The report for trip #{trip} has been filed already.",
    "trip.report.no_notes": "There are no notes to draft from. Add them: `/genai trip report {trip} <notes>`",
    "trip.report.llm_failed": "Could not draft the report (the AI service did not answer). Your notes are saved; "
    "try `/genai trip report {trip}` again shortly.",
    "trip.report.drafted": "*Trip report for #{trip} {destination} (draft)*",
    "trip.report.edited": "*Trip report for #{trip} {destination} (edited)*",
    "trip.report.next_typed": "Edit: `/genai trip report {trip} edit <text>`  File: `/genai trip report {trip} file`",
    "trip.report.button_edit": "Edit",
    "trip.report.button_file": "File",
    "trip.report.form_title": "Edit the trip report",
    "trip.report.form_submit": "Save",
    "trip.report.form_field": "Report",
    "trip.report.edit_typed": "If no form opens, type `/genai trip report {trip} edit <text>`.",
    "trip.report.nothing_to_file": "Trip #{trip} has no report yet. "
    "Draft it first: `/genai trip report {trip} <notes>`",
    "trip.report.changed": "Trip #{trip} changed in the meantime. Check it and file again.",
    "trip.report.filed": "Filed the report for trip #{trip} {destination}. The trip is completed.",
    "trip.away.head": "Away on {day} ({unit}): {count} people",
    "trip.away.head.one": "Away on {day} ({unit}): 1 person",
    "trip.away.line": "• {name} — {destination} ({days}, #{trip})",
    "trip.away.none": "Nobody is away on {day} ({unit}).",
    "trip.away.everyone": "everyone",
    "trip.away.unknown_unit": 'There is no unit "{unit}" in the organisation file. Give its id or name.',
    "trip.away.no_unit": "You are not in the organisation file. Name a unit (e.g. `/genai trip away budget`).",
}

i18n.register(ja=JA, en=EN)
