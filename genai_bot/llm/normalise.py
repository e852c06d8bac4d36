"""A normalised view of a text for matching, with a map back to the original characters.

Masking matches on what a value *is*, not on how it was typed: `ＴＡＲＯ＠ｅｘａｍｐｌｅ．ｊｐ`,
`〇三−一二三四−五六七八` and `4023\u200b8510\u200b9173` must look like their plain ASCII
forms to the rules. The normalised view is:

- NFKC (full-width letters, digits and signs become ASCII; half-width katakana become full-width), decimal
  digits of any script as ASCII digits;
- every dash and minus sign (U+2010-2015, U+2212, U+30FC, U+FF0D, ...) as `-`;
- kanji digits (〇一二三四五六七八九) as ASCII digits where two or more stand together, possibly with separators
  between them (`〇四九九八−二−三四五六`); a single 一 stays a word;
- zero-width and other invisible format characters removed;
- every run of white space, line breaks included, as one space.

Each character of a view remembers the span of the original it came from, so a match on the view is replaced
in the original (`NormalisedText.original_span`). `TextViews` holds the views of one text, built on demand:
`normalised`, `joined` (line breaks inside a number removed: `4023851` + line break + `09173`) and `spaceless`
(all white space removed, for custom terms and patterns that must match however the words were spaced).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["KANJI_DIGITS", "NormalisedText", "TextViews", "normalise", "normalise_term"]

KANJI_DIGITS = "〇一二三四五六七八九"
_DASHES = frozenset(
    "\u002d\u02d7\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u207b\u208b"
    "\u2212\u2796\u2e3a\u2e3b\u30fc\ufe58\ufe63\uff0d\uff70"
)
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u3164\uffa0")

# Characters that NFKC and the foldings above leave alone, so they are copied in bulk: printable ASCII,
# CJK punctuation, kana (not ー), kanji (not the kanji digits).
_KANJI_DIGIT_POINTS = sorted(ord(c) for c in KANJI_DIGITS if "\u4e00" <= c <= "\u9fff")


def _kanji_ranges() -> str:
    ranges, low = [], 0x4E00
    for point in _KANJI_DIGIT_POINTS:
        if point > low:
            ranges.append(f"\\u{low:04x}-\\u{point - 1:04x}")
        low = point + 1
    ranges.append(f"\\u{low:04x}-\\u9fff")
    return "".join(ranges)


_STABLE = "\\x21-\\x7e\\u3001-\\u3006\\u3008-\\u3035\\u303b-\\u303f\\u3041-\\u3096\\u309d\\u309e\\u30a0-\\u30fb" + (
    "\\u30fd\\u30fe" + _kanji_ranges()
)
_COMBINING = "\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe00-\\ufe2f\\u3099-\\u309c\\uff9e\\uff9f"
_FULL_WIDTH_ASCII = f"[\\uff01-\\uff5e]+(?![{_COMBINING}])"  # folded a run at a time, one to one
_CLUSTER = re.compile(f"{_FULL_WIDTH_ASCII}|[{_STABLE} ][{_COMBINING}]+|[^{_STABLE} ][{_COMBINING}]*")
_KANJI_RUN = re.compile(f"[{KANJI_DIGITS}](?:[-./・() \n]{{0,3}}[{KANJI_DIGITS}])+")
_FULL_TO_ASCII = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULL_TO_ASCII[0xFF0D] = ord("-")
_KANJI_TO_ASCII = str.maketrans(KANJI_DIGITS, "0123456789")
_SPACE_RUN = re.compile(r"[ \n]{2,}|\n")
_ANY_SPACE = re.compile(r"[ \n]+")
_BREAK_IN_NUMBER = re.compile(r"(?<=[0-9-])[ \n]*\n[ \n]*(?=[0-9-])")


# A segment (start, old_start, old_end, aligned): view characters from `start` on came from `parent` characters
# [old_start, old_end), one to one when `aligned`, else every one of them from the whole span.
_Segment = tuple[int, int, int, bool]


@dataclass(frozen=True)
class NormalisedText:
    """`text` for matching; `original_span` says where its characters came from.

    A view made by a rewrite keeps its parent and one segment per copied stretch or replacement, so building a
    view costs in proportion to the replacements, not to the length of the text.
    """

    text: str
    parent: NormalisedText | None = None
    segments: tuple[_Segment, ...] = ()
    _starts: tuple[int, ...] = ()

    @classmethod
    def identity(cls, text: str) -> NormalisedText:
        return cls(text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that view characters [start, end) came from (end > start)."""
        return self._char_span(start)[0], self._char_span(end - 1)[1]

    def _char_span(self, i: int) -> tuple[int, int]:
        if self.parent is None:
            return i, i + 1
        start, old_start, old_end, aligned = self.segments[bisect.bisect_right(self._starts, i) - 1]
        if aligned:
            return self.parent._char_span(old_start + i - start)
        return self.parent._char_span(old_start)[0], self.parent._char_span(old_end - 1)[1]


class TextViews:
    """The views of one text that the rules match on, each built on first use."""

    def __init__(self, text: str) -> None:
        self.original = NormalisedText.identity(text)

    @functools.cached_property
    def _folded(self) -> NormalisedText:
        """Folded, kanji digits converted; line breaks still there (as `\\n`), space runs not yet collapsed."""
        view = _rewrite(self.original, _CLUSTER, _fold_match)
        return _rewrite(view, _KANJI_RUN, lambda m: m.group().translate(_KANJI_TO_ASCII))

    @functools.cached_property
    def normalised(self) -> NormalisedText:
        """Every run of white space as one space."""
        return _rewrite(self._folded, _SPACE_RUN, lambda m: " ")

    @functools.cached_property
    def joined(self) -> NormalisedText | None:
        """`normalised` with line breaks inside numbers removed, or None when the text has none."""
        if not _BREAK_IN_NUMBER.search(self._folded.text):
            return None
        return _rewrite(_rewrite(self._folded, _BREAK_IN_NUMBER, lambda m: ""), _SPACE_RUN, lambda m: " ")

    @functools.cached_property
    def spaceless(self) -> NormalisedText:
        return _rewrite(self._folded, _ANY_SPACE, lambda m: "")


def normalise(text: str) -> str:
    """The normalised text (see the module doc)."""
    return TextViews(text).normalised.text


def normalise_term(term: str) -> str:
    """A custom term as the rules see it: normalised, without any white space."""
    return TextViews(term).spaceless.text


def _fold_match(m: re.Match[str]) -> str:
    found = m.group()
    return found.translate(_FULL_TO_ASCII) if "\uff01" <= found[0] <= "\uff5e" else _fold(found)


@functools.lru_cache(maxsize=8192)
def _fold(cluster: str) -> str:
    out: list[str] = []
    for ch in unicodedata.normalize("NFKC", cluster):
        if ch in _DASHES:
            out.append("-")
        elif ch in _LINE_BREAKS:
            out.append("\n")
        elif ch.isspace():
            out.append(" ")
        elif ch in _INVISIBLE or unicodedata.category(ch) == "Cf":
            continue
        elif ch.isdecimal() and not ch.isascii():
            out.append(str(unicodedata.decimal(ch)))
        else:
            out.append(ch)
    return "".join(out)


def _rewrite(view: NormalisedText, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> NormalisedText:
    """Replace every match of `pattern` in the view, remembering where each new character came from.

    A replacement as long as its match maps character by character; any other maps every new character to the
    whole matched span. Returns the same view when nothing changed.
    """
    text = view.text
    pieces: list[str] = []
    segments: list[_Segment] = []
    length = pos = 0
    for m in pattern.finditer(text):
        a, b = m.span()
        new = replace(m)
        if new == m.group():
            continue
        if a > pos:
            segments.append((length, pos, a, True))
            pieces.append(text[pos:a])
            length += a - pos
        if new:
            segments.append((length, a, b, len(new) == b - a))
            pieces.append(new)
            length += len(new)
        pos = b
    if not segments and pos == 0:
        return view
    if pos < len(text):
        segments.append((length, pos, len(text), True))
        pieces.append(text[pos:])
    return NormalisedText("".join(pieces), view, tuple(segments), tuple(seg[0] for seg in segments))
