"""Text handling of the summarize skill: token estimates and chunks, sentence splitting, extractive choice,
chat markup cleaning and which messages are skipped."""

from __future__ import annotations

from datetime import UTC, datetime

from genai_bot.chat import ChatMessage
from genai_bot.refs import link, mention, room_link
from skills.summarize.extractive import key_sentences, split_sentences
from skills.summarize.transcript import Entry, clean_text, is_summarize_command, keep

AT = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def entry(number: int, text: str, author: str = "田中") -> Entry:
    message = ChatMessage(id=f"{number}.0", author_id="U1", text=text, at=AT)
    return Entry(f"m{number}", message, author, text)


# --- sentences --------------------------------------------------------------------------------------------
def test_japanese_sentences_split_at_full_stops_but_not_inside_brackets() -> None:
    text = "会議は10時からです。田中さんは「資料は明日。会場は第3会議室」と言いました！本当？？了解"
    assert split_sentences(text) == [
        "会議は10時からです。",
        "田中さんは「資料は明日。会場は第3会議室」と言いました！",
        "本当？？",
        "了解",
    ]


def test_english_sentences_split_at_periods_followed_by_space_not_in_numbers_or_urls() -> None:
    text = "Version 3.5 is out. See https://example.go.jp/a.html for details! Done"
    assert split_sentences(text) == ["Version 3.5 is out.", "See https://example.go.jp/a.html for details!", "Done"]


def test_line_breaks_end_sentences_and_an_unclosed_bracket_does_not_swallow_the_rest() -> None:
    assert split_sentences("議題（予算\n次の議題です") == ["議題（予算", "次の議題です"]


def test_extractive_summary_prefers_substantive_sentences_over_small_talk() -> None:
    entries = [
        entry(1, "おはようございます"),
        entry(2, "来年度予算の資料は12月5日までに総務課へ提出することに決まりました。"),
        entry(3, "了解です。ありがとうございます。"),
        entry(4, "予算資料の様式は昨年度と同じです。"),
        entry(5, "よろしくお願いします"),
        entry(6, "会場の予約は鈴木さんが担当します。"),
        entry(7, "承知しました"),
    ]
    chosen = key_sentences(entries, limit=3)
    assert [c.entry.ref for c in chosen] == ["m2", "m4", "m6"]  # greetings and thanks are left out
    assert chosen[0].text == "来年度予算の資料は12月5日までに総務課へ提出することに決まりました。"


def test_extractive_summary_keeps_chronological_order_and_skips_duplicates() -> None:
    entries = [entry(i, f"予算案の第{i}章について修正が必要です。予算案を確認してください。") for i in range(1, 6)]
    entries.append(entry(6, "予算案の第1章について修正が必要です。"))
    chosen = key_sentences(entries)
    refs = [int(c.entry.ref[1:]) for c in chosen]
    assert refs == sorted(refs)
    assert len({c.text for c in chosen}) == len(chosen)


def test_short_messages_only_are_listed_as_written_rather_than_as_nothing() -> None:
    assert [c.text for c in key_sentences([entry(1, "了解"), entry(2, "OK")])] == ["了解", "OK"]
    assert [c.text for c in key_sentences([entry(1, "明日休みます")])] == ["明日休みます"]  # a one-message channel
    assert key_sentences([entry(1, "  ")]) == []


# --- references and skipped messages --------------------------------------------------------------------
def test_people_rooms_and_links_become_plain_words() -> None:
    names = {"U1": "田中", "U2": "鈴木"}
    text = (
        f"{mention('U1')} と {mention('U2', 'suzuki')} へ: {room_link('C9', 'general')} の "
        f"{link('https://example.go.jp/a', '資料')} を確認 @here <重要> A&B "
        f"{link('mailto:a@example.go.jp', '窓口')} {mention('U3')}"
    )
    assert clean_text(text, names) == (
        "@田中 と @suzuki へ: #general の 資料 (https://example.go.jp/a) を確認 @here <重要> A&B "
        "窓口 (a@example.go.jp) @U3"
    )


def test_bots_notices_and_commands_to_the_bot_are_skipped() -> None:
    def message(text: str, **kw: object) -> ChatMessage:
        return ChatMessage(id="1.0", author_id="U1", text=text, at=AT, **kw)  # type: ignore[arg-type]

    assert keep(message("予算の件です"))
    assert keep(message("要約すると、予算は据え置きです"))  # talk about a summary is not a command
    assert not keep(message("bot says hi", is_bot=True))
    assert not keep(message(f"{mention('U1')} has joined the channel", subtype="channel_join"))
    assert not keep(message("   "))
    assert is_summarize_command("/genai summarize --since 2h")
    assert is_summarize_command("／ｇｅｎａｉ 要約")
    assert is_summarize_command(f"{mention('UBOT')} summarize")
    assert is_summarize_command(f"{mention('UBOT')} 要約 今日")
    assert not is_summarize_command(f"{mention('U2')} 要約をお願いしたいのですが、明日でいいですか")
