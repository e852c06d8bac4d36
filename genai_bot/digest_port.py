"""What a digest is made of, platform-neutral: each skill contributes a section without the digest skill
importing the skill's internals.

A skill registers `host.digest_section(name, gather)` in its `register(host)`; `gather(services, person, day)`
returns the items waiting for that person on that (local) day, already in the person's language
(`person.lang`). A section may also give `channel_gather(services, room, day)` for channel digests (what
concerns the channel as a whole, never one person's items). A section that fails is left out of that digest
(logged); the others still go.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from genai_bot.messages import Person, Room

if TYPE_CHECKING:
    from genai_bot.services import Services

__all__ = ["ChannelGather", "DigestItem", "DigestSection", "DigestSections", "Gather"]


@dataclass(frozen=True)
class DigestItem:
    """One line of a digest, pointing at where it comes from."""

    title: str
    """What it is, one line (a poll's meeting title, a trip's destination and dates)."""
    detail: str = ""
    """More, in a few lines at most (a deadline, a summary)."""
    link: str | None = None
    """A URL that opens the source (a message permalink), when the platform gives one."""
    ref: str | None = None
    """Otherwise how to reach it: a neutral reference (`[#general](room:C1)`) or a command to type."""
    kind: str = "item"
    """What sort of item (poll, meeting, summary, approval, trip…): for tests and renderers."""


Gather = Callable[["Services", Person, date], Awaitable[list[DigestItem]]]
ChannelGather = Callable[["Services", Room, date], Awaitable[list[DigestItem]]]


@dataclass(frozen=True)
class DigestSection:
    name: str
    gather: Gather
    channel_gather: ChannelGather | None = None
    title_key: str = ""
    """The i18n key of the section's heading (default `digest.section.<name>`)."""
    order: int = 50
    """Sections are shown by `order`, then by name."""

    @property
    def heading_key(self) -> str:
        return self.title_key or f"digest.section.{self.name}"


class DigestSections:
    """The sections registered by the skills (see SkillHost.digest_section), in the order they are shown."""

    def __init__(self) -> None:
        self._by_name: dict[str, DigestSection] = {}

    def add(self, section: DigestSection) -> None:
        self._by_name[section.name] = section

    def all(self) -> list[DigestSection]:
        return sorted(self._by_name.values(), key=lambda s: (s.order, s.name))

    def __len__(self) -> int:
        return len(self._by_name)
