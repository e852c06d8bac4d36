"""User-visible texts of the calendar port (ja + en), registered with the i18n catalogs at import time.

Keys: ``calendar.ics_*`` (import errors, raised as UserFacingError), ``calendar.issue.<code>`` (one event
of a file could not be read), ``calendar.reason.<warning code>`` (why Graph could not be used),
``calendar.fallback`` / ``calendar.event_not_created`` (sentences around a reason).
"""

from __future__ import annotations

from genai_bot import i18n
from genai_bot.calendar.ics_parse import IcsIssue

JA: dict[str, str] = {
    "calendar.ics_invalid": "カレンダーファイル（.ics）として読み取れませんでした。Outlook や Google カレンダーから iCalendar 形式（.ics）で書き出したファイルを添付してください。",
    "calendar.ics_too_large": "ファイルが大きすぎます（{size_mb} MB）。{limit_mb} MB 以下にしてください。期間を絞って書き出すと小さくなります。",
    "calendar.ics_no_events": "ファイルに予定が見つかりませんでした。書き出す期間やカレンダーを確認してください。",
    "calendar.import_done": "{count} 件の予定を取り込みました（対象外 {skipped} 件）。",
    "calendar.import_issues": "{count} 件の予定は読み取れなかったため取り込んでいません。",
    "calendar.issue.no_start": "開始日時がありません",
    "calendar.issue.bad_dtstart": "開始日時の形式が正しくありません",
    "calendar.issue.bad_dtend": "終了日時の形式が正しくありません",
    "calendar.issue.bad_recurrence_id": "繰り返しの例外日時の形式が正しくありません",
    "calendar.issue.end_before_start": "終了日時が開始日時より前です",
    "calendar.issue.bad_duration": "所要時間の形式が正しくありません",
    "calendar.issue.bad_recurrence": "繰り返しの設定が読み取れません",
    "calendar.issue.unsupported_recurrence": "分・秒単位の繰り返しには対応していません",
    "calendar.issue.too_many_occurrences": "繰り返しの回数が多すぎるため、途中までを取り込みました",
    "calendar.issue.too_many_events": "予定が多すぎるため、残りは取り込んでいません（期間を絞って書き出してください）",
    "calendar.reason.graph_unreachable": "Microsoft Graph に接続できませんでした",
    "calendar.reason.graph_throttled": "Microsoft Graph が混み合っていて応答しませんでした",
    "calendar.reason.graph_forbidden": "予定表を読む権限がアプリにありません（管理者に Calendars.ReadBasic のアプリケーション権限と管理者の同意を依頼してください）",
    "calendar.reason.graph_auth_failed": "Entra ID へのサインインに失敗しました（テナント ID・クライアント ID・シークレットを確認してください）",
    "calendar.reason.graph_rejected": "Microsoft Graph が要求を受け付けませんでした",
    "calendar.fallback": "Outlook の予定表を参照できなかったため、取り込み済みの予定で空き状況を判定しました（{reason}）。",
    "calendar.event_not_created": "Outlook の予定表に登録できませんでした（{reason}）。添付の招待ファイル（.ics）を各自の予定表に追加してください。",
    "calendar.unknown_people": "{names} の予定は分からないため、日程調整の投票で確認します。",
    "calendar.source.graph": "Outlook（Microsoft Graph）",
    "calendar.source.local": "取り込み済みの予定（.ics）",
}

EN: dict[str, str] = {
    "calendar.ics_invalid": "This file could not be read as a calendar (.ics). Export your calendar from Outlook or Google Calendar in iCalendar (.ics) format and attach that file.",
    "calendar.ics_too_large": "The file is too large ({size_mb} MB). Keep it under {limit_mb} MB — exporting a shorter period makes it smaller.",
    "calendar.ics_no_events": "No events were found in the file. Check the period and the calendar you exported.",
    "calendar.import_done": "Imported {count} busy periods ({skipped} events not counted as busy).",
    "calendar.import_issues": "{count} events could not be read and were left out.",
    "calendar.issue.no_start": "it has no start time",
    "calendar.issue.bad_dtstart": "its start time is malformed",
    "calendar.issue.bad_dtend": "its end time is malformed",
    "calendar.issue.bad_recurrence_id": "its recurrence exception time is malformed",
    "calendar.issue.end_before_start": "it ends before it starts",
    "calendar.issue.bad_duration": "its duration is malformed",
    "calendar.issue.bad_recurrence": "its repeat rule could not be read",
    "calendar.issue.unsupported_recurrence": "repeating every minute or second is not supported",
    "calendar.issue.too_many_occurrences": "it repeats too often; only the first occurrences were imported",
    "calendar.issue.too_many_events": "the file holds too many events; the rest were left out (export a shorter period)",
    "calendar.reason.graph_unreachable": "Microsoft Graph could not be reached",
    "calendar.reason.graph_throttled": "Microsoft Graph was too busy to answer",
    "calendar.reason.graph_forbidden": "the app may not read calendars (ask an administrator to grant the Calendars.ReadBasic application permission with admin consent)",
    "calendar.reason.graph_auth_failed": "signing in to Entra ID failed (check the tenant ID, client ID and secret)",
    "calendar.reason.graph_rejected": "Microsoft Graph refused the request",
    "calendar.fallback": "Outlook calendars could not be read, so availability is based on imported calendars ({reason}).",
    "calendar.event_not_created": "The meeting could not be added to Outlook ({reason}). Please add the attached invitation (.ics) to your calendar.",
    "calendar.unknown_people": "No calendar data for {names}: the poll will ask.",
    "calendar.source.graph": "Outlook (Microsoft Graph)",
    "calendar.source.local": "imported calendar (.ics)",
}

i18n.register(ja=JA, en=EN)


def fallback_message(lang: str, warning_code: str) -> str:
    """One sentence saying availability came from local data, and why."""
    return i18n.t(lang, "calendar.fallback", reason=i18n.t(lang, f"calendar.reason.{warning_code}"))


def event_failure_message(lang: str, warning_code: str) -> str:
    """One sentence saying the event is not in Outlook, why, and to use the .ics instead."""
    return i18n.t(lang, "calendar.event_not_created", reason=i18n.t(lang, f"calendar.reason.{warning_code}"))


def issue_message(lang: str, issue: IcsIssue) -> str:
    return i18n.t(lang, f"calendar.issue.{issue.code}")
