"""/genai summarize without an LLM, on the console platform: ranges, visits, threads and friendly errors."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

from sqlmodel import select

from genai_bot.app import Core
from genai_bot.db.models import ChannelVisit
from genai_bot.messages import Room
from handlers.console.adapter import ConsoleAdapter
from skills.summarize import records
from tests.conftest import TestBot
from tests.integration.summarize.conftest import NOW, seed

MEETING = [
    (50, "tanaka", "来年度予算の資料は12月5日までに総務課へ提出することに決まりました。"),
    (45, "suzuki", "了解です"),
    (40, "suzuki", "会場の予約は鈴木が担当します。第3会議室を押さえます。"),
    (30, "sato", "予算資料の様式は昨年度と同じです。"),
]


async def test_without_an_llm_the_summary_is_extractive_and_says_so(bot: TestBot) -> None:
    await seed(bot.core, MEETING)
    await seed(bot.core, [(20, "genai-bot", "以前の回答です。予算の件は承知しました。")], is_bot=True)
    text = await bot.text("/genai summarize")
    lines = text.splitlines()
    assert lines[0] == "チャンネルの要約（過去 24 時間・4 件）"
    assert "LLM 未設定のため抽出要約です" in text and "OPENAI_API_KEY" in text and "GENAI_LLM_PROVIDERS" in text
    assert "• 来年度予算の資料は12月5日までに総務課へ提出することに決まりました。（11:10 tanaka）" in lines
    assert "以前の回答" not in text  # the bot's own messages are not summarised
    assert "了解です" not in text


async def test_english_users_get_english_labels(bot: TestBot) -> None:
    await bot.as_user("tanaka", lang="en")
    await seed(bot.core, MEETING)
    text = await bot.text("/genai summarize")
    assert text.startswith("Channel summary (last 24 hours, 4 messages)")
    assert "Extractive summary: no LLM is configured" in text and "Notable messages" in text


async def test_the_next_summary_starts_where_the_last_one_ended(bot: TestBot) -> None:
    await seed(bot.core, [(60 * 30, "tanaka", "昨日の議題は人事案の確認についてでした。")])  # 30 h ago
    await seed(bot.core, MEETING)
    first = await bot.text("/genai 要約")
    assert "人事案" not in first and "4 件" in first
    again = await bot.text("/genai summarize")
    assert again.startswith("! 前回の要約 12/10 12:00 以降、要約できるメッセージはありません。")
    assert "--since 3d" in again
    bot.core.services.clock.set(NOW + timedelta(hours=1))  # type: ignore[attr-defined]
    await seed(bot.core, [(-30, "sato", "追加の議題として庁舎移転の日程調整をお願いします。")])
    later = await bot.text("/genai summarize")
    assert later.splitlines()[0] == "チャンネルの要約（前回の要約 12/10 12:00 以降・1 件）"
    assert "庁舎移転" in later and "来年度予算" not in later


async def test_since_and_last_pick_the_range(bot: TestBot) -> None:
    await seed(bot.core, [(60 * 26, "tanaka", "前日の確認事項として議事録の様式を変更します。")])
    await seed(bot.core, MEETING)
    recent = await bot.text("/genai summarize --since 35m")
    assert recent.splitlines()[0] == "チャンネルの要約（12/10 11:25 以降・1 件）" and "様式は昨年度" in recent
    newest = await bot.text("/genai summarize --last 2")
    assert newest.splitlines()[0] == "チャンネルの要約（直近 2 件・2 件）"
    today = await bot.text("/genai summarize ２日")  # full width, bare word
    assert "議事録の様式" in today and "5 件" in today


async def test_bad_range_says_what_is_accepted(bot: TestBot) -> None:
    text = await bot.text("/genai summarize --since そのうち")
    assert text.startswith("! 「そのうち」は期間として読み取れません。")
    assert "`今日`" in text and "`12/1`" in text
    assert (await bot.text("/genai summarize --last 5000")).startswith("! `--last` には 1〜1000 の件数")


async def test_an_empty_channel_has_nothing_to_summarise(bot: TestBot) -> None:
    text = await bot.text("/genai summarize")
    assert text.startswith("! 過去 24 時間、要約できるメッセージはありません。")
    await bot.as_user("tanaka", lang="en")
    text = await bot.text("/genai summarize --last 10")
    assert text.startswith("! Nothing to summarise (last 10 messages).")


async def test_inside_a_thread_only_the_thread_is_summarised(bot: TestBot) -> None:
    await seed(bot.core, MEETING)
    await seed(bot.core, [(10, "kato", "出張旅費の精算は月末締めに変更になりました。")], thread_id="T9")
    await seed(bot.core, [(9, "kato", "旅費精算の新しい様式は共有フォルダにあります。")], thread_id="T9")
    bot.room = Room(platform="console", channel_id="C-test", thread_id="T9")
    text = await bot.text("/genai summarize")
    assert text.splitlines()[0] == "スレッドの要約（2 件）"
    assert "出張旅費" in text and "来年度予算" not in text
    assert (await bot.text("/genai summarize --since そのうち")).startswith("! 「そのうち」は期間として")
    bot.room = Room(platform="console", channel_id="C-test", thread_id="T-empty")
    assert (await bot.text("/genai summarize")) == "! このスレッドには要約できるメッセージがありません。"


async def test_a_room_without_history_access_is_explained(core: Core) -> None:
    bot = TestBot(core)  # no chat port attached
    await bot.as_user("tanaka")
    assert (await bot.text("/genai summarize")).startswith("! ここではチャットの履歴を読めません。")


async def test_visits_are_upserted_safely_and_never_move_backwards(core: Core) -> None:
    person = await core.person("console", "T-test", "tanaka")
    times = [NOW - timedelta(minutes=m) for m in (5, 0, 30, 10, 20)]
    await asyncio.gather(*(records.record_visit(core.db, person, "C-test", at) for at in times))
    await records.record_visit(core.db, person, "C-test", NOW - timedelta(days=1))
    async with core.db.session() as s:
        rows = (await s.exec(select(ChannelVisit))).all()
    assert len(rows) == 1
    assert await records.last_visit(core.db, person, "C-test") == NOW


async def test_the_console_adapter_summarises_what_was_typed(core: Core) -> None:
    lines = (
        "来年度予算の資料は12月5日までに提出することに決まりました。\n"
        "会場の予約は鈴木が担当します。\n"
        "/genai summarize\n"
        "/genai summarize\n"
    )
    out = io.StringIO()
    await ConsoleAdapter(core, user="tanaka", stdin=io.StringIO(lines), stdout=out).run()
    printed = out.getvalue()
    summary = printed[printed.index("チャンネルの要約") :]
    assert "（過去 24 時間・2 件）" in summary and "抽出要約" in summary
    assert "来年度予算の資料は12月5日までに提出することに決まりました。（" in summary
    assert "/genai" not in summary  # the command lines are not part of the conversation
    assert "以降、要約できるメッセージはありません" in summary  # the second run: nothing new since the first


async def test_help_shows_the_options_and_the_japanese_name_works(bot: TestBot) -> None:
    text = await bot.text("/genai help 要約")
    assert "/genai summarize [--since 2h | 今日 | 昨日 | 12/1 | --last 200] [--post]" in text
    assert "要約" in text and "summarise" in text


async def test_a_one_message_channel_lists_that_message_instead_of_nothing(bot: TestBot) -> None:
    await seed(bot.core, [(10, "suzuki", "明日休みます")])
    text = await bot.text("/genai summarize")
    assert text.splitlines()[0] == "チャンネルの要約（過去 24 時間・1 件）"
    assert "• 明日休みます（" in text and "なし" not in text


async def test_one_message_is_counted_in_the_singular_in_english(bot: TestBot) -> None:
    await bot.as_user("tanaka", lang="en")
    await seed(bot.core, MEETING[:1])
    text = await bot.text("/genai summarize")
    assert text.startswith("Channel summary (last 24 hours, 1 message)")
