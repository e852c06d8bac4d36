"""The one text normaliser: full-width and half-width input reads as what it means."""

from __future__ import annotations

from genai_bot.text import fold, nfkc


def test_nfkc_turns_full_width_into_ascii_and_half_width_kana_into_full_width() -> None:
    assert nfkc("ＡＢＣ１２３／－") == "ABC123/-"
    assert nfkc("ﾒｰﾙ") == "メール"
    assert nfkc(" 会議 ") == " 会議 "  # no trimming: names and pasted text keep their spaces


def test_fold_makes_words_comparable() -> None:
    assert fold(" ＮＯＴＩＣＥ\u3000") == "notice"
    assert fold("Help") == fold("ＨＥＬＰ") == "help"
    assert fold("ﾒｰﾙ") == "メール"
    assert fold("") == ""
