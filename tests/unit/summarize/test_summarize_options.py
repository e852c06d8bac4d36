"""The arguments of /genai summarize, typed every way people type them."""

from __future__ import annotations

import pytest

from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from skills.summarize.options import SummaryOptions, parse_options


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ("", SummaryOptions()),
        ("--since 2h", SummaryOptions(since="2h")),
        ("--since=2h", SummaryOptions(since="2h")),
        ("—since 2h", SummaryOptions(since="2h")),  # macOS / phones turn "--" into an em dash
        ("－－ｓｉｎｃｅ　２時間", SummaryOptions(since="2時間")),  # full width, ideographic space
        ("--since 2 時間", SummaryOptions(since="2時間")),
        ("今日", SummaryOptions(since="今日")),
        ("12/1", SummaryOptions(since="12/1")),
        ("--last 200", SummaryOptions(last=200)),
        ("--last=50", SummaryOptions(last=50)),
        ("200件", SummaryOptions(last=200)),
        ("直近 50 件", SummaryOptions(last=50)),
        ("過去 2 時間", SummaryOptions(since="2時間")),
        ("please", None),
        ("--post", SummaryOptions(share=True)),
        ("共有 今日", SummaryOptions(since="今日", share=True)),
        ("--share --last 20 --since 1d", SummaryOptions(since="1d", last=20, share=True)),
        ("--thread 1732500000.000100", SummaryOptions(thread_id="1732500000.000100")),
    ],
)
def test_arguments_are_understood(args: str, expected: SummaryOptions | None) -> None:
    if expected is None:
        with pytest.raises(UserFacingError):
            parse_options(args)
    else:
        assert parse_options(args) == expected


def test_an_unknown_option_lists_what_is_accepted_in_both_languages() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_options("--verbose")
    assert caught.value.message_key == "summarize.unknown_option"
    ja = t("ja", caught.value.message_key, **caught.value.args_)
    en = t("en", caught.value.message_key, **caught.value.args_)
    assert "「--verbose」" in ja and "--last 200" in ja and "--post" in ja and "今日" in ja
    assert '"--verbose"' in en and "--last 200" in en and "today" in en


@pytest.mark.parametrize("args", ["--since", "--last", "--since --post"])
def test_a_flag_without_its_value_shows_an_example(args: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_options(args)
    assert caught.value.message_key == "summarize.missing_value"
    assert "例:" in t("ja", caught.value.message_key, **caught.value.args_)


def test_a_bad_count_is_reported_as_such() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_options("--last lots")
    assert caught.value.message_key == "summarize.bad_last"


def test_the_retry_value_reproduces_the_same_request() -> None:
    options = parse_options("共有 --since 今日 --last 30")
    again = parse_options(options.as_args(thread_id="1732500000.000100"))
    assert again == SummaryOptions(since="今日", last=30, share=True, thread_id="1732500000.000100")
    assert again.as_args() == options.as_args(thread_id="1732500000.000100")
