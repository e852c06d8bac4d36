"""Unhappy paths: bad input, no LLM, a slow or failing LLM (kept for "Retry"), a broken glossary."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel import select

from genai_bot.app import Core, build_core
from genai_bot.config import Settings
from genai_bot.db.models import PendingRequest
from genai_bot.errors import ConfigError
from genai_bot.llm import set_channel_classification
from genai_bot.messages import Actions, Reply, Text
from handlers.console.render import render_text
from tests.conftest import TestBot, clickable, llm_settings_for, running_core
from tests.integration.translate.conftest import started_core, use_translate_settings
from tests.integration.translate.fakes import translator
from tests.world.openai_api import FakeOpenAI


def retry_value(reply: Reply) -> str:
    [actions] = [b for b in reply.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    assert button.action_id == "genai:translate"
    return button.value


async def click(bot: TestBot, value: str) -> Reply:
    """What pressing the Retry button runs: `/genai translate <value>`, arriving as a button click."""
    if bot.person is None:
        await bot.as_user()
    assert bot.person is not None
    return await bot.core.handle(f"translate {value}", bot.person, bot.room, "action", chat=bot.chat)


async def pending_rows(core: Core) -> list[PendingRequest]:
    async with core.db.session() as s:
        return list((await s.exec(select(PendingRequest).order_by(PendingRequest.id))).all())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("line", "lang", "expected"),
    [
        ("/genai translate", "ja", "翻訳するテキストを入力してください"),
        ("/genai translate en", "ja", "翻訳するテキストを入力してください"),
        ("/genai translate en :smile: [@U1](person:U1)", "ja", "翻訳するテキストを入力してください"),
        ("/genai translate", "en", "Please give the text to translate"),
        ("/genai translate fr Bonjour", "ja", "「fr」への翻訳には対応していません。対応している指定は en（英語）"),
        ("/genai translate フランス語 こんにちは", "en", 'Translating into "フランス語" is not supported. Use en'),
    ],
)
async def test_bad_input_gets_a_friendly_error_in_the_users_language(
    translator_bot: TestBot, fake_llm: FakeOpenAI, line: str, lang: str, expected: str
) -> None:
    await translator_bot.as_user(lang=lang)
    reply = await translator_bot.send(line)
    assert reply.is_error and expected in reply.plain_text
    assert fake_llm.requests == []


async def test_text_over_the_limit_says_the_limit(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    text = await translator_bot.text("/genai translate " + "あ" * 4001)
    assert text.startswith("! 翻訳できるのは 4,000 文字までです（今回は 4,001 文字）")
    use_translate_settings(translator_bot.core, GENAI_TRANSLATE_MAX_CHARS=10)
    assert "10 文字まで" in await translator_bot.text("/genai translate 本日の会議は中止です。以上")
    assert fake_llm.requests == []


async def test_without_an_llm_the_error_names_the_settings_to_add(testbot: TestBot) -> None:
    text = await testbot.text("/genai translate 本日の会議は中止です")
    assert text.startswith("! 翻訳を使うには AI サービスの設定が必要です")
    assert "OPENAI_API_KEY" in text and "GENAI_LLM_PROVIDERS" in text and '"translate"' in text


async def test_the_gateway_retries_a_failed_call_so_the_user_sees_the_translation(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    fake_llm.fail_next(503, times=1)
    assert await translator_bot.text("/genai translate 本日の会議は中止です") == (
        "Today's meeting is cancelled\n_英語に翻訳しました_"
    )
    assert len(fake_llm.requests) == 2


async def test_a_second_provider_takes_over_when_the_first_is_down(settings: Settings) -> None:
    async with FakeOpenAI() as down, FakeOpenAI() as up:
        up.reply_with(translator())
        down.fail_next(500, times=2)
        core = await started_core(settings, down, up)
        try:
            bot = TestBot(core)
            assert (await bot.text("/genai translate 本日の会議は中止です")).startswith("Today's meeting is cancelled")
        finally:
            await core.close()
    assert len(down.requests) == 2 and len(up.requests) == 1


async def test_llm_down_offers_retry_and_keeps_the_request_until_it_succeeds(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    translator_bot.chat = clickable(translator_bot.core)
    fake_llm.fail_next(500, times=2)
    reply = await translator_bot.send("/genai translate en 本日の会議は中止です")
    assert reply.is_error and "AI サービスが一時的に利用できません" in reply.plain_text
    assert "[再試行]" in reply.plain_text
    [row] = await pending_rows(translator_bot.core)
    assert retry_value(reply) == f"--retry {row.id}"  # the button carries the reference, never the text
    assert (row.verb, row.args, row.status) == ("translate", "en 本日の会議は中止です", "pending")
    assert (row.user_id, row.channel_id) == ("U-tanaka", "C-test")
    # pressing Retry runs `/genai translate <value>` as a click; the service is back
    fake_llm.reply_with(translator())
    assert (await click(translator_bot, retry_value(reply))).plain_text.startswith("Today's meeting")
    [row] = await pending_rows(translator_bot.core)
    assert row.status == "done"


async def test_a_slow_llm_times_out_with_a_retry_button(settings: Settings, fake_llm: FakeOpenAI) -> None:
    core = await started_core(settings, fake_llm, max_retries=0, timeout_seconds=0.5)
    try:
        fake_llm.timeout_next()
        reply = await TestBot(core, chat=clickable(core)).send("/genai translate 本日の会議は中止です")
        assert "時間内（0.5 秒）に応答しませんでした" in reply.plain_text
        [kept] = await pending_rows(core)
        assert retry_value(reply) == f"--retry {kept.id}" and kept.args == "本日の会議は中止です"
    finally:
        await core.close()


async def test_a_long_request_is_retried_by_its_stored_id(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    long_text = "本日の会議は中止です。" * 250  # 2,750 characters: too long for a Slack button value
    translator_bot.chat = clickable(translator_bot.core)
    fake_llm.fail_next(500, times=4)
    first = await translator_bot.send(f"/genai translate en {long_text}")
    again = await click(translator_bot, retry_value(first))  # still down: same kept request
    [row] = await pending_rows(translator_bot.core)
    assert retry_value(first) == retry_value(again) == f"--retry {row.id}"
    assert row.args == f"en {long_text}"
    fake_llm.reply_with(lambda body: "Today's meeting is cancelled.")
    reply = await click(translator_bot, f"--retry {row.id}")
    assert reply.blocks[0] == Text("Today's meeting is cancelled.") and not reply.is_error
    [row] = await pending_rows(translator_bot.core)
    assert row.status == "done"
    done = render_text(await click(translator_bot, f"--retry {row.id}"))
    assert done.startswith("! この依頼にはすでに回答しています")


async def test_someone_elses_kept_request_cannot_be_retried(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.fail_next(500, times=2)
    await translator_bot.send("/genai translate " + "あ" * 2100)
    [row] = await pending_rows(translator_bot.core)
    await translator_bot.as_user("U-other", lang="en")
    text = render_text(await click(translator_bot, f"--retry {row.id}"))
    assert text.startswith("! This retry is not available")
    assert len(fake_llm.requests) == 2


async def test_no_provider_cleared_for_the_channel_is_an_error_without_retry(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    room = translator_bot.room
    await set_channel_classification(translator_bot.core.db, room.platform, room.channel_id, 3, team_id="T-test")
    reply = await translator_bot.send("/genai translate 本日の会議は中止です")
    assert reply.is_error and "機密区分（レベル 3）" in reply.plain_text
    assert not any(isinstance(b, Actions) for b in reply.blocks)
    assert fake_llm.requests == [] and await pending_rows(translator_bot.core) == []


async def test_an_empty_answer_from_the_model_offers_retry(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    translator_bot.chat = clickable(translator_bot.core)
    fake_llm.reply_with(lambda body: "  ")
    reply = await translator_bot.send("/genai translate 本日の会議は中止です")
    assert "翻訳結果が返ってきませんでした" in reply.plain_text and retry_value(reply)


async def test_the_shortcut_on_a_message_without_text_says_so(translator_bot: TestBot) -> None:
    person = await translator_bot.as_user()
    reply = await translator_bot.core.handle(
        "translate", person, translator_bot.room, "shortcut", extra={"message_text": "", "message_id": "1.0"}
    )
    assert reply.is_error and "このメッセージには翻訳できるテキストがありません" in reply.plain_text


async def test_a_glossary_broken_while_running_gives_a_friendly_error(
    translator_bot: TestBot, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("ja,en\n内閣府,Cabinet Office\n", encoding="utf-8")
    use_translate_settings(translator_bot.core, GENAI_TRANSLATE_GLOSSARY=str(glossary))
    assert not (await translator_bot.send("/genai translate 内閣府")).is_error
    glossary.write_text("ja;en\n内閣府;Cabinet Office\n", encoding="utf-8")
    text = await translator_bot.text("/genai translate 内閣府")
    assert text == (
        "! 翻訳の設定 GENAI_TRANSLATE_GLOSSARY に誤りがあるため翻訳できません。管理者に設定の確認を依頼してください。"
    )


async def test_settings_are_read_from_the_environment_once_at_start_up(
    settings: Settings, fake_llm: FakeOpenAI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # no developer .env
    monkeypatch.setenv("GENAI_TRANSLATE_MAX_CHARS", "many")
    with pytest.raises(ConfigError) as caught:
        build_core(settings)
    message = str(caught.value)
    assert message.startswith("Setting GENAI_TRANSLATE_MAX_CHARS is invalid") and "\n" not in message
    monkeypatch.setenv("GENAI_TRANSLATE_MAX_CHARS", "3")
    async with running_core(settings, llm_settings=llm_settings_for(fake_llm)) as core:
        bot = TestBot(core)
        assert "3 文字まで" in await bot.text("/genai translate 本日の会議")
        monkeypatch.setenv("GENAI_TRANSLATE_MAX_CHARS", "4000")  # read once: later changes need a restart
        assert "3 文字まで" in await bot.text("/genai translate 本日の会議")


async def test_concurrent_requests_are_translated_independently(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(translator())
    person = await translator_bot.as_user()
    lines = ["translate 本日の会議は中止です", "translate The meeting is cancelled"] * 3
    replies = await asyncio.gather(*(translator_bot.core.handle(line, person, translator_bot.room) for line in lines))
    assert [r.blocks[0] for r in replies] == [Text("Today's meeting is cancelled"), Text("会議は中止です")] * 3
