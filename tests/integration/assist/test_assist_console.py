"""The assistant in the local console: streamed answers printed once, one conversation per console channel."""

from __future__ import annotations

from genai_bot.app import Core
from tests.integration.assist.conftest import kept_messages, run_console, sent_messages
from tests.world.openai_api import FakeOpenAI


async def test_a_chat_line_is_answered_once_and_kept_once(assist_core: Core, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "はい、承知しました。会議室は総務課で予約できます。")
    output = await run_console(assist_core, "会議室の予約方法は？\n")
    assert output.count("はい、承知しました。会議室は総務課で予約できます。") == 1
    rows = await kept_messages(assist_core)
    assert [(r.author, r.is_bot, r.text) for r in rows] == [
        ("tanaka", False, "会議室の予約方法は？"),
        ("genai-bot", True, "はい、承知しました。会議室は総務課で予約できます。"),
    ]
    assert fake_llm.requests[0]["stream"] is True


async def test_the_console_channel_is_one_conversation(assist_core: Core, fake_llm: FakeOpenAI) -> None:
    await run_console(assist_core, "来週の予定を整理したい\n火曜は　出張です\n")
    assert sent_messages(fake_llm)[1:] == [
        ("user", "来週の予定を整理したい"),
        ("assistant", "[model-p1] 来週の予定を整理したい"),
        ("user", "火曜は　出張です"),
    ]
    assert len(await kept_messages(assist_core)) == 4  # no duplicate rows for the full-width space either


async def test_draft_and_proofread_commands_work_in_the_console(assist_core: Core, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "[]" if "校正" in body["messages"][0]["content"] else "件名: 点検のお知らせ")
    output = await run_console(assist_core, "/genai 起案 メール 点検のお知らせ\n/genai 校正 資料を確認出来ます。\n")
    assert "メールの案" in output and "件名: 点検のお知らせ" in output
    assert "「出来ます」→「できます」" in output and "資料を確認できます。" in output


async def test_an_llm_failure_in_the_console_says_how_to_retry(assist_core: Core, fake_llm: FakeOpenAI) -> None:
    fake_llm.fail_next(500, times=1)
    output = await run_console(assist_core, "予算の締め切りは？\n予算の締め切りは？\n")
    assert "! AI サービスが一時的に利用できません" in output
    assert "もう一度同じ内容を入力すると再試行します" in output
    assert "[model-p1] 予算の締め切りは？" in output
