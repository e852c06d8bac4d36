"""Which language to translate into: the optional first word of the command, or detection from the text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from genai_bot.errors import UserFacingError
from genai_bot.i18n import Lang
from genai_bot.text import fold

Target = Lang | Literal["auto"]

_WORDS: dict[str, Target] = {
    **dict.fromkeys(("en", "eng", "english", "英語", "英", "えいご", "英訳"), "en"),
    **dict.fromkeys(("ja", "jp", "jpn", "japanese", "日本語", "日", "和", "にほんご", "和訳"), "ja"),
    **dict.fromkeys(("auto", "detect", "自動", "じどう"), "auto"),
}
# Words that clearly name another language. Two-letter codes that are also common English words
# (it, no, hi, id, he, my, uk…) are left out so "/genai translate it is late" translates the sentence.
_OTHER_LANGUAGES = frozenset(
    {
        "fr",
        "de",
        "es",
        "zh",
        "ko",
        "ru",
        "pt",
        "vi",
        "th",
        "ar",
        "nl",
        "sv",
        "pl",
        "tr",
        "tl",
        "ms",
        "fil",
        "french",
        "german",
        "spanish",
        "chinese",
        "korean",
        "russian",
        "portuguese",
        "vietnamese",
        "thai",
        "arabic",
        "italian",
        "indonesian",
        "hindi",
        "dutch",
        "tagalog",
        "filipino",
        "mongolian",
        "nepali",
        "中国語",
        "韓国語",
        "朝鮮語",
        "広東語",
        "北京語",
        "台湾語",
        "華語",
    }
)
_REGIONAL = re.compile(r"^([a-z]{2,3})[-_][a-z0-9]{2,4}$")  # en-US, ja_JP, zh-Hant, pt-BR
_LANGUAGE_NAME_KATAKANA = re.compile(r"^[\u30a0-\u30ff]{2,10}語$")  # フランス語, ドイツ語, スペイン語…
_JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_JAPANESE_SHARE = 0.3  # a Japanese character carries about as much as two Latin letters


@dataclass(frozen=True)
class Parsed:
    target: Target
    text: str


def parse_target_and_text(args: str) -> Parsed:
    """'en 本日は…' → Parsed('en', '本日は…'). No language word means auto; an unsupported one raises
    translate.unsupported_lang naming it."""
    stripped = args.strip()
    first, _, rest = _split_first(stripped)
    target = language_word(first)
    if target is not None:
        return Parsed(target, rest)
    if names_other_language(first):
        raise UserFacingError("translate.unsupported_lang", value=first)
    return Parsed("auto", stripped)


def language_word(word: str) -> Target | None:
    """The target a word names (full-width and case-insensitive: ＥＮ, English, 英語), or None."""
    key = fold(word)
    if key in _WORDS:
        return _WORDS[key]
    regional = _REGIONAL.match(key)
    if regional and regional.group(1) in {"en", "ja"}:
        return _WORDS[regional.group(1)]
    return None


def names_other_language(word: str) -> bool:
    key = fold(word)
    regional = _REGIONAL.match(key)
    return (
        key in _OTHER_LANGUAGES
        or bool(regional and regional.group(1) in _OTHER_LANGUAGES)
        or bool(_LANGUAGE_NAME_KATAKANA.match(key))
    )


def looks_japanese(text: str) -> bool:
    """Japanese script carries a fair share of the text: 「Slack の API を使って連携します」 is Japanese, while
    "Please review 資料 with 田中さん" is English with a few Japanese words."""
    japanese = len(_JAPANESE_SCRIPT.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return japanese > 0 and japanese / (japanese + latin / 2) >= _JAPANESE_SHARE


def resolve_target(target: Target, text: str) -> Lang:
    """'auto': Japanese text → English, anything else → Japanese."""
    if target != "auto":
        return target
    return "en" if looks_japanese(text) else "ja"


def other(lang: Lang) -> Lang:
    return "en" if lang == "ja" else "ja"


def _split_first(text: str) -> tuple[str, str, str]:
    parts = re.split(r"(\s+)", text, maxsplit=1)
    if len(parts) == 1:
        return parts[0], "", ""
    return parts[0], parts[1], parts[2]
