"""Proofreading: parsing the model's JSON robustly, merging, applying, and the 公用文 rule table."""

from __future__ import annotations

import pytest

from skills.assist.corrections import Correction, apply_corrections, category_of, merge, parse_corrections
from skills.assist.kobun_rules import check_rules


def test_plain_fenced_and_wrapped_json_are_understood() -> None:
    item = '{"before": "出来る", "after": "できる", "reason": "仮名書き", "category": "公用文の書き方"}'
    expected = [Correction("出来る", "できる", "仮名書き", "official")]
    assert parse_corrections(f"[{item}]") == expected
    assert parse_corrections(f"以下のとおりです。\n```json\n[{item}]\n```\n以上") == expected
    assert parse_corrections(f'{{"corrections": [{item}]}}') == expected
    assert parse_corrections("[]") == []


def test_unusable_items_are_skipped_and_prose_is_not_json() -> None:
    raw = '[{"before": "", "after": "x"}, {"before": "同じ", "after": "同じ"}, "text", {"before": "誤", "after": "正"}]'
    assert parse_corrections(raw) == [Correction("誤", "正", "", "other")]
    assert parse_corrections("修正はありません。") is None
    assert parse_corrections('[{"before": "壊れた JSON"') is None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("表記ゆれ", "notation"),
        ("敬語", "keigo"),
        ("公用文の書き方", "official"),
        ("公用文の表記", "official"),
        ("誤字脱字", "typo"),
        ("脱字", "typo"),
        ("Typo", "typo"),
        ("honorifics", "keigo"),
        ("文体", "other"),
        ("", "other"),
    ],
)
def test_categories_are_normalised(label: str, key: str) -> None:
    assert category_of(label) == key


def test_merge_keeps_the_models_corrections_adds_rules_that_do_not_overlap_in_text_order() -> None:
    text = "資料を送付致します。ご確認の程、宜しくお願いします。"
    model = [
        Correction("ご確認の程", "ご確認のほど", "形式名詞", "official"),
        Correction("送付致します。", "送付いたします。", "補助動詞", "official"),
    ]
    rules = check_rules(text, "ja")
    merged = merge(text, model, rules)
    assert [c.before for c in merged] == ["送付致します。", "ご確認の程", "宜しく"]
    assert apply_corrections(text, merged) == "資料を送付いたします。ご確認のほど、よろしくお願いします。"


def test_a_correction_quoting_text_that_is_not_in_the_input_is_not_listed() -> None:
    text = "資料を送付致します。"
    model = [
        Correction("送付致します。", "送付いたします。", "補助動詞", "official"),
        Correction("ご査収ください", "ご査収くださいますよう", "敬語", "keigo"),
    ]  # not in the text
    merged = merge(text, model, [])
    assert [c.before for c in merged] == ["送付致します。"]  # listed corrections are exactly the applied ones
    assert apply_corrections(text, merged) == "資料を送付いたします。"


@pytest.mark.parametrize(
    ("text", "before", "after"),
    [
        ("確認出来ます", "出来ます", "できます"),
        ("提出して下さい", "して下さい", "してください"),
        ("ご確認下さい", "ご確認下さい", "ご確認ください"),
        ("ご確認頂きありがとう", "ご確認頂き", "ご確認いただき"),
        ("お願い致します", "お願い致します", "お願いいたします"),
        ("確認する事が大切", "る事が", "ることが"),
        ("この様に", "の様に", "のように"),
        ("下記の通り。", "の通り。", "のとおり。"),
        ("尚、詳細は別紙", "尚、", "なお、"),
        ("従って、延期する", "従って、", "したがって、"),
        ("何卒", "何卒", "何とぞ"),
        ("会議および懇親会", "および", "及び"),
        ("予算又は人員もしくは日程", "もしくは", "若しくは"),
        ("ｶﾀｶﾅの表記", "ｶﾀｶﾅ", "カタカナ"),
        ("１２月3日", "１２", "12"),
    ],
)
def test_the_rule_table_flags_well_known_notation(text: str, before: str, after: str) -> None:
    assert (before, after) in [(c.before, c.after) for c in check_rules(text, "ja")]


@pytest.mark.parametrize(
    "text",
    [
        "意見が一致しました",
        "規則に従って、処理する",
        "出来事を記録する",
        "出来高を集計",
        "皆様にお知らせ",
        "１２月１日",
        "会議は予定どおり開催します",
        "工事が終わる事業",
        "山頂に到着",
    ],
)
def test_the_rule_table_leaves_correct_or_unrelated_text_alone(text: str) -> None:
    assert check_rules(text, "ja") == []


def test_rule_reasons_follow_the_users_language() -> None:
    [correction] = check_rules("確認出来ます", "en")
    assert correction.reason == 'できる ("can") is written in kana in official documents'


def test_a_json_array_written_inside_prose_is_read() -> None:
    found = parse_corrections('直しました: [{"before": "致します", "after": "いたします", "reason": "補助動詞"}] 以上')
    assert found is not None and [(c.before, c.after) for c in found] == [("致します", "いたします")]
