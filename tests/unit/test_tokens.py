"""The one token estimate: Japanese ≈ a token per character, English ≈ four characters per token."""

from __future__ import annotations

from genai_bot.tokens import (
    MESSAGE_OVERHEAD_TOKENS,
    chunk_by_tokens,
    estimate_message_tokens,
    estimate_tokens,
    truncate_to_tokens,
)


def test_japanese_counts_about_a_token_per_character() -> None:
    assert estimate_tokens("予算委員会の資料") == 8
    assert estimate_tokens("会議の資料を明日までに送ってください。") == 19
    assert estimate_tokens("ＡＢＣ、。") == 5  # full-width forms and punctuation count as characters


def test_english_counts_about_four_characters_per_token() -> None:
    assert estimate_tokens("budget committee papers") == 6  # 21 letters / 4, rounded up
    assert estimate_tokens("please send the minutes") == 5
    line = "The committee will meet on Tuesday to review the budget for next year."
    assert 14 <= estimate_tokens(line) <= 18  # a BPE tokenizer: 14 (13 words and the stop)


def test_short_words_and_symbols_count_at_least_one_token_each() -> None:
    assert estimate_tokens("a b c d e") == 5
    assert estimate_tokens("https://example.com/a/b/c") == 7  # not one token per slash


def test_mixed_text_adds_both_and_empty_text_is_free() -> None:
    assert estimate_tokens("明日 review を お願い") == 6 + 2
    assert estimate_tokens("") == 0
    assert estimate_tokens("   \n") == 0


def test_a_chat_message_carries_framing() -> None:
    assert estimate_message_tokens("質問です") == 4 + MESSAGE_OVERHEAD_TOKENS


def test_chunks_stay_within_the_budget_and_keep_order() -> None:
    lines = [f"[m{i}] 田中: 予算の資料を確認しました" for i in range(100)]
    chunks = chunk_by_tokens(lines, 200)
    assert len(chunks) > 1
    assert [line for chunk in chunks for line in chunk] == lines
    assert all(sum(estimate_tokens(x) + 1 for x in chunk) <= 200 for chunk in chunks)


def test_an_oversize_text_gets_a_chunk_of_its_own() -> None:
    chunks = chunk_by_tokens(["short", "長" * 500, "short"], 100)
    assert [len(c) for c in chunks] == [1, 1, 1]


def test_truncation_keeps_the_start_and_marks_the_cut() -> None:
    text = "あ" * 3000
    cut = truncate_to_tokens(text, 1500)
    assert cut.endswith("…") and estimate_tokens(cut) <= 1500 and cut.startswith("あああ")
    assert truncate_to_tokens("short", 100) == "short"
    english = "word " * 1000
    cut = truncate_to_tokens(english, 100)
    assert estimate_tokens(cut) <= 100 and len(cut) > 300
