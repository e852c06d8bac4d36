"""The one date lexer: what a day or week word says, before a skill decides what it means."""

from __future__ import annotations

from datetime import date

import pytest

from genai_bot.dates import CalendarDay, RelativeDay, date_word, lex_day, lex_week


@pytest.mark.parametrize(
    ("word", "lexed"),
    [
        ("2026-12-01", CalendarDay(2026, 12, 1)),
        ("2026/12/1", CalendarDay(2026, 12, 1)),
        ("2026.12.01", CalendarDay(2026, 12, 1)),
        ("2026年12月1日", CalendarDay(2026, 12, 1)),
        ("２０２６－１２－０１", CalendarDay(2026, 12, 1)),
        ("12/1", CalendarDay(None, 12, 1)),
        ("１２／１", CalendarDay(None, 12, 1)),
        ("12月1日", CalendarDay(None, 12, 1)),
        ("１２月１日（火）", CalendarDay(None, 12, 1)),
        ("2/30", CalendarDay(None, 2, 30)),  # read as written; whether the day exists is asked later
        ("今日", RelativeDay(0)),
        ("本日", RelativeDay(0)),
        ("Today", RelativeDay(0)),
        ("明日", RelativeDay(1)),
        ("あす", RelativeDay(1)),
        ("ｔｏｍｏｒｒｏｗ", RelativeDay(1)),
        ("明後日", RelativeDay(2)),
        ("昨日", RelativeDay(-1)),
        ("yesterday", RelativeDay(-1)),
    ],
)
def test_day_words_in_japanese_and_english_full_width_accepted(word: str, lexed: object) -> None:
    assert lex_day(word) == lexed


@pytest.mark.parametrize("word", ["", "someday", "12", "2026-12", "12/1/2026", "来週", "2h"])
def test_other_words_are_not_days(word: str) -> None:
    assert lex_day(word) is None


def test_a_calendar_day_resolves_only_to_days_that_exist() -> None:
    assert CalendarDay(None, 12, 1).in_year(2026) == date(2026, 12, 1)
    assert CalendarDay(None, 2, 29).in_year(2027) is None
    assert CalendarDay(None, 2, 29).in_year(2028) == date(2028, 2, 29)
    assert CalendarDay(2026, 12, 1).as_written() == date(2026, 12, 1)
    assert CalendarDay(None, 12, 1).as_written() is None
    assert CalendarDay(2026, 13, 1).as_written() is None


def test_a_relative_day_counts_from_today() -> None:
    assert RelativeDay(1).on(date(2026, 12, 31)) == date(2027, 1, 1)
    assert RelativeDay(-1).on(date(2026, 12, 1)) == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("word", "weeks"),
    [
        ("今週", 0),
        ("this week", 0),
        ("This Week", 0),
        ("来週", 1),
        ("next week", 1),
        ("ｎｅｘｔ ｗｅｅｋ", 1),
        ("翌週", 1),
        ("再来週", 2),
        ("明日", None),
        ("week", None),
    ],
)
def test_week_words(word: str, weeks: int | None) -> None:
    assert lex_week(word) == weeks


def test_words_are_read_folded_and_without_spaces() -> None:
    assert date_word(" Next\u3000Week ") == "nextweek"
    assert date_word("１時間 ３０分") == "1時間30分"
