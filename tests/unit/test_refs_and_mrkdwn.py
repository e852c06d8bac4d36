"""Neutral references, and Slack's markup converted to and from them at the adapter's edge."""

from __future__ import annotations

import pytest

from genai_bot.messages import Actions, Button, Fields, Reply, Text
from genai_bot.refs import drop_leading_mentions, link, mention, person_ref, readable, room_link, room_ref, settled
from handlers.console.render import render_text
from handlers.slack.mrkdwn import to_markdown, to_mrkdwn, to_neutral
from handlers.slack.render import to_message


@pytest.mark.parametrize(
    ("slack", "neutral"),
    [
        ("<@U1> へ", "[@U1](person:U1) へ"),
        ("<@U1|tanaka>", "[@tanaka](person:U1)"),
        ("<#C1|general> で", "[#general](room:C1) で"),
        ("<#C1>", "[#C1](room:C1)"),
        ("<https://example.go.jp/a?b=1&amp;c=2|資料 [1]>", "[資料 \\[1\\]](https://example.go.jp/a?b=1&c=2)"),
        ("<https://example.go.jp>", "https://example.go.jp"),
        ("<mailto:a@b.jp|a@b.jp>", "a@b.jp"),
        ("<!here> <!channel> <!everyone> <!here|here>", "@here @channel @everyone @here"),
        ("<!subteam^S1|@soumu> と <!subteam^S2>", "@soumu と @subteam"),
        ("<!date^1392734382^{date}|Feb 18th>", "Feb 18th"),
        ("&lt;!channel&gt; A&amp;B &amp;lt;", "<!channel> A&B &lt;"),
    ],
)
def test_slack_markup_becomes_neutral_text(slack: str, neutral: str) -> None:
    assert to_neutral(slack) == neutral


def test_everything_is_escaped_and_only_references_become_slack_markup() -> None:
    text = (
        f"<!channel> <!subteam^S1> A&B {mention('U1', 'tanaka')} {room_link('C1', 'general')} "
        f"{link('https://x.example/a?b=1&c=2', '資料 <1>')} {room_link('C2')}"
    )
    assert to_mrkdwn(text) == (
        "&lt;!channel&gt; &lt;!subteam^S1&gt; A&amp;B <@U1> <#C1|general> "
        "<https://x.example/a?b=1&amp;c=2|資料 &lt;1&gt;> <#C2>"
    )
    assert to_markdown(f"<!here> {link('https://x.example', 'doc')} {mention('U1')}") == (
        "&lt;!here&gt; [doc](https://x.example) <@U1>"
    )


def test_slack_text_round_trips_through_neutral_text() -> None:
    slack = "<@U1> <#C1|general> <https://x.example/a|資料> &lt;b&gt; &amp;"
    assert to_mrkdwn(to_neutral(slack)) == slack


def test_every_part_of_a_slack_message_is_escaped() -> None:
    reply = Reply(
        blocks=[
            Text("<!channel> 会議"),
            Fields((("<!here>", f"<!everyone> {mention('U1')}"),)),
            Actions((Button(f"<!here> {mention('U1', 'tanaka')}", "genai:x", "v"),)),
        ]
    )
    message = to_message(reply)
    assert "<!" not in str(message)
    assert message["blocks"][0]["text"]["text"] == "&lt;!channel&gt; 会議"
    assert message["blocks"][1]["fields"][0]["text"] == "*&lt;!here&gt;*\n&lt;!everyone&gt; <@U1>"
    assert message["blocks"][2]["elements"][0]["text"]["text"] == "<\u2060!here> @tanaka"  # as words
    assert message["text"].startswith("&lt;!channel&gt; 会議")


def test_long_text_is_never_cut_inside_a_mention_or_an_escape() -> None:
    text = "あ" * 2998 + mention("U12345") + "い" * 10
    chunks = [b["text"]["text"] for b in to_message(Reply.text(text))["blocks"]]
    assert chunks[1].startswith("<@U12345>")
    chunks = [b["text"]["text"] for b in to_message(Reply.text("あ" * 2998 + "&" + "い"))["blocks"]]
    assert chunks[1].startswith("&amp;")


def test_the_console_shows_references_as_words() -> None:
    reply = Reply(blocks=[Text(f"{mention('alice')} {room_link('C-test')} {link('https://x.example', 'doc')}")])
    assert render_text(reply) == "@alice #C-test doc (https://x.example)"


def test_references_are_parsed_whole_and_typed_names_count_on_the_console() -> None:
    assert person_ref(mention("U1", "田中 太郎")) == "U1" and person_ref("@alice") == "alice"
    assert person_ref("＠U-test") == "U-test" and person_ref("a@b.jp") is None
    assert person_ref(room_link("C1")) is None and person_ref(mention("U1") + "x") is None
    assert room_ref(room_link("C1", "general")) == "C1" and room_ref("#general") is None
    assert drop_leading_mentions(f" {mention('UBOT')} {mention('U2')} 要約") == "要約"
    assert readable(f"{link('mailto:a@b.jp', 'a@b.jp')}") == "a@b.jp"


@pytest.mark.parametrize(
    ("streamed", "ready"),
    [
        ("abc [", "abc "),
        ("abc [@ta", "abc "),
        ("abc [@tanaka](person:U", "abc "),
        ("abc [@tanaka](person:U1)", "abc [@tanaka](person:U1)"),
        ("abc [注] です", "abc [注] です"),
        ("abc [注\nです", "abc [注\nです"),
    ],
)
def test_streaming_text_is_held_back_only_inside_an_unfinished_reference(streamed: str, ready: str) -> None:
    assert settled(streamed) == ready


def test_an_id_that_smuggles_markup_is_never_rendered_as_markup() -> None:
    from handlers.slack.mrkdwn import to_mrkdwn

    for typed in ("[x](person:U1><!channel)", "[x](room:C1|<!here>)", "[x](person:u1!channel)"):
        assert "<!" not in to_mrkdwn(typed)
    assert to_mrkdwn("[@alice](person:alice)") == "@alice"  # not a Slack id: words
    assert to_mrkdwn("[@tanaka](person:U1)") == "<@U1>"  # a skill's deliberate mention still works
