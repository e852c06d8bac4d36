"""A platform-neutral message vocabulary, translated once at each adapter's edge.

Incoming: who (`Person`), where (`Room`). Outgoing: a `Reply` made of a few block kinds that every adapter can
render (Slack Block Kit, plain console text). Skills return these and never see a platform payload.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from genai_bot.i18n import Lang


@dataclass(frozen=True)
class Person:
    platform: str
    team_id: str
    user_id: str
    name: str | None = None
    lang: Lang = "ja"
    timezone: str = "Asia/Tokyo"
    organisation: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.team_id}:{self.user_id}"


@dataclass(frozen=True)
class Room:
    platform: str
    channel_id: str
    thread_id: str | None = None
    is_direct: bool = False


@dataclass(frozen=True)
class Text:
    """A paragraph of lightweight markup (*bold*, `code`, bullet lines)."""

    markdown: str


@dataclass(frozen=True)
class Fields:
    """Label/value pairs, shown side by side where the platform can."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    value: str = ""
    style: Literal["primary", "danger"] | None = None


@dataclass(frozen=True)
class Actions:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Divider:
    pass


Block = Text | Fields | Actions | Divider


@dataclass(frozen=True)
class FeedbackOffer:
    """👍/👎 for an AI answer (genai_bot.feedback): `buttons` where the platform shows them (under the answer, or
    after it when it was streamed), else the line `typed` saying what to type. Not part of the answer's text."""

    ref: str
    buttons: Actions
    typed: str


@dataclass(frozen=True)
class Choice:
    label: str
    value: str


@dataclass(frozen=True)
class FormField:
    """One input of a form. `kind`: text, multiline, date (YYYY-MM-DD), number, users (platform user ids,
    comma-separated in the submitted value), select (one of `choices`)."""

    name: str
    label: str
    kind: Literal["text", "multiline", "date", "number", "users", "select"] = "text"
    required: bool = True
    initial: str | None = None
    placeholder: str | None = None
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Form:
    """A form the adapter shows where it can (a Slack modal). On submit the adapter runs `/genai <command>`
    with the submitted values in `ctx.extra` (field name → string). Adapters without forms show the reply's
    text blocks instead, so a skill returning a Form also gives the equivalent typed command there."""

    title: str
    submit_label: str
    command: str
    fields: tuple[FormField, ...]


@dataclass
class Reply:
    """What a command returns. `ephemeral` replies are shown to the caller only."""

    blocks: list[Block] = field(default_factory=list)
    ephemeral: bool = True
    is_error: bool = False
    already_sent: bool = False
    """The skill already showed its answer (e.g. streamed it through `ctx.chat`): the adapter posts nothing."""
    form: Form | None = None
    """Open this form (Slack modal) instead of, or besides, posting the blocks."""
    field_errors: dict[str, str] = field(default_factory=dict)
    """For a submitted form: field name → message, shown next to the field."""
    update_message_id: str | None = None
    """Replace this earlier message (e.g. a poll tally) instead of posting a new one, where possible."""
    feedback: FeedbackOffer | None = None
    """The answer was written by the AI: adapters show its 👍/👎 (see FeedbackOffer)."""

    @classmethod
    def text(cls, markdown: str, *, ephemeral: bool = True, is_error: bool = False) -> Reply:
        return cls(blocks=[Text(markdown)], ephemeral=ephemeral, is_error=is_error)

    @property
    def plain_text(self) -> str:
        """The reply flattened to text (console output, Slack notification fallback)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Text):
                out.append(block.markdown)
            elif isinstance(block, Fields):
                out.extend(f"{label}: {value}" for label, value in block.pairs)
            elif isinstance(block, Actions):
                out.append(" ".join(f"[{b.label}]" for b in block.buttons))
            else:
                out.append("---")
        return "\n".join(out)


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    """A JSON-safe form of a Reply, for durable rows (the outbox)."""
    return {
        "ephemeral": reply.ephemeral,
        "is_error": reply.is_error,
        "blocks": [{"kind": type(b).__name__, **asdict(b)} for b in reply.blocks],
    }


def reply_from_dict(data: dict[str, Any]) -> Reply:
    blocks: list[Block] = []
    for raw in data.get("blocks", []):
        kind = raw.get("kind")
        if kind == "Text":
            blocks.append(Text(raw["markdown"]))
        elif kind == "Fields":
            blocks.append(Fields(tuple((str(a), str(b)) for a, b in raw["pairs"])))
        elif kind == "Actions":
            blocks.append(Actions(tuple(Button(**b) for b in raw["buttons"])))
        elif kind == "Divider":
            blocks.append(Divider())
    return Reply(blocks=blocks, ephemeral=bool(data.get("ephemeral", False)), is_error=bool(data.get("is_error")))
