"""Every Slack message stays within Slack's limits, however long the answer: 50 blocks, 3,000 characters per section,
40,000 characters of text; a longer reply continues in more messages, in order."""

from __future__ import annotations

from typing import Any

from genai_bot.messages import Actions, Button, Fields, Reply, Text
from handlers.slack.render import MESSAGE_BLOCKS, MESSAGE_CHARS, SECTION_CHARS, to_message, to_messages


def _texts(message: dict[str, Any]) -> list[str]:
    out = []
    for block in message["blocks"]:
        if block["type"] == "section":
            out.extend([block["text"]["text"]] if "text" in block else [f["text"] for f in block["fields"]])
    return out


def _within_limits(message: dict[str, Any]) -> None:
    assert len(message["blocks"]) <= MESSAGE_BLOCKS
    assert all(len(text) <= SECTION_CHARS for text in _texts(message))
    assert len(message["text"]) + sum(len(text) for text in _texts(message)) <= MESSAGE_CHARS


def test_a_reply_that_fits_is_one_message_as_before() -> None:
    reply = Reply.text("短い答え")
    assert to_messages(reply) == [to_message(reply)]


def test_a_huge_answer_is_split_into_messages_within_limits_keeping_every_line_in_order() -> None:
    lines = [f"行 {i:05d} " + "あ" * 90 for i in range(5000)]  # ~ 500,000 characters
    messages = to_messages(Reply.text("\n".join(lines)))
    assert len(messages) > 10
    for message in messages:
        _within_limits(message)
    shown = "\n".join(text for message in messages for text in _texts(message))
    assert [line.split()[1] for line in shown.splitlines()] == [f"{i:05d}" for i in range(5000)]


def test_many_small_blocks_are_split_at_fifty_per_message_and_buttons_stay_last() -> None:
    blocks = [Text(f"item {i}") for i in range(120)]
    reply = Reply(blocks=[*blocks, Actions((Button("再試行", "genai:summarize", "--retry 1"),))])
    messages = to_messages(reply)
    assert [len(m["blocks"]) for m in messages] == [50, 50, 21]
    assert messages[-1]["blocks"][-1]["type"] == "actions"
    assert messages[1]["text"].startswith("item 50")  # each message's own notification text


def test_fields_count_towards_the_text_of_a_message() -> None:
    pairs = tuple((f"k{i}", "い" * 1900) for i in range(60))
    messages = to_messages(Reply(blocks=[Fields(pairs)]))
    assert len(messages) > 1
    for message in messages:
        _within_limits(message)


def test_past_the_cap_the_last_message_ends_with_an_ellipsis() -> None:
    reply = Reply(blocks=[Text(f"item {i}") for i in range(500)])
    messages = to_messages(reply, max_messages=3)
    assert len(messages) == 3
    assert len(messages[-1]["blocks"]) == MESSAGE_BLOCKS and messages[-1]["blocks"][-1]["text"]["text"] == "…"
