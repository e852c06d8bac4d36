"""Proofreading corrections: the value type, parsing the model's JSON robustly, merging and applying them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from genai_bot.llm import parse_json_object

CATEGORIES: tuple[str, ...] = ("notation", "keigo", "official", "typo", "other")
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (  # checked in order: "公用文の表記" is official style
    ("公用文", "official"),
    ("official", "official"),
    ("敬語", "keigo"),
    ("honorific", "keigo"),
    ("keigo", "keigo"),
    ("誤字", "typo"),
    ("脱字", "typo"),
    ("typo", "typo"),
    ("表記", "notation"),
    ("ゆれ", "notation"),
    ("揺れ", "notation"),
    ("spelling", "notation"),
    ("notation", "notation"),
)


@dataclass(frozen=True)
class Correction:
    before: str
    after: str
    reason: str
    category: str = "other"
    """One of CATEGORIES."""


def category_of(label: str) -> str:
    """'表記ゆれ', '公用文の書き方', 'Typo'… → a key of CATEGORIES ("other" when unknown)."""
    folded = label.casefold()
    return next((key for word, key in _CATEGORY_WORDS if word in folded), "other")


def parse_corrections(raw: str) -> list[Correction] | None:
    """The corrections in a model answer (a JSON array, possibly fenced or wrapped in an object); None if not JSON."""
    data = parse_json_object(raw)
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), None)
    if not isinstance(data, list):
        return None
    found = (_correction(item) for item in data if isinstance(item, dict))
    return [c for c in found if c is not None]


def _correction(item: dict[str, Any]) -> Correction | None:
    before, after = str(item.get("before") or "").strip(), str(item.get("after") or "").strip()
    if not before or before == after:
        return None
    reason = str(item.get("reason") or "").strip()
    return Correction(before, after, reason, category_of(str(item.get("category") or "")))


def merge(text: str, found: list[Correction], extra: list[Correction]) -> list[Correction]:
    """`found` plus the `extra` ones that do not overlap them, in the order they appear in `text`. A correction
    whose `before` is not in the text (the model misquoted it) is dropped: it could not be applied."""
    merged = [c for c in found if c.before in text]
    for candidate in extra:
        if not any(candidate.before in c.before or c.before in candidate.before for c in merged):
            merged.append(candidate)
    unique = list({(c.before, c.after): c for c in merged}.values())

    def position(c: Correction) -> int:
        at = text.find(c.before)
        return at if at >= 0 else len(text)

    return sorted(unique, key=position)


def apply_corrections(text: str, corrections: list[Correction]) -> str:
    """The text with every correction whose `before` occurs in it applied (longest first)."""
    for c in sorted(corrections, key=lambda c: len(c.before), reverse=True):
        text = text.replace(c.before, c.after)
    return text
