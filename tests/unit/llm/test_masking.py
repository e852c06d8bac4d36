"""Masking: personal and confidential values never leave; the answer gets them back, also when streamed."""

from __future__ import annotations

import pytest

from genai_bot.llm.masking import EXAMPLE_NONCE, Masker, MaskRules
from genai_bot.llm.normalise import TextViews, normalise
from genai_bot.llm.personal_data import (
    corporate_number_is_valid,
    individual_number_is_valid,
    phone_number_is_plausible,
)
from tests.corpora.masking import ORDINARY

N = "q7zx"  # a fixed nonce, so expected placeholders can be written out


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("マイナンバーは4023-8510-9173です", "4023-8510-9173", "MYNUMBER"),
        ("マイナンバーは123456789018です", "123456789018", "MYNUMBER"),
        ("番号 1234 5678 9018 を", "1234 5678 9018", "MYNUMBER"),
        ("全角で１２３４－５６７８－９０１８と", "１２３４－５６７８－９０１８", "MYNUMBER"),
        ("法人番号 7000012050002 の会社", "7000012050002", "CORPNUMBER"),
        ("代表 03-1234-5678 まで", "03-1234-5678", "PHONE"),
        ("携帯は090-1234-5678です", "090-1234-5678", "PHONE"),
        ("携帯は09012345678です", "09012345678", "PHONE"),
        ("フリーダイヤル0120-123-456", "0120-123-456", "PHONE"),
        ("電話 03(1234)5678", "03(1234)5678", "PHONE"),
        ("電話 (03)1234-5678", "(03)1234-5678", "PHONE"),
        ("全角 ０３－１２３４－５６７８", "０３－１２３４－５６７８", "PHONE"),
        ("海外から +81 3-1234-5678 へ", "+81 3-1234-5678", "PHONE"),
        ("call +81-90-1234-5678 now", "+81-90-1234-5678", "PHONE"),
        ("US office +1 415 555 2671.", "+1 415 555 2671", "PHONE"),
        ("連絡先 taro.yamada@example.go.jp まで", "taro.yamada@example.go.jp", "EMAIL"),
        ("宛先 たろう@example.jp", "たろう@example.jp", "EMAIL"),
        ("メールはtaro@example.jpまで", "taro@example.jp", "EMAIL"),
        ("住所 〒100-0013 東京都千代田区", "〒100-0013", "POSTAL"),
        ("郵便番号 100-0013 東京都", "100-0013", "POSTAL"),
    ],
)
def test_builtin_rules_replace_personal_values(text: str, value: str, label: str) -> None:
    masker = Masker(nonce=N)
    masked = masker.mask(text)
    assert masked == text.replace(value, f"[{label}_1_{N}]")
    assert masker.unmask(masked) == text


def test_the_original_spelling_is_replaced_and_restored_exactly() -> None:
    masker = Masker(nonce=N)
    text = "電話〇三−一二三四−五六七八、ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ、4023\u200b8510\u200b9173 まで"
    masked = masker.mask(text)
    assert masked == f"電話[PHONE_1_{N}]、[EMAIL_1_{N}]、[MYNUMBER_1_{N}] まで"
    assert masker.placeholders == {
        f"[PHONE_1_{N}]": "〇三−一二三四−五六七八",
        f"[EMAIL_1_{N}]": "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ",
        f"[MYNUMBER_1_{N}]": "4023\u200b8510\u200b9173",
    }
    assert masker.unmask(masked) == text


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_are_left_alone(text: str) -> None:
    assert Masker().mask(text) == text


def test_individual_and_corporate_check_digits() -> None:
    assert individual_number_is_valid("4023-8510-9173")
    assert individual_number_is_valid("123456789018")
    assert not individual_number_is_valid("202412010930")
    assert not individual_number_is_valid("12345678901")
    assert corporate_number_is_valid("7000012050002")
    assert not corporate_number_is_valid("1234567890123")
    valid = "402385109173"
    for i in range(12):  # any single wrong digit breaks the check
        for d in "0123456789":
            if d != valid[i]:
                assert not individual_number_is_valid(valid[:i] + d + valid[i + 1 :])
    assert Masker().mask("番号 402385109174") == "番号 402385109174"


@pytest.mark.parametrize(
    ("value", "plausible"),
    [
        ("03-1234-5678", True),
        ("090-1234-5678", True),
        ("090-1234-567", False),  # mobiles have 11 digits
        ("03-1234-56789", False),
        ("0120-123-456", True),
        ("0800-123-4567", True),
        ("+81 90 1234 5678", True),
        ("+81 (0)3-1234-5678", True),
        ("+44 20 7946 0958", False),  # not a Japanese number (the international finder takes it)
        ("00-1234-5678", False),
    ],
)
def test_phone_numbers_need_a_japanese_length_and_prefix(value: str, plausible: bool) -> None:
    assert phone_number_is_plausible(value) is plausible


def test_same_value_gets_the_same_placeholder_within_a_request() -> None:
    masker = Masker(nonce=N)
    first = masker.mask("a@example.jp と b@example.jp")
    second = masker.mask("もう一度 a@example.jp へ、電話 03-1234-5678")
    assert first == f"[EMAIL_1_{N}] と [EMAIL_2_{N}]"
    assert second == f"もう一度 [EMAIL_1_{N}] へ、電話 [PHONE_1_{N}]"
    assert masker.masked_count == 3


def test_each_request_gets_its_own_nonce_and_numbering() -> None:
    rules = MaskRules()
    first, second = rules.masker(), rules.masker()
    assert first.nonce != second.nonce
    assert first.mask("x@example.jp") == f"[EMAIL_1_{first.nonce}]"
    assert second.mask("y@example.jp") == f"[EMAIL_1_{second.nonce}]"
    assert first.unmask(f"[EMAIL_1_{second.nonce}]") == f"[EMAIL_1_{second.nonce}]"
    assert len({rules.masker().nonce for _ in range(50)} - {EXAMPLE_NONCE}) > 40


def test_configured_terms_and_patterns_are_masked() -> None:
    rules = MaskRules([("CUSTOM", r"職員番号\d{6}"), ("CASE", r"案件-[A-Z]{3}\d{2}")], ["プロジェクトX", "X"])
    masker = rules.masker()
    text = "職員番号123456 が プロジェクトx と 案件-ABC12 を担当"
    masked = masker.mask(text)
    n = masker.nonce
    assert masked == f"[CUSTOM_1_{n}] が [TERM_1_{n}] と [CASE_1_{n}] を担当"
    assert masker.unmask(masked) == text


@pytest.mark.parametrize(
    "spelling",
    [
        "Project Kestrel",
        "Ｐｒｏｊｅｃｔ Ｋｅｓｔｒｅｌ",
        "Project  Kestrel",
        "Project\nKestrel",
        "Project\u3000Kestrel",
        "PROJECT KESTREL",
        "ProjectKestrel",
        "Pro\u200bject Kestrel",
    ],
)
def test_terms_match_width_case_and_space_insensitively(spelling: str) -> None:
    masker = MaskRules(terms=["Project Kestrel"]).masker()
    assert masker.mask(f"件名: {spelling} の進捗") == f"件名: [TERM_1_{masker.nonce}] の進捗"


@pytest.mark.parametrize("spelling", ["案件-ABC12", "案件－ＡＢＣ１２", "案件−ABC12", "案件 - ABC12", "案件ーABC12"])
def test_patterns_match_full_width_and_spaced_forms(spelling: str) -> None:
    masker = MaskRules([("CASE", r"案件-[A-Z]{3}\d{2}")]).masker()
    assert masker.mask(f"{spelling} を処理") == f"[CASE_1_{masker.nonce}] を処理"


def test_a_literal_placeholder_in_user_text_comes_back_as_written() -> None:
    masker = Masker(nonce=N)
    text = "[EMAIL_1] 宛てではなく taro@example.jp へ。[PHONE_1] も [MYNUMBER_1] もそのまま"
    masked = masker.mask(text)
    assert masked.startswith(f"[EMAIL_1] 宛てではなく [EMAIL_1_{N}] へ")
    answer = "[EMAIL_1] と [EMAIL_1_xxxx] と [PHONE_1] は知りません"
    assert masker.unmask(answer) == answer
    assert masker.unmask(masked) == text


def test_a_forged_placeholder_with_this_requests_nonce_is_masked_too() -> None:
    masker = Masker(nonce=N)
    forged = f"[EMAIL_1_{N}]"
    masked = masker.mask(f"偽物 {forged} と本物 taro@example.jp")
    assert masked == f"偽物 [TEXT_1_{N}] と本物 [EMAIL_1_{N}]"
    assert masker.unmask(masked) == f"偽物 {forged} と本物 taro@example.jp"


def _masked_answer() -> tuple[Masker, str, str]:
    masker = Masker(nonce=N)
    original = "宛先は taro@example.go.jp、電話 03-1234-5678、〒100-0013 です。[参考] [EMAIL_1]"
    return masker, masker.mask(original), original


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 11, 13])
def test_stream_unmasker_restores_placeholders_split_over_chunks(size: int) -> None:
    masker, masked, original = _masked_answer()
    unmasker = masker.stream_unmasker()
    chunks = [masked[i : i + size] for i in range(0, len(masked), size)]
    out = [unmasker.feed(chunk) for chunk in chunks]
    out.append(unmasker.flush())
    assert "".join(out) == original
    assert not any(N in piece for piece in out)


def test_stream_unmasker_holds_only_a_possible_placeholder() -> None:
    masker, _masked, _original = _masked_answer()
    unmasker = masker.stream_unmasker()
    assert unmasker.feed("電話は [PHO") == "電話は "
    assert unmasker.feed(f"NE_1_{N[:2]}") == ""
    assert unmasker.feed(f"{N[2:]}] です [x") == "03-1234-5678 です [x"
    assert unmasker.feed("[EMAIL_1] と [EMAIL_2") == "[EMAIL_1] と [EMAIL_2"  # no such placeholder was made
    assert unmasker.flush() == ""
    assert unmasker.feed("最後 [EMAIL_") == "最後 "
    assert unmasker.flush() == "[EMAIL_"


def test_normalised_view_maps_back_to_the_original() -> None:
    text = "Ｔｅｌ：〇三−一二三四\u200b−五六七八\n\n  次"
    views = TextViews(text)
    assert views.normalised.text == "Tel:03-1234-5678 次"
    start = views.normalised.text.index("03")
    end = start + len("03-1234-5678")
    first, last = views.normalised.original_span(start, end)
    assert text[first:last] == "〇三−一二三四\u200b−五六七八"
    assert normalise("ｶﾞｲﾄﾞ　一緒に 二〇二四年") == "ガイド 一緒に 2024年"
    assert views.joined is None
    assert TextViews("4023851\n09173").joined is not None


def test_a_configured_pattern_with_named_groups_masks_the_whole_match() -> None:
    masker = MaskRules([("CASE", r"案件(?P<no>\d{3})")]).masker()
    assert masker.mask("案件123 を処理") == f"[CASE_1_{masker.nonce}] を処理"
