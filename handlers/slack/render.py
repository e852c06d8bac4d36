"""Reply → Slack Block Kit (slack_sdk models). The only place that knows Slack's block shapes.

Every text goes through `handlers.slack.mrkdwn`: escaped, with the skills' neutral references rendered as Slack
mentions and links, so only the bot's deliberate mentions can notify anyone."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from genai_bot.messages import Actions, Divider, Fields, Reply, Text
from handlers.slack.mrkdwn import to_mrkdwn, to_plain

__all__ = [
    "MESSAGE_BLOCKS",
    "MESSAGE_CHARS",
    "SECTION_CHARS",
    "action_verb",
    "home_view",
    "to_blocks",
    "to_message",
    "to_messages",
    "truncate",
]

SECTION_CHARS = 3000  # characters of mrkdwn per section block
MESSAGE_BLOCKS = 50  # blocks per message
MESSAGE_CHARS = 40_000  # characters of text per message: its blocks and its notification fallback together
_FIELDS_LIMIT = 10  # fields per section block
_FALLBACK_CHARS = 3000  # the notification fallback (`text`) of a message


def _safe_cut(text: str, size: int) -> int:
    """A cut at or before `size` that splits no `<…>` mention/link and no `&…;` escape."""
    cut = size
    opened, closed = text.rfind("<", 0, cut), text.rfind(">", 0, cut)
    if opened > closed and opened > 0:
        cut = opened
    amp = text.rfind("&", max(0, cut - 5), cut)
    if amp > 0 and ";" not in text[amp:cut]:
        cut = amp
    return cut


def _chunks(text: str, size: int) -> list[str]:
    out: list[str] = []
    while len(text) > size:
        cut = text.rfind("\n", 0, size)
        cut = cut if cut > 0 else _safe_cut(text, size)
        out.append(text[:cut])
        text = text[cut:].lstrip("\n")
    out.append(text)
    return out


def _unique(action_id: str, used: dict[str, int]) -> str:
    """Slack refuses repeated action_ids in one message: the 2nd, 3rd… get `#2`, `#3` (stripped on click)."""
    used[action_id] = used.get(action_id, 0) + 1
    return action_id if used[action_id] == 1 else f"{action_id}#{used[action_id]}"


def action_verb(action_id: str) -> str:
    """'genai:committee#3' → 'committee'."""
    return action_id.split(":", 1)[1].split("#", 1)[0]


def to_blocks(reply: Reply) -> list[Block]:
    blocks: list[Block] = []
    used: dict[str, int] = {}
    for block in reply.blocks:
        if isinstance(block, Text):
            chunks = _chunks(to_mrkdwn(block.markdown), SECTION_CHARS)
            blocks.extend(SectionBlock(text=MarkdownTextObject(text=c)) for c in chunks)
        elif isinstance(block, Fields):
            pairs = [
                MarkdownTextObject(text=f"*{to_mrkdwn(label)}*\n{to_mrkdwn(value)}") for label, value in block.pairs
            ]
            for i in range(0, len(pairs), _FIELDS_LIMIT):
                blocks.append(SectionBlock(fields=pairs[i : i + _FIELDS_LIMIT]))
        elif isinstance(block, Actions):
            buttons = [
                ButtonElement(
                    text=to_plain(b.label), action_id=_unique(b.action_id, used), value=b.value or None, style=b.style
                )
                for b in block.buttons
            ]
            blocks.append(ActionsBlock(elements=buttons))
        elif isinstance(block, Divider):
            blocks.append(DividerBlock())
    return blocks


def truncate(text: str, size: int) -> str:
    """Mrkdwn cut to at most `size` characters, never inside a mention, a link or an escape."""
    return text[: _safe_cut(text, size)] if len(text) > size else text


def _fallback(text: str) -> str:
    return truncate(text, _FALLBACK_CHARS)


def to_message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / respond(): blocks plus a plain-text fallback. One message, as
    long as the reply is: for a reply of any length use `to_messages`."""
    return {"text": _fallback(to_mrkdwn(reply.plain_text)), "blocks": [b.to_dict() for b in to_blocks(reply)]}


def to_messages(reply: Reply, *, max_messages: int | None = None) -> list[dict[str, Any]]:
    """The reply as messages that each fit Slack's limits (at most MESSAGE_BLOCKS blocks and MESSAGE_CHARS
    characters of text, SECTION_CHARS per section), in order: the first is the answer, the rest continue it
    (post them in its thread). A reply that fits is exactly `[to_message(reply)]`. Past `max_messages` the
    last message ends with "…" and the rest is left out."""
    blocks = [b.to_dict() for b in to_blocks(reply)]
    budget = MESSAGE_CHARS - _FALLBACK_CHARS
    parts: list[list[dict[str, Any]]] = [[]]
    size = 0
    for block in blocks:
        chars = _text_chars(block)
        if parts[-1] and (len(parts[-1]) >= MESSAGE_BLOCKS or size + chars > budget):
            parts.append([])
            size = 0
        parts[-1].append(block)
        size += chars
    if len(parts) == 1:
        return [to_message(reply)]
    if max_messages is not None and len(parts) > max_messages:
        parts = parts[: max(1, max_messages)]
        last = parts[-1]
        if len(last) >= MESSAGE_BLOCKS:
            last.pop()
        last.append(SectionBlock(text=MarkdownTextObject(text="…")).to_dict())
    return [{"text": _fallback("\n".join(_texts(part))), "blocks": part} for part in parts]


def _texts(value: Any) -> list[str]:
    """Every text a block shows (section text and fields, button labels), in order."""
    if isinstance(value, dict):
        if value.get("type") in ("mrkdwn", "plain_text") and isinstance(value.get("text"), str):
            return [value["text"]]
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _text_chars(block: dict[str, Any]) -> int:
    return sum(len(t) for t in _texts(block))


def home_view(title: str, reply: Reply) -> dict[str, Any]:
    """The App Home tab: a header and the command overview."""
    view = View(type="home", blocks=[HeaderBlock(text=to_plain(title)), *to_blocks(reply)])
    return view.to_dict()
