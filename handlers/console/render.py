"""Reply → readable terminal text."""

from __future__ import annotations

import re
import unicodedata

from genai_bot.messages import Actions, Divider, Fields, Reply, Text

_BOLD = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")


def _width(text: str) -> int:
    """Columns on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def render_text(reply: Reply) -> str:
    lines: list[str] = []
    for block in reply.blocks:
        if isinstance(block, Text):
            lines.append(_BOLD.sub(r"\1", block.markdown))
        elif isinstance(block, Fields):
            width = max((_width(label) for label, _ in block.pairs), default=0)
            lines.extend(f"  {label}{' ' * (width - _width(label))}  {value}" for label, value in block.pairs)
        elif isinstance(block, Actions):
            lines.append("  " + "  ".join(f"[{b.label}]" for b in block.buttons))
        elif isinstance(block, Divider):
            lines.append("-" * 40)
    text = "\n".join(lines)
    return f"! {text}" if reply.is_error else text
