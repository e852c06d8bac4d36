"""How long an answer may be: the output tokens asked of a provider and a hard cap on the characters kept.

A model or a proxy may ignore `max_tokens`, so the gateway also counts the characters it hands on and stops at
the cap (a stream is closed there). Both come from the settings: `GENAI_LLM_MAX_TOKENS` and
`GENAI_LLM_MAX_CHARS` for every task, `GENAI_LLM_LIMITS` per task (`{"chat": {"max_chars": 8000}}`).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["AnswerLimit", "CharCap", "StreamGate", "TaskLimit"]


class TaskLimit(BaseModel):
    """One task's entry in GENAI_LLM_LIMITS; a value left out falls back to the setting for every task."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_tokens: int | None = Field(None, ge=0, le=1_000_000)
    max_chars: int | None = Field(None, ge=1, le=10_000_000)


@dataclass(frozen=True)
class AnswerLimit:
    """The limits of one call: `max_tokens` asked of the provider (None: not sent), `max_chars` kept at most."""

    max_tokens: int | None
    max_chars: int

    def tokens_for(self, asked: int | None) -> int | None:
        """The `max_tokens` to send when the caller asked for `asked`: the smaller of the two."""
        if asked is None:
            return self.max_tokens
        return asked if self.max_tokens is None else min(asked, self.max_tokens)


class CharCap:
    """Counts the characters of an answer as they are handed on; the first one past `limit` is never handed on.

    `take(text)` returns what may still go out; once the cap is `reached`, nothing more does. An answer of exactly
    `limit` characters is whole (not reached).
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0
        self.reached = False

    def take(self, text: str) -> str:
        if self.reached:
            return ""
        room = self.limit - self.used
        if len(text) <= room:
            self.used += len(text)
            return text
        self.used = self.limit
        self.reached = True
        return text[:room]


class StreamGate:
    """What of a streamed answer goes out: leading white space is held back until text arrives (so a stream of
    nothing but white space hands on nothing), and everything is cut at the character cap."""

    def __init__(self, max_chars: int) -> None:
        self.cap = CharCap(max_chars)
        self.sent = ""
        """Everything handed on so far (at most the cap)."""
        self._held = ""

    @property
    def started(self) -> bool:
        """Text (not only white space) has been handed on."""
        return bool(self.sent)

    def feed(self, text: str) -> str:
        """What of `text` may go out now ("" while only white space has arrived, or once the cap is reached)."""
        self._held += text
        if not self.started and not self._held.strip():
            return ""
        piece, self._held = self.cap.take(self._held), ""
        self.sent += piece
        return piece
