"""Choosing the target language: an optional first word (ja/en/auto in many spellings) or detection."""

from __future__ import annotations

import pytest

from genai_bot.errors import UserFacingError
from skills.translate.language import Parsed, parse_target_and_text, resolve_target


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("en 本日の会議は中止です", Parsed("en", "本日の会議は中止です")),
        ("ＥＮ　本日", Parsed("en", "本日")),
        ("英語 本日", Parsed("en", "本日")),
        ("英 本日", Parsed("en", "本日")),
        ("English\n本日\n以上", Parsed("en", "本日\n以上")),
        ("en-US 本日", Parsed("en", "本日")),
        ("ja The meeting", Parsed("ja", "The meeting")),
        ("日本語 The meeting", Parsed("ja", "The meeting")),
        ("ｊａ The meeting", Parsed("ja", "The meeting")),
        ("日 The meeting", Parsed("ja", "The meeting")),
        ("auto 本日", Parsed("auto", "本日")),
        ("自動 本日", Parsed("auto", "本日")),
        ("The meeting is cancelled", Parsed("auto", "The meeting is cancelled")),
        ("it is late", Parsed("auto", "it is late")),
        ("hi there", Parsed("auto", "hi there")),
        ("re-do the draft", Parsed("auto", "re-do the draft")),
        ("本日の会議は中止です", Parsed("auto", "本日の会議は中止です")),
        ("en", Parsed("en", "")),
        ("", Parsed("auto", "")),
    ],
)
def test_language_word_and_text_are_split(args: str, expected: Parsed) -> None:
    assert parse_target_and_text(args) == expected


@pytest.mark.parametrize("word", ["fr", "FR", "zh-CN", "pt_BR", "French", "フランス語", "中国語", "ﾄﾞｲﾂ語"])
def test_unsupported_language_is_named_in_the_error(word: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_target_and_text(f"{word} bonjour")
    assert caught.value.message_key == "translate.unsupported_lang"
    assert caught.value.args_["value"] == word


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("本日は晴天なり", "en"),
        ("ｶﾀｶﾅ only", "en"),
        ("Slack の API を使って連携します", "en"),
        ("OK です", "en"),
        ("Hello team", "ja"),
        ("Bonjour", "ja"),
        ("[[P1]] ok", "ja"),
        ("Please review 資料 with 田中さん before the meeting", "ja"),
    ],
)
def test_auto_translates_japanese_into_english_and_anything_else_into_japanese(text: str, target: str) -> None:
    assert resolve_target("auto", text) == target


def test_an_explicit_target_is_kept() -> None:
    assert resolve_target("ja", "本日") == "ja"
