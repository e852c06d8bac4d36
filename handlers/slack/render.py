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

_SECTION_LIMIT = 3000  # characters of mrkdwn per section block
_FIELDS_LIMIT = 10  # fields per section block


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
            chunks = _chunks(to_mrkdwn(block.markdown), _SECTION_LIMIT)
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


def to_message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / respond(): blocks plus a plain-text fallback."""
    text = to_mrkdwn(reply.plain_text)
    return {
        "text": text[: _safe_cut(text, 3000)] if len(text) > 3000 else text,
        "blocks": [b.to_dict() for b in to_blocks(reply)],
    }


def home_view(title: str, reply: Reply) -> dict[str, Any]:
    """The App Home tab: a header and the command overview."""
    view = View(type="home", blocks=[HeaderBlock(text=to_plain(title)), *to_blocks(reply)])
    return view.to_dict()
