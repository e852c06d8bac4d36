"""The one text normaliser: full-width input is accepted everywhere.

People type ``ＮＯＴＩＣＥ``, ``１２/１``, ``ﾒｰﾙ`` or ``－－duration`` as readily as their ASCII forms.
Words are compared after NFKC (full-width → ASCII, half-width katakana → full-width), trimming and case
folding; names and pasted text keep exactly what was typed.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "nfkc"]


def nfkc(text: str) -> str:
    """`text` in Unicode NFKC: full-width letters, digits and symbols become ASCII, half-width kana full-width."""
    return unicodedata.normalize("NFKC", text)


def fold(word: str) -> str:
    """A word ready for comparison: NFKC, trimmed, case-folded (`" ＮＯＴＩＣＥ "` → `"notice"`)."""
    return nfkc(word).strip().casefold()
