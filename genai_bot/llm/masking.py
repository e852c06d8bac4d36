"""Mask personal and confidential values before text leaves the building, and restore them in the answer.

`MaskRules` is compiled once (built-in finders + GENAI_MASK_PATTERNS + GENAI_MASK_TERMS); a `Masker` is made per
request. Rules match on normalised views of the text (`normalise.TextViews`: full-width, kanji digits, every
dash, zero-width characters, spacing and line breaks folded away) and the ORIGINAL span is replaced, so
`ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ` and `〇九〇−一二三四−五六七八` are masked as written and come back exactly as written.
Overlapping finds are merged, so a value two rules see differently is masked whole.

Placeholders carry a per-request nonce (`[EMAIL_1_k3f9]`): the same value gets the same placeholder across all
messages of that request, and `unmask` / `StreamUnmasker` restore only placeholders this masker issued. A user
cannot forge one: text that already contains `[EMAIL_1]` comes back as written, and text that happens to contain
this request's nonce in placeholder shape is itself masked (and restored as written).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from genai_bot.llm.normalise import NormalisedText, TextViews, normalise_term
from genai_bot.llm.personal_data import BUILTIN_FINDERS, Finder, regex_finder

__all__ = ["EXAMPLE_NONCE", "MaskRules", "Masker", "StreamUnmasker"]

EXAMPLE_NONCE = "k3f9"  # used in the model's instructions; never issued
_NONCE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_NONCE_LENGTH = 4
_PLACEHOLDER = re.compile(r"\[[A-Za-z][A-Za-z0-9_]*\]")
_FORGED_LABEL = "TEXT"

_View = Literal["original", "normalised", "joined", "spaceless"]
_BUILTIN_VIEWS: tuple[_View, ...] = ("normalised", "joined")
_PATTERN_VIEWS: tuple[_View, ...] = ("original", "normalised", "spaceless")
_TERM_VIEWS: tuple[_View, ...] = ("spaceless",)

Span = tuple[int, int, str]


@dataclass(frozen=True)
class _Rule:
    label: str
    find: Finder
    views: tuple[_View, ...]


class MaskRules:
    """Compiled masking rules. Build once and share; call `masker()` per request.

    Terms match case-, width- and space-insensitively (`Ｐｒｏｊｅｃｔ  Ｋｅｓｔｒｅｌ` is `Project Kestrel`); patterns
    match on the original text and on its normalised views (with and without spaces).
    """

    def __init__(
        self,
        patterns: Iterable[tuple[str, str]] = (),
        terms: Iterable[str] = (),
        *,
        builtin: bool = True,
    ) -> None:
        rules: list[_Rule] = []
        folded_terms = sorted({f for f in (normalise_term(t) for t in terms if t) if f}, key=len, reverse=True)
        if folded_terms:
            alternatives = "|".join(re.escape(t) for t in folded_terms)
            rules.append(_Rule("TERM", regex_finder(alternatives, flags=re.IGNORECASE), _TERM_VIEWS))
        rules.extend(_Rule(label, regex_finder(regex), _PATTERN_VIEWS) for label, regex in patterns)
        if builtin:
            rules.extend(_Rule(label, finder, _BUILTIN_VIEWS) for label, finder in BUILTIN_FINDERS)
        self._rules = tuple(rules)

    @classmethod
    def from_settings(cls, patterns: Sequence[tuple[str, str]], terms: Sequence[str]) -> MaskRules:
        return cls(patterns, terms)

    def masker(self) -> Masker:
        return Masker(self)

    def find(self, text: str) -> list[Span]:
        """Non-overlapping (start, end, label) spans of the original text; overlapping finds are merged and
        named by the leftmost, then longest, then earliest rule."""
        if not text:
            return []
        views = TextViews(text)
        candidates: list[tuple[int, int, int, str]] = []
        for priority, rule in enumerate(self._rules):
            for name in rule.views:
                view = _view(views, name)
                if view is None:
                    continue
                for start, end in rule.find(view.text):
                    first, last = view.original_span(start, end)
                    candidates.append((first, first - last, priority, rule.label))
        return _merge(candidates)


def _view(views: TextViews, name: _View) -> NormalisedText | None:
    if name == "original":
        return views.original
    if name == "normalised":
        return views.normalised
    if name == "joined":
        return views.joined
    return views.spaceless


def _merge(candidates: list[tuple[int, int, int, str]]) -> list[Span]:
    """(start, -length, priority, label) candidates → sorted spans, overlaps merged into the first."""
    candidates.sort()
    spans: list[Span] = []
    for start, neg_len, _priority, label in candidates:
        end = start - neg_len
        if spans and start < spans[-1][1]:
            if end > spans[-1][1]:
                spans[-1] = (spans[-1][0], end, spans[-1][2])
        else:
            spans.append((start, end, label))
    return spans


def _new_nonce() -> str:
    while True:
        nonce = "".join(secrets.choice(_NONCE_ALPHABET) for _ in range(_NONCE_LENGTH))
        if nonce != EXAMPLE_NONCE:
            return nonce


class Masker:
    """Per-request masking state: value → placeholder and back, with this request's nonce."""

    def __init__(self, rules: MaskRules | None = None, *, nonce: str | None = None) -> None:
        self._rules = rules if rules is not None else MaskRules()
        self.nonce = nonce or _new_nonce()
        self._by_value: dict[str, str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counters: dict[str, int] = {}
        self._longest = 0

    @property
    def masked_count(self) -> int:
        """How many distinct values were replaced so far."""
        return len(self._by_value)

    @property
    def placeholders(self) -> dict[str, str]:
        """Placeholder → the original text it stands for."""
        return dict(self._by_placeholder)

    def mask(self, text: str) -> str:
        spans = self._rules.find(text)
        if f"_{self.nonce}]" in text:  # this request's placeholder shape typed by someone: mask it too
            forged = re.finditer(rf"\[[A-Za-z0-9_]*_{self.nonce}\]", text)
            candidates = [(m.start(), m.start() - m.end(), -1, _FORGED_LABEL) for m in forged]
            candidates += [(start, start - end, 0, label) for start, end, label in spans]
            spans = _merge(candidates)
        if not spans:
            return text
        out: list[str] = []
        pos = 0
        for start, end, label in spans:
            out.append(text[pos:start])
            out.append(self._placeholder(label, text[start:end]))
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def unmask(self, text: str) -> str:
        """Restore the placeholders this masker issued; anything else, placeholder-shaped or not, stays."""
        if not self._by_placeholder or "[" not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: self._by_placeholder.get(m.group(0), m.group(0)), text)

    def stream_unmasker(self) -> StreamUnmasker:
        return StreamUnmasker(self)

    def partial_tail(self, text: str) -> int:
        """Length of a trailing fragment that could still become one of this masker's placeholders."""
        if not self._longest:
            return 0
        start = text.rfind("[", max(0, len(text) - self._longest + 1))
        if start < 0:
            return 0
        tail = text[start:]
        if any(len(tail) < len(p) and p.startswith(tail) for p in self._by_placeholder):
            return len(tail)
        return 0

    def _placeholder(self, label: str, value: str) -> str:
        existing = self._by_value.get(value)
        if existing is not None:
            return existing
        n = self._counters.get(label, 0) + 1
        self._counters[label] = n
        placeholder = f"[{label}_{n}_{self.nonce}]"
        self._by_value[value] = placeholder
        self._by_placeholder[placeholder] = value
        self._longest = max(self._longest, len(placeholder))
        return placeholder


class StreamUnmasker:
    """Unmasks streamed text; a placeholder split over chunks (`[EMA` + `IL_1_k3f9]`) is held back until whole."""

    def __init__(self, masker: Masker) -> None:
        self._masker = masker
        self._pending = ""

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        hold = self._masker.partial_tail(text)
        self._pending = text[len(text) - hold :] if hold else ""
        return self._masker.unmask(text[: len(text) - hold])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._masker.unmask(text)
