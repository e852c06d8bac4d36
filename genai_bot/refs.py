"""Neutral references inside plain text: people, rooms and links, the same on every platform.

Skills write and read these; each adapter turns the platform's own syntax into them on the way in and renders
them on the way out (Slack `<@U1>`, the console `@alice`). Every reference is a Markdown link, which language
models keep intact and people can read as it is:

    [@tanaka](person:U123)      a person (the label is what a reader sees; the id is what counts)
    [#general](room:C123)       a room (channel)
    [資料](https://example.jp)  a link

Nothing here can notify a whole channel: there is no reference for "everyone", so only the people a skill (or
the person who wrote the text) referred to by id can be mentioned.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "REF_PATTERN",
    "Ref",
    "drop_leading_mentions",
    "find_refs",
    "link",
    "mention",
    "person_ref",
    "readable",
    "ref_at",
    "replace_refs",
    "room_link",
    "room_ref",
    "settled",
    "unmention",
]

RefKind = Literal["person", "room", "link"]
_SCHEMES = ("person", "room")
_LABEL = r"(?P<label>(?:\\.|[^\\\]\n])*)"
_TARGET = r"(?P<target>(?:person|room):[\w.@+\-]+|(?:https?|mailto|tel|ftp):[^\s()<>]+)"
"""A person or room id is letters, digits and `.@+-` only (Slack `U123`, a console name, an e-mail): nothing that
could close a platform's markup (`<`, `>`, `|`, `!`)."""
_REF = re.compile(rf"\[{_LABEL}\]\({_TARGET}\)")
REF_PATTERN = _REF
"""Matches one reference (groups `label` and `target`), for modules that must find references among other
tokens (translation keeps them away from the model)."""
_UNESCAPE = re.compile(r"\\(.)")
_TYPED_PERSON = re.compile(r"^[@＠]([^\s@＠]+)$")
_UNFINISHED = re.compile(r"\[(?:\\.|[^\\\]\n])*\\?(?:\](?:\([^\s()]*)?)?")
_SETTLE_WINDOW = 600  # characters an unfinished reference may be held back while text streams in


@dataclass(frozen=True)
class Ref:
    """One reference found in a text: `target` is the person or room id, or the URL."""

    kind: RefKind
    target: str
    label: str
    """The visible text as written (`@tanaka`, `#general`, `資料`), unescaped."""
    start: int
    end: int

    @property
    def name(self) -> str | None:
        """The label without its `@`/`#`, or None when it only repeats the id or URL (or is empty)."""
        text = self.label
        if self.kind == "person":
            text = text.removeprefix("@")
        elif self.kind == "room":
            text = text.removeprefix("#")
        return text if text and text != self.target else None

    @property
    def readable(self) -> str:
        """How the reference reads as plain text: `@tanaka`, `#general`, `資料 (https://…)`."""
        if self.kind == "person":
            return "@" + (self.name or self.target)
        if self.kind == "room":
            return "#" + (self.name or self.target)
        address = self.target.removeprefix("mailto:")
        return f"{self.name} ({address})" if self.name and self.name != address else address


def _escape_label(label: str) -> str:
    return label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("\n", " ")


def _clean_target(target: str) -> str:
    return re.sub(r"[\s()\[\]<>]", lambda m: f"%{ord(m.group()):02X}", target.strip())


def mention(user_id: str, name: str | None = None) -> str:
    """A person: `[@tanaka](person:U123)` (`[@U123](person:U123)` without a name)."""
    return f"[@{_escape_label(name or user_id)}](person:{_clean_target(user_id)})"


def room_link(channel_id: str, name: str | None = None) -> str:
    """A room: `[#general](room:C123)` (`[#C123](room:C123)` without a name)."""
    return f"[#{_escape_label(name or channel_id)}](room:{_clean_target(channel_id)})"


def link(url: str, label: str | None = None) -> str:
    """A link: `[label](url)`; without a label the URL is its own label."""
    return f"[{_escape_label(label or url)}]({_clean_target(url)})"


def _ref(match: re.Match[str]) -> Ref:
    target = match.group("target")
    scheme, _, rest = target.partition(":")
    kind: RefKind = scheme if scheme in _SCHEMES else "link"  # type: ignore[assignment]
    label = _UNESCAPE.sub(r"\1", match.group("label"))
    return Ref(kind, rest if kind != "link" else target, label, match.start(), match.end())


def find_refs(text: str) -> Iterator[Ref]:
    """Every reference in `text`, in order."""
    return (_ref(m) for m in _REF.finditer(text))


def ref_at(text: str, pos: int = 0) -> Ref | None:
    """The reference that starts exactly at `pos`, if any."""
    match = _REF.match(text, pos)
    return _ref(match) if match else None


def _whole(token: str) -> Ref | None:
    token = token.strip()
    ref = ref_at(token)
    return ref if ref is not None and ref.end == len(token) else None


def person_ref(token: str) -> str | None:
    """The person a token names: a person reference, or (typed on the console) `@alice` / `＠U123`."""
    ref = _whole(token)
    if ref is not None:
        return ref.target if ref.kind == "person" else None
    typed = _TYPED_PERSON.match(token.strip())
    return typed.group(1) if typed else None


def room_ref(token: str) -> str | None:
    """The room a room reference names, else None."""
    ref = _whole(token)
    return ref.target if ref is not None and ref.kind == "room" else None


def replace_refs(text: str, ref: Callable[[Ref], str], other: Callable[[str], str] = lambda s: s) -> str:
    """Rebuild `text`: each reference through `ref`, the text between them through `other` (e.g. escaping)."""
    out: list[str] = []
    last = 0
    for found in find_refs(text):
        out.extend((other(text[last : found.start]), ref(found)))
        last = found.end
    out.append(other(text[last:]))
    return "".join(out)


def unmention(text: str) -> str:
    """The text with person references as plain words (`@tanaka`): rooms and links stay. For text a skill did not
    write itself (a language model's answer), so that it cannot notify anyone."""
    return replace_refs(text, lambda r: r.readable if r.kind == "person" else text[r.start : r.end])


def readable(text: str) -> str:
    """The text with every reference as plain words (`@tanaka`, `#general`, `資料 (https://…)`)."""
    return replace_refs(text, lambda r: r.readable)


def drop_leading_mentions(text: str) -> str:
    """The text without the person references it starts with (`@bot summarize` → `summarize`)."""
    rest = text.lstrip()
    while (ref := ref_at(rest)) is not None and ref.kind == "person":
        rest = rest[ref.end :].lstrip()
    return rest


def settled(text: str) -> str:
    """The longest prefix of streaming text that cannot end inside a reference still being written: a
    trailing `[label](target` that may yet become a reference is held back (at most a few hundred characters)."""
    cut = text.rfind("[", max(0, len(text) - _SETTLE_WINDOW))
    if cut < 0 or _UNFINISHED.fullmatch(text, cut) is None:
        return text
    inside = next((r for r in find_refs(text) if r.start < cut < r.end), None)
    return text if inside is not None else text[:cut]
