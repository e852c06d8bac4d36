"""Small regular-expression building blocks shared by skills."""

from __future__ import annotations

__all__ = ["not_after"]


def not_after(char_class: str) -> str:
    """A negative look-behind: the match must not follow one of `char_class` (`"A-Za-z0-9"`, `"ぁ-ん"`)."""
    return "(?<![" + char_class + "])"
