"""A deterministic "translator" for the OpenAI stand-in: word-for-word replacement of the last user message.

Placeholders and formatting pass through untouched, like a well-behaved model; `drop` makes it lose some.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

ReplyFn = Callable[[dict[str, Any]], str]

JA_EN: dict[str, str] = {
    "本日の会議は": "Today's meeting is ",
    "中止です": "cancelled",
    "確認をお願いします": "please check",
    "資料は": "The materials are at ",
    "にあります": "",
    "重要": "Important",
    "注意": "Caution",
    "取消": "Withdrawn",
    "引用です": "A quote",
    "項目": "Item",
    "デジタル庁": "the Digital Agency",
    "が発表しました": " announced it",
}
EN_JA: dict[str, str] = {"The meeting is cancelled": "会議は中止です", "Please check": "確認してください"}


def source_text(body: Mapping[str, Any]) -> str:
    users = [m for m in body["messages"] if m["role"] == "user"]
    return str(users[0]["content"])  # the text to translate is always the first user message


def system_prompt(body: Mapping[str, Any]) -> str:
    return str(body["messages"][0]["content"])


def translator(table: Mapping[str, str] | None = None, *, drop: tuple[str, ...] = ()) -> ReplyFn:
    """Replace every known phrase (Japanese → English or English → Japanese, as the prompt asks)."""

    def reply(body: dict[str, Any]) -> str:
        into_english = "into English" in system_prompt(body)
        mapping = table or (JA_EN if into_english else EN_JA)
        text = source_text(body)
        for source, target in mapping.items():
            text = text.replace(source, target)
        for placeholder in drop:
            text = text.replace(placeholder, "")
        return text

    return reply
