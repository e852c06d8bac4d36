"""Mask personal and confidential values before text leaves the building, and restore them in the answer.

`MaskRules` is compiled once (built-in rules + GENAI_MASK_PATTERNS + GENAI_MASK_TERMS); a `Masker` is made per
request, so the same value gets the same placeholder (`[EMAIL_1]`) across all messages of that request, and
`unmask` / `StreamUnmasker` put the values back into the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_D = "[0-9０-９]"  # half- and full-width digits
_SEP = "[-‐‑–－ー]"  # hyphen look-alikes used in Japanese documents
_GAP = "[-‐‑–－ー \u3000]?"  # optional hyphen or (full-width) space
_SEP_OR_SPACE = "[-‐‑–－ー \u3000]"
_GROUP_GAP = "[ \u3000]?[-‐‑–－ー]?[ \u3000]?"

_MYNUMBER = rf"(?<![0-9０-９]){_D}{{4}}{_GAP}{_D}{{4}}{_GAP}{_D}{{4}}(?![0-9０-９])"
_EMAIL = r"[A-Za-z0-9._%+\-]+[@＠][A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
_PHONE_JP = (
    rf"(?<![0-9０-９+＋])[0０](?:"
    rf"{_D}{{0,4}}[(（]{_D}{{1,4}}[)）]{_D}{{3,4}}"  # 03(1234)5678
    rf"|{_D}{{1,4}}{_SEP_OR_SPACE}{_D}{{1,4}}{_SEP_OR_SPACE}{_D}{{3,4}}"  # 03-1234-5678, 090 1234 5678
    rf"|{_D}{{9,10}}"  # 0312345678, 09012345678
    r")(?![0-9０-９])"
)
_PHONE_INTL = (
    rf"[+＋]{_D}{{1,3}}(?:{_GROUP_GAP}[(（]?{_D}{{1,4}}[)）]?){{1,3}}{_GROUP_GAP}{_D}{{3,4}}(?![0-9０-９])"
)
_POSTAL = (
    rf"〒[ \u3000]?{_D}{{3}}{_SEP}?{_D}{{4}}(?![0-9０-９])"
    rf"|(?<![0-9０-９\-‐‑–－ー]){_D}{{3}}{_SEP}{_D}{{4}}(?![0-9０-９\-‐‑–－ー])"
)

# Order matters only for ties (same start, same length): the earlier rule names the placeholder.
BUILTIN_RULES: tuple[tuple[str, str], ...] = (
    ("EMAIL", _EMAIL),
    ("MYNUMBER", _MYNUMBER),
    ("PHONE", _PHONE_INTL),
    ("PHONE", _PHONE_JP),
    ("POSTAL", _POSTAL),
)

_PLACEHOLDER = re.compile(r"\[([A-Z][A-Z0-9_]*?)_(\d+)\]")
_PARTIAL_PLACEHOLDER = re.compile(r"\[[A-Z0-9_]*\Z")
_MAX_PLACEHOLDER = 48


@dataclass(frozen=True)
class _Rule:
    label: str
    pattern: re.Pattern[str]
    priority: int


class MaskRules:
    """Compiled masking rules. Build once and share; call `masker()` per request."""

    def __init__(
        self,
        patterns: Iterable[tuple[str, str]] = (),
        terms: Iterable[str] = (),
        *,
        builtin: bool = True,
    ) -> None:
        rules: list[tuple[str, str, int]] = []
        ordered_terms = sorted({t for t in terms if t}, key=len, reverse=True)
        if ordered_terms:
            alternatives = "|".join(re.escape(t) for t in ordered_terms)
            rules.append(("TERM", alternatives, re.IGNORECASE))
        rules.extend((label, regex, 0) for label, regex in patterns)
        if builtin:
            rules.extend((label, regex, 0) for label, regex in BUILTIN_RULES)
        self._rules = [
            _Rule(label, re.compile(regex, flags), priority)
            for priority, (label, regex, flags) in enumerate(rules)
        ]

    @classmethod
    def from_settings(cls, patterns: Sequence[tuple[str, str]], terms: Sequence[str]) -> MaskRules:
        return cls(patterns, terms)

    def masker(self) -> Masker:
        return Masker(self)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping (start, end, label) spans: leftmost first, then longest, then rule order."""
        candidates: list[tuple[int, int, int, str]] = []
        for rule in self._rules:
            for m in rule.pattern.finditer(text):
                if m.end() > m.start():
                    candidates.append((m.start(), -(m.end() - m.start()), rule.priority, rule.label))
        candidates.sort()
        spans: list[tuple[int, int, str]] = []
        last_end = 0
        for start, neg_len, _prio, label in candidates:
            if start >= last_end:
                spans.append((start, start - neg_len, label))
                last_end = start - neg_len
        return spans


class Masker:
    """Per-request masking state: value → placeholder and back."""

    def __init__(self, rules: MaskRules | None = None) -> None:
        self._rules = rules if rules is not None else MaskRules()
        self._by_value: dict[str, str] = {}
        self._by_placeholder: dict[str, str] = {}
        self._counters: dict[str, int] = {}

    @property
    def masked_count(self) -> int:
        """How many distinct values were replaced so far."""
        return len(self._by_value)

    def mask(self, text: str) -> str:
        spans = self._rules.find(text)
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
        if not self._by_placeholder or "[" not in text:
            return text
        return _PLACEHOLDER.sub(lambda m: self._by_placeholder.get(m.group(0), m.group(0)), text)

    def stream_unmasker(self) -> StreamUnmasker:
        return StreamUnmasker(self)

    def _placeholder(self, label: str, value: str) -> str:
        existing = self._by_value.get(value)
        if existing is not None:
            return existing
        n = self._counters.get(label, 0) + 1
        self._counters[label] = n
        placeholder = f"[{label}_{n}]"
        self._by_value[value] = placeholder
        self._by_placeholder[placeholder] = value
        return placeholder


class StreamUnmasker:
    """Unmasks streamed text; a placeholder split over chunks (`[EMA` + `IL_1]`) is held back until whole."""

    def __init__(self, masker: Masker) -> None:
        self._masker = masker
        self._pending = ""

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        hold = _partial_tail(text)
        self._pending = text[len(text) - hold :] if hold else ""
        return self._masker.unmask(text[: len(text) - hold])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._masker.unmask(text)


def _partial_tail(text: str) -> int:
    """Length of a trailing fragment that could still become a placeholder, e.g. '[PHONE_'."""
    start = text.rfind("[", max(0, len(text) - _MAX_PLACEHOLDER))
    if start < 0 or not _PARTIAL_PLACEHOLDER.match(text, start):
        return 0
    return len(text) - start
