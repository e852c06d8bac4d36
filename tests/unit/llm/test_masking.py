"""Masking: personal and confidential values never leave; the answer gets them back, also when streamed."""

from __future__ import annotations

import pytest

from genai_bot.llm.masking import Masker, MaskRules


@pytest.mark.parametrize(
    ("text", "value", "placeholder"),
    [
        ("マイナンバーは1234-5678-9012です", "1234-5678-9012", "[MYNUMBER_1]"),
        ("マイナンバーは123456789012です", "123456789012", "[MYNUMBER_1]"),
        ("番号 1234 5678 9012 を", "1234 5678 9012", "[MYNUMBER_1]"),
        ("全角で１２３４－５６７８－９０１２と", "１２３４－５６７８－９０１２", "[MYNUMBER_1]"),
        ("代表 03-1234-5678 まで", "03-1234-5678", "[PHONE_1]"),
        ("携帯は090-1234-5678です", "090-1234-5678", "[PHONE_1]"),
        ("携帯は09012345678です", "09012345678", "[PHONE_1]"),
        ("フリーダイヤル0120-123-456", "0120-123-456", "[PHONE_1]"),
        ("電話 03(1234)5678", "03(1234)5678", "[PHONE_1]"),
        ("全角 ０３－１２３４－５６７８", "０３－１２３４－５６７８", "[PHONE_1]"),
        ("海外から +81 3-1234-5678 へ", "+81 3-1234-5678", "[PHONE_1]"),
        ("call +81-90-1234-5678 now", "+81-90-1234-5678", "[PHONE_1]"),
        ("US office +1 415 555 2671.", "+1 415 555 2671", "[PHONE_1]"),
        ("連絡先 taro.yamada@example.go.jp まで", "taro.yamada@example.go.jp", "[EMAIL_1]"),
        ("住所 〒100-0013 東京都千代田区", "〒100-0013", "[POSTAL_1]"),
        ("郵便番号 100-0013 東京都", "100-0013", "[POSTAL_1]"),
    ],
)
def test_builtin_rules_replace_personal_values(text: str, value: str, placeholder: str) -> None:
    masker = Masker()
    masked = masker.mask(text)
    assert value not in masked
    assert placeholder in masked
    assert masker.unmask(masked) == text


@pytest.mark.parametrize(
    "text",
    [
        "会議は2024-01-15の10:00-12:00です",
        "予算は1,234,567円、前年比3.5%増",
        "令和6年度 第12345号 通知",
        "会議室 501 に 15 名",
        "ISO 9001 と JIS Q 27001",
    ],
)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert Masker().mask(text) == text


def test_same_value_gets_the_same_placeholder_within_a_request() -> None:
    masker = Masker()
    first = masker.mask("a@example.jp と b@example.jp")
    second = masker.mask("もう一度 a@example.jp へ、電話 03-1234-5678")
    assert first == "[EMAIL_1] と [EMAIL_2]"
    assert second == "もう一度 [EMAIL_1] へ、電話 [PHONE_1]"
    assert masker.masked_count == 3


def test_a_new_masker_starts_numbering_again() -> None:
    rules = MaskRules()
    assert rules.masker().mask("x@example.jp") == "[EMAIL_1]"
    assert rules.masker().mask("y@example.jp") == "[EMAIL_1]"


def test_configured_terms_and_patterns_are_masked() -> None:
    rules = MaskRules([("CUSTOM", r"職員番号\d{6}"), ("CASE", r"案件-[A-Z]{3}\d{2}")], ["プロジェクトX", "X"])
    masker = rules.masker()
    masked = masker.mask("職員番号123456 が プロジェクトx と 案件-ABC12 を担当")
    assert masked == "[CUSTOM_1] が [TERM_1] と [CASE_1] を担当"
    assert masker.unmask(masked) == "職員番号123456 が プロジェクトx と 案件-ABC12 を担当"


def test_unmask_leaves_unknown_placeholders_and_plain_brackets() -> None:
    masker = Masker()
    masker.mask("x@example.jp")
    assert masker.unmask("[EMAIL_1] と [EMAIL_9] と [注意]") == "x@example.jp と [EMAIL_9] と [注意]"


def _masked_answer() -> tuple[Masker, str, str]:
    masker = Masker()
    original = "宛先は taro@example.go.jp、電話 03-1234-5678、〒100-0013 です。[参考]"
    return masker, masker.mask(original), original


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 11])
def test_stream_unmasker_restores_placeholders_split_over_chunks(size: int) -> None:
    masker, masked, original = _masked_answer()
    unmasker = masker.stream_unmasker()
    chunks = [masked[i : i + size] for i in range(0, len(masked), size)]
    out = [unmasker.feed(chunk) for chunk in chunks]
    out.append(unmasker.flush())
    assert "".join(out) == original
    assert not any("[EMAIL" in piece or "[PHONE" in piece for piece in out)


def test_stream_unmasker_holds_only_a_possible_placeholder() -> None:
    masker, _masked, _original = _masked_answer()
    unmasker = masker.stream_unmasker()
    assert unmasker.feed("電話は [PHO") == "電話は "
    assert unmasker.feed("NE_1] です [x") == "03-1234-5678 です [x"
    assert unmasker.flush() == ""
    assert unmasker.feed("最後 [EMAIL_") == "最後 "
    assert unmasker.flush() == "[EMAIL_"
