"""Messages of the digest skill (ja + en)."""

from genai_bot import i18n

_SUBS_JA = {
    "subscribe": (
        "毎日・毎週のダイジェストを申し込みます（土日祝日と年末年始は休み）",
        "/genai digest subscribe daily HH:MM | weekly <曜日> HH:MM [--include-holidays]",
        "例: `/genai digest subscribe daily 08:30`、`/genai digest subscribe 毎週 月曜 9:00`",
    ),
    "unsubscribe": (
        "ダイジェストをやめます（番号で1件、番号なしで自分あての全件）",
        "/genai digest unsubscribe [番号|all]",
        "例: `/genai digest unsubscribe 3`",
    ),
    "list": ("申し込んだダイジェストの一覧", "/genai digest list", "例: `/genai digest list`"),
    "preview": ("今日のダイジェストを今すぐ表示します", "/genai digest preview", "例: `/genai digest preview`"),
    "channel": (
        "チャンネルにダイジェストを投稿します（そのチャンネルのメンバーのみ）",
        "/genai digest channel #チャンネル daily HH:MM | weekly <曜日> HH:MM",
        "例: `/genai digest channel #予算 daily 17:30`",
    ),
    "quiet": (
        "通知しない時間帯（その間のダイジェストは終わりに送ります）",
        "/genai digest quiet HH:MM-HH:MM | off",
        "例: `/genai digest quiet 22:00-07:00`",
    ),
    "follow": (
        "ダイジェストに要約を載せるチャンネルを追加します",
        "/genai digest follow #チャンネル",
        "例: `/genai digest follow #総務`",
    ),
    "unfollow": (
        "要約を載せるチャンネルを外します",
        "/genai digest unfollow #チャンネル",
        "例: `/genai digest unfollow #総務`",
    ),
    "snooze": ("ダイジェストを1日止めます", "/genai digest snooze <番号>", "例: `/genai digest snooze 3`"),
    "off": ("ダイジェストを止めます", "/genai digest off <番号>", "例: `/genai digest off 3`"),
}
_SUBS_EN = {
    "subscribe": (
        "Get a daily or weekly digest (not on weekends, holidays or 12/29–1/3)",
        "/genai digest subscribe daily HH:MM | weekly <weekday> HH:MM [--include-holidays]",
        "e.g. `/genai digest subscribe daily 08:30`, `/genai digest subscribe weekly mon 09:00`",
    ),
    "unsubscribe": (
        "Stop digests (one by number, or all of yours without one)",
        "/genai digest unsubscribe [number|all]",
        "e.g. `/genai digest unsubscribe 3`",
    ),
    "list": ("Your digests", "/genai digest list", "e.g. `/genai digest list`"),
    "preview": ("Today's digest, now", "/genai digest preview", "e.g. `/genai digest preview`"),
    "channel": (
        "Post a digest in a channel (its members only)",
        "/genai digest channel #channel daily HH:MM | weekly <weekday> HH:MM",
        "e.g. `/genai digest channel #budget daily 17:30`",
    ),
    "quiet": (
        "Quiet hours (a digest due in them goes out when they end)",
        "/genai digest quiet HH:MM-HH:MM | off",
        "e.g. `/genai digest quiet 22:00-07:00`",
    ),
    "follow": (
        "Add a channel whose summary your digest shows",
        "/genai digest follow #channel",
        "e.g. `/genai digest follow #general`",
    ),
    "unfollow": (
        "Stop following a channel",
        "/genai digest unfollow #channel",
        "e.g. `/genai digest unfollow #general`",
    ),
    "snooze": ("Pause a digest for a day", "/genai digest snooze <number>", "e.g. `/genai digest snooze 3`"),
    "off": ("Turn a digest off", "/genai digest off <number>", "e.g. `/genai digest off 3`"),
}


def _subs(table: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (summary, usage, example) in table.items():
        out[f"digest.sub.{name}"] = summary
        out[f"digest.usage.{name}"] = usage
        out[f"digest.example.{name}"] = example
    return out


_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

JA = {
    **_subs(_SUBS_JA),
    **{f"digest.weekday.{i}": f"{d}曜" for i, d in enumerate(_WEEKDAYS_JA)},
    "digest.help.title": "*ダイジェスト* — `/genai digest <サブコマンド>`（`ダイジェスト` でも可）",
    "digest.help.footer": "各サブコマンドの使い方: `/genai digest help <サブコマンド>`",
    "digest.title": "{day} のダイジェスト",
    "digest.title.channel": "{day} のチャンネル・ダイジェスト",
    "digest.open": "開く",
    "digest.button.snooze": "1日スヌーズ",
    "digest.button.off": "配信を停止",
    "digest.footer_typed": "1日止める: `/genai digest snooze {id}`　停止: `/genai digest off {id}`",
    "digest.section.committee": "委員会（未回答の日程調整・会議）",
    "digest.section.follows": "フォロー中のチャンネル",
    "digest.summary.unreadable": "このチャンネルを読めませんでした（ボットを招待してください）",
    "digest.summary.extractive": "（AI が使えないため、重要そうな発言をそのまま抜き出しています）",
    "digest.when.daily": "毎日 {at}（土日祝日・年末年始を除く）",
    "digest.when.daily.holidays": "毎日 {at}（休日も）",
    "digest.when.weekly": "毎週{weekday} {at}（祝日・年末年始は休み）",
    "digest.when.weekly.holidays": "毎週{weekday} {at}（休日も）",
    "digest.subscribed": "ダイジェスト #{id} を申し込みました: {when}。次回は {next} です。",
    "digest.channel_subscribed": "{channel} にダイジェスト #{id} を投稿します: {when}。",
    "digest.unsubscribed": "ダイジェスト {count} 件を停止しました。",
    "digest.turned_off": "ダイジェスト #{id} を停止しました。再開は `/genai digest subscribe …` で。",
    "digest.snoozed": "ダイジェスト #{id} を {until} まで止めます。",
    "digest.list.title": "ダイジェスト",
    "digest.list.none": "申し込みはありません。`/genai digest subscribe daily 08:30` で始められます。",
    "digest.list.line": "#{id} {when} — 次回 {next}",
    "digest.list.channel_line": "#{id} {channel} {when} — 次回 {next}",
    "digest.list.snoozed": "（スヌーズ中）",
    "digest.list.quiet": "通知しない時間帯: {start}〜{end}",
    "digest.list.follows": "要約するチャンネル: {channels}",
    "digest.preview_empty": "{day} のダイジェストに載せるものはありません（空のダイジェストは送りません）。",
    "digest.quiet_set": "{start}〜{end} はダイジェストを送らず、{end} に送ります。",
    "digest.quiet_off": "通知しない時間帯を解除しました。",
    "digest.followed": "{channel} の要約をダイジェストに載せます。",
    "digest.followed_already": "{channel} はすでにフォローしています。",
    "digest.unfollowed": "{channel} をフォローから外しました。",
    "digest.error.schedule_missing": "いつ送るかを指定してください。例: `daily 08:30`、`weekly mon 09:00`、`毎日 8:30`",
    "digest.error.frequency": "「{word}」は分かりません。`daily`（毎日）か `weekly`（毎週）を指定してください。",
    "digest.error.time": "「{word}」は時刻として読めません。`08:30` のように 00:00〜23:59 で指定してください。",
    "digest.error.weekday": "「{word}」は曜日として読めません。`mon`〜`sun` か `月`〜`日` で指定してください。",
    "digest.error.quiet": "「{text}」は時間帯として読めません。例: `22:00-07:00`（解除は `off`）",
    "digest.error.channel_usage": "チャンネルを指定してください。例: `/genai digest channel #予算 daily 17:30`",
    "digest.error.channel": "「{word}」はチャンネルとして読めません。`#チャンネル` で指定してください。",
    "digest.error.channel_unreadable": "そのチャンネルを確認できませんでした（{code}）。ボットを招待してから試してください。",
    "digest.error.not_member": "{channel} のメンバーではないため設定できません。",
    "digest.error.no_chat": "ここからはチャンネルを確認できません。",
    "digest.error.which": "どのダイジェストかを番号で指定してください（`/genai digest list` で確認できます）。",
    "digest.error.unknown": "ダイジェスト #{id} は見つかりません（`/genai digest list` で確認できます）。",
    "digest.error.none": "停止するダイジェストはありません。",
    "digest.error.not_following": "そのチャンネルはフォローしていません。",
}

EN = {
    **_subs(_SUBS_EN),
    **{f"digest.weekday.{i}": d for i, d in enumerate(_WEEKDAYS_EN)},
    "digest.help.title": "*Digests* — `/genai digest <subcommand>`",
    "digest.help.footer": "Help on one: `/genai digest help <subcommand>`",
    "digest.title": "Your digest for {day}",
    "digest.title.channel": "Channel digest for {day}",
    "digest.open": "open",
    "digest.button.snooze": "Snooze 1 day",
    "digest.button.off": "Turn off",
    "digest.footer_typed": "Snooze a day: `/genai digest snooze {id}`  Turn off: `/genai digest off {id}`",
    "digest.section.committee": "Committees (polls to answer, meetings)",
    "digest.section.follows": "Channels you follow",
    "digest.summary.unreadable": "This channel could not be read (invite the bot)",
    "digest.summary.extractive": "(No AI may be used: the key messages as written)",
    "digest.when.daily": "daily at {at} (not on weekends, holidays or 12/29–1/3)",
    "digest.when.daily.holidays": "daily at {at} (holidays too)",
    "digest.when.weekly": "every {weekday} at {at} (not on holidays or 12/29–1/3)",
    "digest.when.weekly.holidays": "every {weekday} at {at} (holidays too)",
    "digest.subscribed": "Digest #{id} set up: {when}. Next one: {next}.",
    "digest.channel_subscribed": "Digest #{id} will be posted in {channel}: {when}.",
    "digest.unsubscribed.one": "Stopped {count} digest.",
    "digest.unsubscribed": "Stopped {count} digests.",
    "digest.turned_off": "Digest #{id} is off. Subscribe again with `/genai digest subscribe …`.",
    "digest.snoozed": "Digest #{id} is paused until {until}.",
    "digest.list.title": "Digests",
    "digest.list.none": "No digests yet. Start with `/genai digest subscribe daily 08:30`.",
    "digest.list.line": "#{id} {when} — next {next}",
    "digest.list.channel_line": "#{id} {channel} {when} — next {next}",
    "digest.list.snoozed": " (snoozed)",
    "digest.list.quiet": "Quiet hours: {start}–{end}",
    "digest.list.follows": "Channels summarised: {channels}",
    "digest.preview_empty": "Nothing for your digest on {day} (empty digests are not sent).",
    "digest.quiet_set": "No digests from {start} to {end}; one due then goes out at {end}.",
    "digest.quiet_off": "Quiet hours removed.",
    "digest.followed": "Your digest will summarise {channel}.",
    "digest.followed_already": "You follow {channel} already.",
    "digest.unfollowed": "You no longer follow {channel}.",
    "digest.error.schedule_missing": "Say when to send it, e.g. `daily 08:30` or `weekly mon 09:00`.",
    "digest.error.frequency": "“{word}” is not a frequency: use `daily` or `weekly`.",
    "digest.error.time": "“{word}” is not a time of day: use 00:00–23:59, e.g. `08:30`.",
    "digest.error.weekday": "“{word}” is not a weekday: use `mon` … `sun`.",
    "digest.error.quiet": "“{text}” is not a time range, e.g. `22:00-07:00` (or `off`).",
    "digest.error.channel_usage": "Name the channel, e.g. `/genai digest channel #budget daily 17:30`.",
    "digest.error.channel": "“{word}” is not a channel: use `#channel`.",
    "digest.error.channel_unreadable": "That channel could not be checked ({code}). Invite the bot and try again.",
    "digest.error.not_member": "Only members of {channel} can set that up.",
    "digest.error.no_chat": "Channels cannot be checked from here.",
    "digest.error.which": "Which digest? Give its number (see `/genai digest list`).",
    "digest.error.unknown": "There is no digest #{id} (see `/genai digest list`).",
    "digest.error.none": "There is no digest to stop.",
    "digest.error.not_following": "You do not follow that channel.",
}

i18n.register(ja=JA, en=EN)
