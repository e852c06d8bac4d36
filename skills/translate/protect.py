"""Keep what must not be translated out of the model's reach: mentions, room links, links, URLs, code and emoji.

`protect` swaps each such token for a numbered placeholder (`[[P1]]`, `[[P2]]`, …) that the prompt tells the
model to keep; `restore` puts the tokens back and reports the placeholders the model dropped. The tokens
never reach the model at all, which also keeps user ids and links out of the provider's logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_bot.refs import REF_PATTERN

# Order matters: the first alternative that matches at a position wins (a code block before inline code…).
_TOKEN = re.compile(
    r"```.*?```"  # code block
    r"|`[^`\n]+`"  # inline code
    rf"|{REF_PATTERN.pattern}"  # a reference: [@tanaka](person:U1), [#general](room:C1), [label](https://…)
    r"|https?://[^\s<>\"'`「」『』（）【】、。]+"  # a bare URL (trailing punctuation trimmed below)
    r"|:(?:(?=[a-z0-9_+'-]*[a-z])[a-z0-9_+'-]+|[+-]1|100|1234):(?::skin-tone-[2-6]:)?",  # :emoji:, not 10:30:45
    re.DOTALL,
)
_URL_TRAILING = ".,!?;:)]}"
_PLACEHOLDER = re.compile(r"[\[［]{2}\s*[PＰ]\s*([0-9０-９]+)\s*[\]］]{2}")


def placeholder(number: int) -> str:
    return f"[[P{number}]]"


@dataclass(frozen=True)
class Protected:
    text: str
    """The text with every protected token replaced by its placeholder."""
    tokens: tuple[str, ...]
    """The original tokens; token i belongs to placeholder P{i+1}."""

    @property
    def prose(self) -> str:
        """The text without its placeholders: what language detection should look at."""
        return _PLACEHOLDER.sub(" ", self.text)


@dataclass(frozen=True)
class Restored:
    text: str
    missing: tuple[str, ...]
    """Placeholders the model dropped (their tokens are not in `text`)."""


def protect(text: str) -> Protected:
    tokens: list[str] = []
    parts: list[str] = []
    last = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        tail = ""
        if token.startswith("http"):
            stripped = token.rstrip(_URL_TRAILING)
            token, tail = stripped, token[len(stripped) :]
        tokens.append(token)
        parts.extend((text[last : match.start()], placeholder(len(tokens)), tail))
        last = match.end()
    parts.append(text[last:])
    return Protected("".join(parts), tuple(tokens))


def restore(answer: str, protected: Protected) -> Restored:
    """Put the tokens back (placeholders the model wrote with full-width brackets or spaces count too);
    placeholders the model invented are dropped."""
    seen: set[int] = set()

    def back(match: re.Match[str]) -> str:
        number = int(match.group(1))  # int() reads full-width digits too
        if 1 <= number <= len(protected.tokens):
            seen.add(number)
            return protected.tokens[number - 1]
        return ""

    text = _PLACEHOLDER.sub(back, answer)
    missing = tuple(placeholder(i) for i in range(1, len(protected.tokens) + 1) if i not in seen)
    return Restored(text, missing)


def append_missing(restored: Restored, protected: Protected) -> str:
    """The restored text with the dropped tokens added at the end, so nothing the author wrote is lost."""
    if not restored.missing:
        return restored.text
    lost = [protected.tokens[int(p[3:-2]) - 1] for p in restored.missing]
    separator = "\n" if any("\n" in t or t.startswith("```") for t in lost) else " "
    return restored.text.rstrip() + "\n" + separator.join(lost)


def has_words(protected: Protected) -> bool:
    """Is there anything to translate once the protected tokens are set aside?"""
    return any(ch.isalpha() for ch in protected.prose)
