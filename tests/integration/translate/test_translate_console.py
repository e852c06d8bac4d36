"""Translation works in the local console adapter too."""

from __future__ import annotations

import io

from genai_bot.app import Core
from handlers.console.adapter import ConsoleAdapter
from tests.integration.translate.fakes import translator
from tests.world.openai_api import FakeOpenAI


async def test_piped_translate_lines_print_the_translations(translate_core: Core, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(translator())
    out = io.StringIO()
    lines = (
        "/genai translate 本日の会議は中止です\n/genai 翻訳 ja The meeting is cancelled\n/genai translate de Hallo\n"
    )
    await ConsoleAdapter(translate_core, user="tanaka", stdin=io.StringIO(lines), stdout=out).run()
    assert out.getvalue().splitlines() == [
        "Today's meeting is cancelled",
        "_英語に翻訳しました_",
        "会議は中止です",
        "_日本語に翻訳しました_",
        "! 「de」への翻訳には対応していません。対応している指定は en（英語）・ja（日本語）・auto（自動判定）です。"
        "例: `/genai translate en 本日の会議は中止です`",
    ]


async def test_the_console_shows_the_error_and_how_to_retry_without_a_button(
    translate_core: Core, fake_llm: FakeOpenAI
) -> None:
    fake_llm.fail_next(500, times=2)
    out = io.StringIO()
    lines = io.StringIO("/genai translate 本日の会議は中止です\n/genai translate 本日の会議は中止です\n")
    fake_llm.reply_with(translator())
    await ConsoleAdapter(translate_core, user="tanaka", stdin=lines, stdout=out).run()
    first, _, second = out.getvalue().partition("もう一度同じ内容を入力すると再試行します")
    assert "AI サービスが一時的に利用できません" in first and "[再試行]" not in out.getvalue()  # nothing to click
    assert "Today's meeting is cancelled" in second  # typing it again is the retry
