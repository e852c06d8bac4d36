"""`/genai translate`: direction, formatting and Slack tokens kept, the glossary applied exactly."""

from __future__ import annotations

from pathlib import Path

from genai_bot.messages import Text
from genai_bot.refs import link, mention, room_link
from tests.conftest import TestBot
from tests.integration.translate.conftest import use_translate_settings
from tests.integration.translate.fakes import source_text, system_prompt, translator
from tests.world.openai_api import FakeOpenAI


async def test_japanese_is_translated_into_english_by_default(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(translator())
    reply = await translator_bot.send("/genai translate 本日の会議は中止です")
    assert isinstance(reply.blocks[0], Text)
    assert reply.blocks[0].markdown == "Today's meeting is cancelled"
    assert "英語に翻訳しました" in reply.plain_text and not reply.is_error
    [request] = fake_llm.requests
    assert "into English" in system_prompt(request) and request["model"] == "model-p1"


async def test_english_is_translated_into_japanese_and_aliases_work(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    text = await translator_bot.text("／ｇｅｎａｉ　翻訳　The meeting is cancelled")
    assert text.startswith("会議は中止です")
    assert "into Japanese" in system_prompt(fake_llm.requests[-1])


async def test_an_explicit_language_word_wins_over_detection(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "ok")
    await translator_bot.send("/genai translate 日本語 本日の会議は中止です")
    await translator_bot.send("/genai translate ＥＮ The meeting is cancelled")
    assert "into Japanese" in system_prompt(fake_llm.requests[0])
    assert "into English" in system_prompt(fake_llm.requests[1])
    assert source_text(fake_llm.requests[1]) == "The meeting is cancelled"


async def test_mentions_links_code_and_emoji_come_back_verbatim_and_never_reach_the_model(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    person, room, wiki = (
        mention("U0123ABC"),
        room_link("C0456", "soumu"),
        link("https://intra.example.go.jp/wiki", "社内 wiki"),
    )
    original = (
        f"{person} 確認をお願いします :pray: {room} 資料は https://example.go.jp/docs?id=7 にあります"
        f"\n```\nmake test\n```\n`--dry-run` {wiki}"
    )
    reply = await translator_bot.send(f"/genai translate en {original}")
    translated = reply.blocks[0].markdown  # type: ignore[union-attr]
    assert translated == (
        f"{person} please check :pray: {room} The materials are at  "
        f"https://example.go.jp/docs?id=7 \n```\nmake test\n```\n`--dry-run` {wiki}"
    )
    wire = fake_llm.wire_text()
    for secret in ("U0123ABC", "C0456", "example.go.jp", "make test", "--dry-run", ":pray:"):
        assert secret not in wire
    assert "[[P1]]" in wire and "Placeholders such as [[P1]]" in wire


async def test_mrkdwn_formatting_is_asked_for_and_survives_a_faithful_model(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    original = "*重要* _注意_ ~取消~\n> 引用です\n• 項目\n1. 項目"
    reply = await translator_bot.send(f"/genai translate en {original}")
    assert reply.blocks[0] == Text("*Important* _Caution_ ~Withdrawn~\n> A quote\n• Item\n1. Item")
    prompt = system_prompt(fake_llm.requests[0])
    assert "*bold*, _italic_, ~strike~" in prompt and "lines starting with > (quotes)" in prompt


async def test_a_dropped_placeholder_is_asked_for_once_more(translator_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    answers = iter(["please check", "[[P1]] please check"])
    fake_llm.reply_with(lambda body: next(answers))
    reply = await translator_bot.send(f"/genai translate {mention('U1')} 確認をお願いします")
    assert reply.blocks[0] == Text(f"{mention('U1')} please check")
    assert len(fake_llm.requests) == 2
    reminder = fake_llm.requests[1]["messages"][-1]["content"]
    assert "dropped these placeholders: [[P1]]" in reminder


async def test_a_placeholder_dropped_twice_is_appended_so_nothing_is_lost(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator(drop=("[[P2]]",)))
    reply = await translator_bot.send(f"/genai translate {mention('U1')} 確認をお願いします https://example.go.jp/a")
    assert reply.blocks[0] == Text(f"{mention('U1')} please check\nhttps://example.go.jp/a")
    assert len(fake_llm.requests) == 2


async def test_glossary_pairs_are_in_the_prompt_and_enforced(
    translator_bot: TestBot, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("ja,en,note\nデジタル庁,Digital Agency,省庁名\n内閣府,Cabinet Office,\n", encoding="utf-8")
    use_translate_settings(translator_bot.core, GENAI_TRANSLATE_GLOSSARY=str(glossary))
    fake_llm.reply_with(translator({"デジタル庁": "the digital agency", "が発表しました": " announced it"}))
    reply = await translator_bot.send("/genai translate デジタル庁が発表しました")
    assert reply.blocks[0] == Text("the Digital Agency announced it")
    assert "用語集 1 語を適用" in reply.plain_text
    prompt = system_prompt(fake_llm.requests[0])
    assert "- デジタル庁 → Digital Agency (省庁名)" in prompt and "内閣府" not in prompt


async def test_a_glossary_term_the_model_avoided_is_shown_as_a_note(
    translator_bot: TestBot, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    glossary = tmp_path / "glossary.csv"
    glossary.write_text("ja,en\nデジタル庁,Digital Agency\n", encoding="utf-8")
    use_translate_settings(translator_bot.core, GENAI_TRANSLATE_GLOSSARY=str(glossary))
    await translator_bot.as_user("U-smith", lang="en")
    fake_llm.reply_with(lambda body: "The Agency for Digital Transformation announced it")
    reply = await translator_bot.send("/genai translate デジタル庁が発表しました")
    assert reply.blocks[1] == Text("Glossary terms: デジタル庁 → Digital Agency")
    assert "Translated into English (glossary: 1 term(s) applied)" in reply.plain_text


async def test_the_message_shortcut_translates_the_message_it_was_run_on(
    translator_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    person = await translator_bot.as_user()
    reply = await translator_bot.core.handle(
        "translate",
        person,
        translator_bot.room,
        "shortcut",
        extra={"message_text": "The meeting is cancelled", "message_id": "1.0"},
    )
    assert reply.blocks[0] == Text("会議は中止です")
