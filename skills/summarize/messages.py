"""Messages of the summarize skill (ja, en)."""

from genai_bot import i18n

_SINCE_FORMS_JA = (
    "`--since 2h`（30m・3d・1w、2時間・30分・3日・1週間も可）、`今日`、`昨日`、`2026-12-01`、`12/1`、`12月1日`"
)
_SINCE_FORMS_EN = "`--since 2h` (also 30m, 3d, 1w), `today`, `yesterday`, `2026-12-01`, `12/1`"

i18n.register(
    ja={
        "usage.summarize": "/genai summarize [--since 2h | 今日 | 昨日 | 12/1 | --last 200] [--post]",
        # --- arguments ---
        "summarize.bad_since": f"「{{value}}」は期間として読み取れません。使える形式: {_SINCE_FORMS_JA}",
        "summarize.future_since": "「{value}」は未来の日時です。過去の日時を指定してください（例: `--since 2h`、`今日`）。",
        "summarize.since_too_old": "「{value}」は古すぎます。1 年以内で指定してください。",
        "summarize.bad_last": "`--last` には 1〜{max} の件数を指定してください（「{value}」は使えません）。例: `--last 200`",
        "summarize.missing_value": "`{option}` の後に値を指定してください。例: `{example}`",
        "summarize.unknown_option": (
            f"「{{value}}」は使えません。使えるもの: 期間 {_SINCE_FORMS_JA}／件数 `--last 200`（`200件` も可）／"
            "チャンネルに共有 `--post`（`--share`・`共有` も可）"
        ),
        # --- reading the conversation ---
        "summarize.no_chat": "ここではチャットの履歴を読めません。Slack のチャンネルかコンソールで実行してください。",
        "summarize.not_in_channel": (
            "ボットがこのチャンネルに参加していないため、履歴を読めません。"
            "チャンネルで `/invite @genai-bot` を実行してから、もう一度お試しください。"
        ),
        "summarize.channel_not_found": (
            "このチャンネルの履歴を読めません。プライベートチャンネルなら `/invite @genai-bot` でボットを招待してから、"
            "もう一度お試しください（他の人との DM は要約できません）。"
        ),
        "summarize.chat_failed": "チャットの履歴を読み込めませんでした（{code}）。しばらくしてから「再試行」を押してください。",
        "summarize.nothing": "{basis}、要約できるメッセージはありません。`--since 3d` や `--last 100` で範囲を広げてみてください。",
        "summarize.nothing_thread": "このスレッドには要約できるメッセージがありません。",
        "summarize.working": "要約しています…（メッセージ {count} 件。少しお待ちください）",
        # --- what was summarised ---
        "summarize.basis_visit": "前回の要約 {at} 以降",
        "summarize.basis_default": "過去 24 時間",
        "summarize.basis_since": "{at} 以降",
        "summarize.basis_last": "直近 {count} 件",
        "summarize.title_channel": "*チャンネルの要約*（{basis}・{count} 件）",
        "summarize.title_thread": "*スレッドの要約*（{count} 件）",
        "summarize.truncated": "メッセージが多いため、新しい {count} 件に絞りました。`--since` で範囲を狭めることもできます。",
        # --- the summary ---
        "summarize.key_points": "*要点*",
        "summarize.decisions": "*決定事項*",
        "summarize.action_items": "*アクションアイテム*",
        "summarize.none": "• なし",
        "summarize.owner_unknown": "担当未定",
        "summarize.action": "• {owner}：{task}{due}{sources}",
        "summarize.due": "（期限: {due}）",
        "summarize.sources": "（{sources}）",
        "summarize.source_separator": "、",
        "summarize.date": "{month}/{day}（{weekday}）",
        "summarize.weekdays": "月,火,水,木,金,土,日",
        "summarize.raw_note": "AI の回答を項目に整理できなかったため、そのまま表示します。",
        "summarize.extractive_heading": "*主な発言*",
        "summarize.extractive_label": (
            "LLM 未設定のため抽出要約です（AI は使わず、重要そうな発言を抜き出しています）。"
            "AI による要約を使うには、管理者に OPENAI_API_KEY または GENAI_LLM_PROVIDERS の設定を依頼してください。"
        ),
        "summarize.extractive_restricted": (
            "このチャンネルの機密区分（レベル {level}）の情報は AI に送れないため、抽出要約です"
            "（重要そうな発言を抜き出しています）。"
        ),
        # --- faults ---
        "summarize.saved": "依頼内容は保存してあります。「再試行」を押すと同じ範囲をもう一度要約します。",
    },
    en={
        "usage.summarize": "/genai summarize [--since 2h | today | yesterday | 12/1 | --last 200] [--post]",
        # --- arguments ---
        "summarize.bad_since": f'"{{value}}" is not a time range I understand. Accepted: {_SINCE_FORMS_EN}',
        "summarize.future_since": '"{value}" is in the future. Please give a past time (e.g. `--since 2h`, `today`).',
        "summarize.since_too_old": '"{value}" is too far back. Please stay within one year.',
        "summarize.bad_last": '`--last` takes a number of messages from 1 to {max} ("{value}" is not one). Example: `--last 200`',
        "summarize.missing_value": "Please give a value after `{option}`. Example: `{example}`",
        "summarize.unknown_option": (
            f'"{{value}}" is not an option. Accepted: a time range {_SINCE_FORMS_EN}; a count `--last 200`; '
            "`--post` (or `--share`) to share the summary with the channel"
        ),
        # --- reading the conversation ---
        "summarize.no_chat": "I cannot read the chat history here. Please run this in a Slack channel or the console.",
        "summarize.not_in_channel": (
            "I am not a member of this channel, so I cannot read its history. "
            "Run `/invite @genai-bot` in the channel, then try again."
        ),
        "summarize.channel_not_found": (
            "I cannot read this channel's history. If it is a private channel, invite me with `/invite @genai-bot` "
            "and try again (direct messages between other people cannot be summarised)."
        ),
        "summarize.chat_failed": 'I could not read the chat history ({code}). Please wait a moment and press "Retry".',
        "summarize.nothing": "Nothing to summarise ({basis}). Try `--since 3d` or `--last 100` to look further back.",
        "summarize.nothing_thread": "There is nothing to summarise in this thread.",
        "summarize.working": "Summarising… ({count} messages, this takes a moment)",
        "summarize.working.one": "Summarising… (1 message)",
        # --- what was summarised ---
        "summarize.basis_visit": "since your last summary at {at}",
        "summarize.basis_default": "last 24 hours",
        "summarize.basis_since": "since {at}",
        "summarize.basis_last": "last {count} messages",
        "summarize.basis_last.one": "last message",
        "summarize.title_channel": "*Channel summary* ({basis}, {count} messages)",
        "summarize.title_channel.one": "*Channel summary* ({basis}, 1 message)",
        "summarize.title_thread": "*Thread summary* ({count} messages)",
        "summarize.title_thread.one": "*Thread summary* (1 message)",
        "summarize.truncated": "There were many messages, so only the newest {count} were summarised. Use `--since` to narrow the range.",
        # --- the summary ---
        "summarize.key_points": "*Key points*",
        "summarize.decisions": "*Decisions*",
        "summarize.action_items": "*Action items*",
        "summarize.none": "• none",
        "summarize.owner_unknown": "owner not set",
        "summarize.action": "• {owner}: {task}{due}{sources}",
        "summarize.due": " (due {due})",
        "summarize.sources": " ({sources})",
        "summarize.source_separator": ", ",
        "summarize.date": "{weekday} {month}/{day}",
        "summarize.weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
        "summarize.raw_note": "The AI's answer could not be sorted into sections, so here it is as written.",
        "summarize.extractive_heading": "*Notable messages*",
        "summarize.extractive_label": (
            "Extractive summary: no LLM is configured (no AI used; these are the sentences that look most important). "
            "For AI summaries, ask an administrator to set OPENAI_API_KEY or GENAI_LLM_PROVIDERS."
        ),
        "summarize.extractive_restricted": (
            "Extractive summary: this channel's classification (level {level}) may not be sent to any configured AI "
            "service (these are the sentences that look most important)."
        ),
        # --- faults ---
        "summarize.saved": 'Your request has been kept. Press "Retry" to summarise the same range again.',
    },
)
