"""The console adapter: piped input, readable output, local history, language switch."""

from __future__ import annotations

import io

from sqlmodel import col, select

from genai_bot.app import Core
from genai_bot.config import Settings
from genai_bot.db.models import ChannelMessage
from handlers.console.adapter import ConsoleAdapter
from tests.conftest import llm_settings_for, running_core
from tests.world.openai_api import FakeOpenAI


async def run_console(core: Core, lines: str, **kw: object) -> str:
    out = io.StringIO()
    await ConsoleAdapter(core, user="tanaka", stdin=io.StringIO(lines), stdout=out, **kw).run()  # type: ignore[arg-type]
    return out.getvalue()


async def test_piped_help_prints_the_help_and_exits_at_end_of_input(core: Core) -> None:
    output = await run_console(core, "/genai help\n")
    assert "genai-bot の使い方" in output
    assert "`summarize`" in output and "`committee`" in output


async def test_lang_option_and_lang_command_switch_language(core: Core) -> None:
    output = await run_console(core, "/genai help\n/genai lang ja\n/genai help\n", lang="en")
    before, _, rest = output.partition("表示言語を日本語にしました。")
    assert "How to use genai-bot" in before
    assert "genai-bot の使い方" in rest


async def test_chat_lines_and_replies_are_kept_in_the_local_history_and_commands_are_not(core: Core) -> None:
    await run_console(core, "こんにちは\n\n/genai status\n")
    async with core.db.session() as s:
        rows = (await s.exec(select(ChannelMessage).order_by(col(ChannelMessage.id)))).all()
    assert [(r.author, r.is_bot) for r in rows] == [("tanaka", False), ("genai-bot", True)]
    assert rows[0].text == "こんにちは" and "OPENAI_API_KEY" in rows[1].text


async def test_errors_are_marked_and_full_width_commands_work(core: Core) -> None:
    output = await run_console(core, "／ｇｅｎａｉ　ｓｔａｔｕｓ\n/genai translte\n")
    assert "0.1.0" in output
    assert "! 「translte」というコマンドはありません。" in output
    assert "/genai translate" in output


async def test_the_console_routes_lines_like_a_slack_dm(core: Core) -> None:
    """`help`, `ヘルプ` and `/genai help` run help; an ordinary sentence goes to chat (registry.route)."""
    for line in ("help", "ヘルプ", "/genai help"):
        output = await run_console(core, f"{line}\n")
        assert "genai-bot の使い方" in output and "OPENAI_API_KEY" not in output, line
    chat = await run_console(core, "Help me write a notice\n")
    assert "genai-bot の使い方" not in chat and "OPENAI_API_KEY" in chat  # the chat assistant (no LLM configured)


async def test_earlier_commands_and_their_output_are_not_sent_to_the_llm_as_history(
    settings: Settings, fake_llm: FakeOpenAI
) -> None:
    async with running_core(settings, llm_settings=llm_settings_for(fake_llm)) as core:
        await run_console(core, "/genai status\nhelp\n会議室の予約方法は？\n")
    [request] = fake_llm.requests
    turns = [(m["role"], m["content"]) for m in request["messages"] if m["role"] != "system"]
    assert turns == [("user", "会議室の予約方法は？")]  # no `/genai status`, no help text, no status table


async def test_first_hour_help_a_typo_gets_a_suggestion_and_help_explains_a_verb_and_the_kinds(
    core: Core,
) -> None:
    output = await run_console(core, "hepl\n/genai hepl\nhelp digest\nhelp draft\n", lang="en")
    assert output.count("Did you mean `/genai help`?") == 2  # typed alone or after /genai
    assert "coming soon" not in output and "subscribe" in output.split("help digest", 1)[-1]  # digest is built
    assert "notice" in output and "email" in output and "minutes" in output  # the kinds of draft
