"""Rendering a Reply for Slack (Block Kit) and for the console."""

from __future__ import annotations

from genai_bot.messages import Actions, Button, Divider, Fields, Reply, Text
from handlers.console.render import _width, render_text
from handlers.slack.render import to_message


def test_long_text_is_split_into_sections_within_slacks_limit() -> None:
    reply = Reply(blocks=[Text("\n".join(f"行 {i} " + "あ" * 50 for i in range(200)))])
    blocks = to_message(reply)["blocks"]
    assert len(blocks) > 1
    assert all(b["type"] == "section" and len(b["text"]["text"]) <= 3000 for b in blocks)
    assert "".join(b["text"]["text"] for b in blocks).count("行 ") == 200


def test_fields_buttons_and_divider_become_block_kit() -> None:
    reply = Reply(
        blocks=[
            Fields(tuple((f"k{i}", f"v{i}") for i in range(12))),
            Divider(),
            Actions((Button("Retry", "genai:summarize", "since 2h", style="primary"),)),
        ]
    )
    message = to_message(reply)
    kinds = [b["type"] for b in message["blocks"]]
    assert kinds == ["section", "section", "divider", "actions"]  # 12 fields → 10 + 2
    button = message["blocks"][-1]["elements"][0]
    assert button["action_id"] == "genai:summarize" and button["value"] == "since 2h"
    assert message["text"].startswith("k0: v0")  # notification fallback


def test_console_aligns_japanese_labels_and_marks_errors() -> None:
    text = render_text(Reply(blocks=[Fields((("バージョン", "0.1"), ("LLM", "未設定")))]))
    first, second = text.splitlines()
    # both values start in the same terminal column (katakana take two columns each)
    assert _width(first[: first.index("0.1")]) == _width(second[: second.index("未設定")]) == 14
    assert render_text(Reply.text("*bad*", is_error=True)) == "! bad"


def test_repeated_action_ids_are_made_unique_and_map_back_to_the_verb() -> None:
    from handlers.slack.render import action_verb

    row = Actions(
        tuple(
            Button(mark, "genai:committee", f"vote 1 1 {v}") for mark, v in (("○", "yes"), ("△", "maybe"), ("×", "no"))
        )
    )
    blocks = to_message(Reply(blocks=[row, row]))["blocks"]
    ids = [e["action_id"] for b in blocks for e in b["elements"]]
    assert len(set(ids)) == 6 and ids[0] == "genai:committee"
    assert {action_verb(i) for i in ids} == {"committee"}
