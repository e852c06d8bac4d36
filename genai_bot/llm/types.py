"""Value types of the LLM gateway: messages in, a completion out, and who asked (for usage accounting)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypedDict

Role = Literal["system", "user", "assistant"]


class ChatMessage(TypedDict):
    role: Role
    content: str


@dataclass(frozen=True)
class CallContext:
    """Who is asking and from where; recorded with usage (never the text)."""

    user: str | None = None
    organisation: str | None = None
    channel: str | None = None
    skill: str = ""
    answered: Callable[[str, str], None] | None = field(default=None, compare=False, repr=False)
    """Told (provider, model) of each attempt that answered (feedback buttons name what produced an answer)."""


@dataclass(frozen=True)
class Completion:
    text: str
    provider: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cut_at: int | None = None
    """The answer was longer than the task's character cap and was cut after this many characters."""

    @property
    def truncated(self) -> bool:
        return self.cut_at is not None


@dataclass(frozen=True)
class AnswerCut:
    """The last item of a stream whose answer reached the task's character cap (the stream was closed there)."""

    at: int


def system(content: str) -> ChatMessage:
    return {"role": "system", "content": content}


def user(content: str) -> ChatMessage:
    return {"role": "user", "content": content}


def assistant(content: str) -> ChatMessage:
    return {"role": "assistant", "content": content}


AfterCall = Callable[[], Awaitable[None]]
"""Run by the room-aware handle once a call is done (never raises)."""


class BudgetCheck(Protocol):
    """What the room-aware handle asks before each call (genai_bot.budget.BudgetGuard, set as
    `LLMGateway.budget` by the composition root): raises a UserFacingError when a budget of the caller is spent,
    else returns what to run after the call (None: nothing)."""

    async def before_call(
        self, *, user: str | None, organisation: str | None, lang: Literal["ja", "en"]
    ) -> AfterCall | None: ...
