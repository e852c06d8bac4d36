"""Reading the model's answer forgivingly, and rendering it with sections and sources."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import partial
from zoneinfo import ZoneInfo

from genai_bot.chat import ChatMessage
from genai_bot.i18n import t
from genai_bot.messages import Reply
from handlers.console.render import render_text
from handlers.slack.render import to_message
from skills.summarize.render import SourceRenderer, cited_refs, format_due, summary_blocks
from skills.summarize.result import parse_summary
from skills.summarize.transcript import Entry

JST = ZoneInfo("Asia/Tokyo")
ANSWER = {
    "key_points": [{"text": "予算資料の提出期限が決まった", "sources": ["m1"]}],
    "decisions": [{"text": "12月5日までに総務課へ提出", "sources": ["m1", "m2"]}],
    "action_items": [{"owner": "鈴木", "task": "会場を予約する", "due": "2026-12-04", "sources": ["m2"]}],
}


def entries() -> dict[str, Entry]:
    first = ChatMessage(id="1.1", author_id="U1", text="x", at=datetime(2026, 12, 1, 1, 5, tzinfo=UTC))
    second = ChatMessage(id="1.2", author_id="U2", text="y", at=datetime(2026, 12, 1, 2, 30, tzinfo=UTC))
    return {"m1": Entry("m1", first, "田中", "x"), "m2": Entry("m2", second, "鈴木", "y")}


def renderer(lang: str = "ja", links: dict[str, str | None] | None = None) -> SourceRenderer:
    return SourceRenderer(t=partial(t, lang), tz=JST, by_ref=entries(), links=links or {}, with_date=False)


def test_a_clean_json_answer_is_read() -> None:
    summary = parse_summary(json.dumps(ANSWER, ensure_ascii=False))
    assert summary is not None
    assert summary.decisions[0].sources == ["m1", "m2"]
    assert summary.action_items[0].owner == "鈴木" and summary.action_items[0].due == "2026-12-04"


def test_fences_prose_and_loose_shapes_are_accepted() -> None:
    answer = (
        "Here is the summary:\n```json\n"
        '{"key_points": ["予算は据え置き"], "decisions": [{"decision": "来週再協議", "source": "m3, m4"}],'
        ' "actions": [{"assignee": "田中", "action": "議事録作成", "deadline": null, "sources": [5]},'
        ' {"task": "会場予約", "owner": "未定"}]}\n```'
    )
    summary = parse_summary(answer)
    assert summary is not None
    assert summary.key_points[0].text == "予算は据え置き" and summary.key_points[0].sources == []
    assert summary.decisions[0].text == "来週再協議" and summary.decisions[0].sources == ["m3", "m4"]
    assert summary.action_items[0].owner == "田中" and summary.action_items[0].due is None
    assert summary.action_items[0].sources == ["m5"]
    assert summary.action_items[1].owner is None  # "未定" means nobody yet


def test_answers_without_a_summary_object_are_not_guessed_at() -> None:
    assert parse_summary("会議では予算について話し合いました。") is None
    assert parse_summary('{"answer": "something else"}') is None
    assert parse_summary('{"key_points": [unterminated') is None
    assert parse_summary('{"key_points": 5}') is None


def test_sections_cite_sources_by_time_and_author_with_links_where_available() -> None:
    summary = parse_summary(json.dumps(ANSWER, ensure_ascii=False))
    assert summary is not None
    links: dict[str, str | None] = {"1.1": "https://chat.example/p11", "1.2": None}
    reply = Reply(blocks=summary_blocks(summary, renderer(links=links)))
    assert "（<https://chat.example/p11|10:05 田中>）" in to_message(reply)["text"]  # a link in Slack
    assert render_text(reply).splitlines() == [
        "要点",
        "• 予算資料の提出期限が決まった（10:05 田中 (https://chat.example/p11)）",
        "決定事項",
        "• 12月5日までに総務課へ提出（10:05 田中 (https://chat.example/p11)、11:30 鈴木）",
        "アクションアイテム",
        "• 鈴木：会場を予約する（期限: 12/4（金））（11:30 鈴木）",
    ]


def test_english_headings_and_empty_sections_say_none() -> None:
    summary = parse_summary('{"key_points": [{"text": "Budget unchanged", "sources": ["m9"]}], "decisions": []}')
    assert summary is not None
    text = render_text(Reply(blocks=summary_blocks(summary, renderer("en"))))
    assert text.splitlines() == ["Key points", "• Budget unchanged", "Decisions", "• none", "Action items", "• none"]


def test_only_known_sources_are_cited_and_looked_up() -> None:
    summary = parse_summary('{"key_points": [{"text": "a", "sources": ["m99", "m2", "m1", "m2"]}]}')
    assert summary is not None
    assert cited_refs(summary, entries()) == ["m2", "m1"]


def test_due_dates_are_shown_with_the_weekday_in_the_users_language() -> None:
    assert format_due("2026-12-04", partial(t, "ja")) == "12/4（金）"
    assert format_due("2026-12-04", partial(t, "en")) == "Fri 12/4"
    assert format_due("来週中", partial(t, "ja")) == "来週中"
    assert format_due("2026-13-40", partial(t, "ja")) == "2026-13-40"
