"""Reading what people type: tokens (quotes and references kept whole), options, and small vocabularies.

Full-width input is accepted everywhere: words and options are compared after NFKC and case folding, while
names and pasted notes keep exactly what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from genai_bot import refs
from genai_bot.errors import UserFacingError
from genai_bot.text import fold, nfkc

_QUOTES = {'"': '"', "'": "'", "「": "」", "『": "』", "“": "”", "‘": "’"}
_DASHES = ("—", "–", "―", "ー", "－")
_EMAIL = re.compile(r"^[^@\s<>|,;]+@[^@\s<>|,;]+\.[^@\s<>|,;]+$")

ROLES: tuple[str, ...] = ("chair", "member", "secretariat", "observer")
_ROLE_WORDS = {
    "chair": "chair",
    "委員長": "chair",
    "座長": "chair",
    "議長": "chair",
    "会長": "chair",
    "member": "member",
    "委員": "member",
    "メンバー": "member",
    "構成員": "member",
    "secretariat": "secretariat",
    "secretary": "secretariat",
    "事務局": "secretariat",
    "observer": "observer",
    "オブザーバー": "observer",
    "傍聴": "observer",
}
ANSWERS: tuple[str, ...] = ("yes", "maybe", "no")
_ANSWER_WORDS = {
    "yes": "yes",
    "y": "yes",
    "ok": "yes",
    "o": "yes",
    "○": "yes",
    "◯": "yes",
    "〇": "yes",
    "可": "yes",
    "参加": "yes",
    "出席": "yes",
    "maybe": "maybe",
    "△": "maybe",
    "▲": "maybe",
    "?": "maybe",
    "未定": "maybe",
    "調整中": "maybe",
    "no": "no",
    "n": "no",
    "x": "no",
    "×": "no",
    "✕": "no",
    "✖": "no",
    "不可": "no",
    "欠席": "no",
}
_HERE_WORDS = {"here", "ここ", "このチャンネル", "this"}


def tokenize(text: str) -> list[str]:
    """Split on spaces (ASCII and ideographic); quotes group words; a reference (`[@名前 太郎](person:U1)`)
    stays one token."""
    tokens: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES:
            close = text.find(_QUOTES[ch], i + 1)
            if close > i:
                tokens.append(text[i + 1 : close])
                i = close + 1
                continue
        ref = refs.ref_at(text, i) if ch == "[" else None
        if ref is not None:
            tokens.append(text[i : ref.end])
            i = ref.end
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        tokens.append(text[i:j])
        i = j
    return tokens


def split_head(text: str, count: int) -> tuple[list[str], str]:
    """The first `count` tokens and the raw rest of the text (pasted notes keep their spacing and characters)."""
    rest = text.strip()
    head: list[str] = []
    for _ in range(count):
        tokens = tokenize(rest)
        if not tokens:
            break
        first = tokens[0]
        head.append(first)
        rest = _drop_first_token(rest, first)
    return head, rest


def _drop_first_token(text: str, token: str) -> str:
    text = text.lstrip().lstrip("\u3000")
    if text and text[0] in _QUOTES:
        close = text.find(_QUOTES[text[0]], 1)
        return text[close + 1 :].strip() if close > 0 else text[len(token) :].strip()
    return text[len(token) :].strip()


@dataclass(frozen=True)
class Option:
    name: str
    aliases: tuple[str, ...] = ()
    takes_value: bool = True


@dataclass
class ParsedArgs:
    positionals: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def get(self, name: str) -> str | None:
        return self.options.get(name)

    def has(self, name: str) -> bool:
        return name in self.flags


def _option_word(token: str) -> str | None:
    """'--duration' / '—duration' / '－－duration' → 'duration'; anything else → None."""
    word = nfkc(token)
    for dash in _DASHES:
        if word.startswith(dash):
            word = "--" + word.lstrip("".join(_DASHES))
            break
    if word.startswith("--") and len(word) > 2:
        return word[2:].casefold()
    return None


def parse_options(tokens: list[str], options: tuple[Option, ...]) -> ParsedArgs:
    """Separate `--name value` / `--flag` options from positional words; unknown options are a user error."""
    lookup = {fold(word): opt for opt in options for word in (opt.name, *opt.aliases)}
    parsed = ParsedArgs()
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = _option_word(token)
        if word is None:
            parsed.positionals.append(token)
            i += 1
            continue
        word, _, inline = word.partition("=")
        opt = lookup.get(word)
        if opt is None:
            raise UserFacingError("committee.error.unknown_option", option=f"--{word}")
        if not opt.takes_value:
            parsed.flags.add(opt.name)
            i += 1
            continue
        if inline:
            parsed.options[opt.name] = inline
            i += 1
            continue
        if i + 1 >= len(tokens) or _option_word(tokens[i + 1]) is not None:
            raise UserFacingError("committee.error.option_needs_value", option=f"--{opt.name}")
        parsed.options[opt.name] = tokens[i + 1]
        i += 2
    return parsed


def mentioned_user(token: str) -> str | None:
    """A person reference (a mention in the chat) or `@U123` / `@alice` (typed) → the user id."""
    return refs.person_ref(token)


def email_of(token: str) -> str | None:
    """A plain or linked (`[a@b.jp](mailto:a@b.jp)`) e-mail address, lower-cased; else None."""
    raw = nfkc(token).strip()
    ref = refs.ref_at(raw)
    if ref is not None and ref.end == len(raw) and ref.target.startswith("mailto:"):
        raw = ref.target.removeprefix("mailto:")
    return raw.lower() if _EMAIL.match(raw) else None


def channel_of(token: str, here: str) -> str | None:
    """A room reference → its id; `here` / `ここ` → the current channel; else None."""
    return refs.room_ref(token) or (here if fold(token) in _HERE_WORDS else None)


def role_of(word: str) -> str | None:
    return _ROLE_WORDS.get(fold(word))


def answer_of(word: str) -> str | None:
    return _ANSWER_WORDS.get(fold(word))


def number_of(word: str) -> int | None:
    """'3', '#3', '３', '第3' → 3."""
    text = fold(word).lstrip("#").removeprefix("第").removesuffix("番").removesuffix("回")
    return int(text) if text.isdigit() else None


def usage_error(sub: str) -> UserFacingError:
    """ "Not like that": the usage of one subcommand, as an error (committee.error.usage.<sub>)."""
    return UserFacingError(f"committee.error.usage.{sub}")


def join_names(lang: str, names: Iterable[str]) -> str:
    """'田中、鈴木' in Japanese, 'Tanaka, Suzuki' in English."""
    return (", " if lang == "en" else "、").join(names)
