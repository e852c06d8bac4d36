"""Reading committee commands: tokens, options, mentions, e-mails, roles and answers, full-width included."""

from __future__ import annotations

import pytest

from genai_bot.errors import UserFacingError
from genai_bot.refs import link, mention, room_link
from skills.committee.text import (
    Option,
    answer_of,
    channel_of,
    email_of,
    mentioned_user,
    number_of,
    parse_options,
    role_of,
    split_head,
    tokenize,
)

OPTIONS = (Option("duration", ("時間",)), Option("lunch", ("昼休み",), takes_value=False))


def test_tokens_keep_quoted_names_and_references_with_spaces_whole() -> None:
    person, mail = mention("U123", "田中 太郎"), link("mailto:a@b.jp", "a b")
    text = f'予算委員会\u3000{person} 「外部 委員」 "Budget Review" {mail}'
    assert tokenize(text) == ["予算委員会", person, "外部 委員", "Budget Review", mail]


def test_split_head_keeps_pasted_notes_exactly_as_typed() -> None:
    head, rest = split_head("5  議題１：予算（案）\n  ① 了承", 1)
    assert head == ["5"] and rest == "議題１：予算（案）\n  ① 了承"
    head, rest = split_head("「第1回 会議」 メモ", 1)
    assert head == ["第1回 会議"] and rest == "メモ"


@pytest.mark.parametrize("dash", ["--", "—", "－－", "––"])
def test_options_accept_full_width_and_autocorrected_dashes(dash: str) -> None:
    parsed = parse_options(["委員会", f"{dash}duration", "90", f"{dash}昼休み"], OPTIONS)
    assert parsed.positionals == ["委員会"]
    assert parsed.get("duration") == "90" and parsed.has("lunch")


def test_option_alias_and_inline_value() -> None:
    parsed = parse_options(["--時間=１２０"], OPTIONS)
    assert parsed.get("duration") == "120"


def test_unknown_option_and_missing_value_are_user_errors() -> None:
    with pytest.raises(UserFacingError) as unknown:
        parse_options(["--colour", "red"], OPTIONS)
    assert unknown.value.message_key == "committee.error.unknown_option" and unknown.value.args_["option"] == "--colour"
    with pytest.raises(UserFacingError) as missing:
        parse_options(["--duration"], OPTIONS)
    assert missing.value.message_key == "committee.error.option_needs_value"


def test_mentions_emails_and_channels() -> None:
    assert mentioned_user(mention("U0ABC", "tanaka")) == "U0ABC"
    assert mentioned_user(mention("U0ABC")) == "U0ABC"
    assert mentioned_user("@alice") == "alice"
    assert mentioned_user(room_link("C1")) is None
    assert mentioned_user("＠U-test") == "U-test"
    assert mentioned_user("a@b.jp") is None
    assert email_of("Yamada@Example.AC.JP") == "yamada@example.ac.jp"
    assert email_of(link("mailto:yamada@example.ac.jp", "山田")) == "yamada@example.ac.jp"
    assert email_of("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ") == "yamada@example.jp"
    assert email_of("yamada@") is None
    assert channel_of(room_link("C123", "general"), "C9") == "C123"
    assert channel_of("ここ", "C9") == "C9" and channel_of("HERE", "C9") == "C9"
    assert channel_of("somewhere", "C9") is None


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("委員長", "chair"),
        ("Chair", "chair"),
        ("事務局", "secretariat"),
        ("オブザーバー", "observer"),
        ("委員", "member"),
        ("boss", None),
    ],
)
def test_roles_in_japanese_and_english(word: str, role: str | None) -> None:
    assert role_of(word) == role


@pytest.mark.parametrize(
    ("word", "answer"),
    [
        ("○", "yes"),
        ("◯", "yes"),
        ("yes", "yes"),
        ("△", "maybe"),
        ("？", "maybe"),
        ("×", "no"),
        ("ｘ", "no"),
        ("no", "no"),
        ("maybe?", None),
    ],
)
def test_answers_as_marks_or_words(word: str, answer: str | None) -> None:
    assert answer_of(word) == answer


def test_numbers_written_in_various_ways() -> None:
    assert [number_of(w) for w in ("3", "#3", "３", "第3回", "abc")] == [3, 3, 3, 3, None]
