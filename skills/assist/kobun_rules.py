"""A short table of well-known 公用文 notation rules, checked without the model (「公用文作成の考え方」).

Each rule is a pattern, its replacement, the category and the reason's message key. The patterns are narrow on
purpose: a missed case is better than a wrong correction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from genai_bot.i18n import Lang, t
from genai_bot.regex import not_after
from genai_bot.text import nfkc
from skills.assist.corrections import Correction

# Nouns that take the auxiliary いたす (never 一致・合致・誘致, where 致 is part of the word).
_POLITE_NOUNS = "|".join(
    (
        "案内",
        "連絡",
        "報告",
        "説明",
        "紹介",
        "確認",
        "送付",
        "送信",
        "返信",
        "失礼",
        "対応",
        "提出",
        "参加",
        "出席",
        "用意",
        "準備",
        "検討",
        "依頼",
        "相談",
        "協力",
        "回答",
        "通知",
        "手配",
        "調整",
        "共有",
        "感謝",
    )
)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    replace: str | Callable[[re.Match[str]], str]
    category: str
    reason_key: str


def _rule(pattern: str, replace: str | Callable[[re.Match[str]], str], category: str, reason: str) -> Rule:
    return Rule(re.compile(pattern), replace, category, f"assist.rule.{reason}")


def _nfkc(match: re.Match[str]) -> str:
    return nfkc(match.group(0))


_WORDS_IN_KANA = {
    "尚、": "なお、",
    "但し": "ただし",
    "且つ": "かつ",
    "即ち": "すなわち",
}
_ADVERBS_IN_KANA = {
    "殆ど": "ほとんど",
    "予め": "あらかじめ",
    "概ね": "おおむね",
    "宜しく": "よろしく",
    "有難う": "ありがとう",
    "御願い": "お願い",
    "何卒": "何とぞ",
    "沢山": "たくさん",
    "色々": "いろいろ",
    "敢えて": "あえて",
    "迄": "まで",
}
_WORDS_IN_KANJI = {"および": "及び", "ならびに": "並びに", "または": "又は", "もしくは": "若しくは"}


def _table(words: dict[str, str], category: str, reason: str, guard: tuple[str, str] = ("", "")) -> list[Rule]:
    before, after = guard
    return [_rule(f"{before}{re.escape(w)}{after}", r, category, reason) for w, r in words.items()]


RULES: tuple[Rule, ...] = (
    _rule(r"出来(る|ます|ません|ない|なかった|た|て|れば|ず)", r"でき\1", "official", "dekiru"),
    _rule(
        r"(し?[てで]|し|[ごお][一-龥]{1,4}|お[一-龥][ぁ-ん]{1,2})下さ(い|る|いませ)",
        r"\1くださ\2",
        "official",
        "kudasai",
    ),
    _rule(r"(し?[てで]|[ごお][一-龥]{1,4})頂([いかきくけこ])", r"\1いただ\2", "official", "itadaku"),
    _rule(
        f"(お[一-龥][ぁ-ん]{{0,2}}|ご[一-龥]{{2}}|{_POLITE_NOUNS}|[ぁ-ん])致し(ます|ました|ません|まして)",
        r"\1いたし\2",
        "official",
        "itasu",
    ),
    _rule(r"([るたいなう])事([がをにはもで、。])", r"\1こと\2", "official", "koto"),
    _rule(r"([のるたな])様([にな])", r"\1よう\2", "official", "you"),
    _rule(r"([のた])通り([、。でにの]|$)", r"\1とおり\2", "official", "toori"),
    *_table(_WORDS_IN_KANA, "official", "conjunction_kana"),
    _rule(not_after("にを") + "従って、", "したがって、", "official", "conjunction_kana"),  # not 規則に従って、
    *_table(_ADVERBS_IN_KANA, "official", "adverb_kana"),
    *_table(_WORDS_IN_KANJI, "official", "conjunction_kanji", guard=(not_after("ぁ-ん"), "(?![ぁ-ん])")),
    _rule(r"[ｦ-ﾟ]+", _nfkc, "official", "halfwidth_kana"),
)
_FULL_WIDTH_DIGITS = _rule(r"[０-９]+", _nfkc, "notation", "mixed_digits")


def check_rules(text: str, lang: Lang) -> list[Correction]:
    """Every rule hit in `text` (each distinct wording once), with its reason in `lang`."""
    rules = list(RULES)
    if re.search(r"[0-9]", text) and re.search(r"[０-９]", text):
        rules.append(_FULL_WIDTH_DIGITS)
    found: dict[str, Correction] = {}
    for rule in rules:
        for match in rule.pattern.finditer(text):
            before = match.group(0)
            if before not in found:
                after = match.expand(rule.replace) if isinstance(rule.replace, str) else rule.replace(match)
                found[before] = Correction(before, after, t(lang, rule.reason_key), rule.category)
    return list(found.values())
