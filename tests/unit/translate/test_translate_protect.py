"""Placeholders keep references, links, code and emoji away from the model and put them back verbatim."""

from __future__ import annotations

import pytest

from genai_bot.refs import link, mention, room_link
from skills.translate.protect import append_missing, has_words, protect, restore


@pytest.mark.parametrize(
    "token",
    [
        mention("U0123ABC"),
        mention("U0123ABC", "田中 太郎"),
        room_link("C0456", "general"),
        link("https://www.digital.go.jp/policies", "政策ページ"),
        link("mailto:info@example.go.jp", "窓口"),
        "https://example.go.jp/a?b=1&c=2",
        "`SELECT * FROM t`",
        "```\nmake test\nmake lint\n```",
        ":smile:",
        ":+1::skin-tone-2:",
        ":flag-jp:",
    ],
)
def test_each_kind_of_token_is_replaced_and_restored_verbatim(token: str) -> None:
    protected = protect(f"確認をお願いします {token} 以上です")
    assert token not in protected.text and "[[P1]]" in protected.text
    assert protected.tokens == (token,)
    answer = protected.text.replace("確認をお願いします", "Please check").replace("以上です", "That is all")
    assert restore(answer, protected).text == f"Please check {token} That is all"


def test_url_keeps_its_trailing_punctuation_outside_and_times_are_not_emoji() -> None:
    protected = protect("詳細は https://example.go.jp/faq。会議は 10:30:45 に開始、比率 3:2 です")
    assert protected.tokens == ("https://example.go.jp/faq",)
    assert "[[P1]]。" in protected.text and "10:30:45" in protected.text


def test_placeholders_written_with_full_width_brackets_or_spaces_are_understood() -> None:
    protected = protect(f"{mention('U1')} と {mention('U2')} へ")
    restored = restore("To ［［P1］］ and [[ P２ ]]", protected)
    assert restored.text == f"To {mention('U1')} and {mention('U2')}" and restored.missing == ()


def test_dropped_placeholders_are_reported_and_invented_ones_removed() -> None:
    protected = protect(f"{mention('U1')} さん、 :tada: おめでとうございます")
    restored = restore("Congratulations [[P1]] [[P7]]", protected)
    assert restored.text == f"Congratulations {mention('U1')} "
    assert restored.missing == ("[[P2]]",)
    assert append_missing(restored, protected) == f"Congratulations {mention('U1')}\n:tada:"


def test_nothing_to_translate_when_only_tokens_remain() -> None:
    assert not has_words(protect(f":smile: https://example.go.jp {mention('U1')}"))
    assert has_words(protect(":smile: ありがとう"))
