"""Reply → readable terminal text: references as `@alice`, `#channel`, `label (url)`."""

from __future__ import annotations

import re
import unicodedata

from genai_bot.messages import Actions, Divider, Fields, Reply, Text
from genai_bot.refs import readable

_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")


def _width(text: str) -> int:
    """Columns on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_text(reply: Reply) -> str:
    lines: list[str] = []
    for block in reply.blocks:
        if isinstance(block, Text):
            lines.append(_BOLD.sub(r"\1", readable(block.markdown)))
        elif isinstance(block, Fields):
            pairs = [(readable(label), readable(value)) for label, value in block.pairs]
            width = max((_width(label) for label, _ in pairs), default=0)
            lines.extend(f"  {label}{' ' * (width - _width(label))}  {value}" for label, value in pairs)
        elif isinstance(block, Actions):
            lines.append("  " + "  ".join(f"[{readable(b.label)}]" for b in block.buttons))
        elif isinstance(block, Divider):
            lines.append("-" * 40)
    text = "\n".join(lines)
    return f"! {text}" if reply.is_error else text
