"""The one date lexer: what a day or week word *says* (`2026-12-01`, `12/1`, `12月1日(火)`, `明日`, `来週`).

Full-width input is accepted (`１２／１`, `ｔｏｍｏｒｒｏｗ`). The lexer only reads the word; what it *means* stays
with the skill: a committee looks forward (a date without a year is the coming one), a summary looks back
(a date without a year is the last one), and each decides which relative words it accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from genai_bot.text import fold

__all__ = ["CalendarDay", "RelativeDay", "date_word", "format_day", "lex_day", "lex_week", "next_date"]

_RELATIVE = {
    "today": 0,
    "今日": 0,
    "本日": 0,
    "きょう": 0,
    "tomorrow": 1,
    "明日": 1,
    "あした": 1,
    "あす": 1,
    "翌日": 1,
    "明後日": 2,
    "あさって": 2,
    "yesterday": -1,
    "昨日": -1,
    "きのう": -1,
}
_WEEKS = {"thisweek": 0, "今週": 0, "nextweek": 1, "来週": 1, "翌週": 1, "再来週": 2}
_FULL = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\(.\))?$")
_SHORT = re.compile(r"^(\d{1,2})[/月](\d{1,2})日?(?:\(.\))?$")


@dataclass(frozen=True)
class RelativeDay:
    """A day named relative to today: `今日` 0, `明日` 1, `明後日` 2, `昨日` -1."""

    days: int

    def on(self, today: date) -> date:
        return today + timedelta(days=self.days)


@dataclass(frozen=True)
class CalendarDay:
    """A day written as numbers: `2026-12-01` (with a year) or `12/1`, `12月1日(火)` (without)."""

    year: int | None
    month: int
    day: int

    def in_year(self, year: int) -> date | None:
        """This month and day in `year`, or None when there is no such day (`2/30`, `13/1`, `2/29` of 2027)."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def as_written(self) -> date | None:
        """The date with its own year; None without a year or when there is no such day."""
        return self.in_year(self.year) if self.year is not None else None


def date_word(word: str) -> str:
    """`word` as the lexer reads it: NFKC, case-folded, without spaces (`Next Week` → `nextweek`)."""
    return fold(word).replace(" ", "")


def lex_day(word: str) -> RelativeDay | CalendarDay | None:
    """What day `word` names, unresolved; None when it is not a day word."""
    text = date_word(word)
    if text in _RELATIVE:
        return RelativeDay(_RELATIVE[text])
    full = _FULL.match(text)
    if full:
        return CalendarDay(int(full.group(1)), int(full.group(2)), int(full.group(3)))
    short = _SHORT.match(text)
    if short:
        return CalendarDay(None, int(short.group(1)), int(short.group(2)))
    return None


def lex_week(word: str) -> int | None:
    """Weeks from this one that `word` names (`今週` / `this week` 0, `来週` 1, `再来週` 2); else None."""
    return _WEEKS.get(date_word(word))


_PAST_GRACE = timedelta(days=60)


def next_date(word: str, today: date) -> date | None:
    """A date looking forward (a meeting, a trip): with a year as written; without one this year's, or next
    year's when this year's is more than 60 days past (`1/10` typed in December is next January). Relative words
    count from `today`. None when the word is not a date."""
    lexed = lex_day(word)
    if isinstance(lexed, RelativeDay):
        return lexed.on(today)
    if not isinstance(lexed, CalendarDay):
        return None
    if lexed.year is not None:
        return lexed.as_written()
    guess = lexed.in_year(today.year)
    if guess is not None and guess < today - _PAST_GRACE:
        return lexed.in_year(today.year + 1)
    return guess


_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(d: date, lang: str, *, this_year: int | None = None) -> str:
    """`12月1日(火)` / `Tue 1 Dec`; the year is added when it is not `this_year`."""
    with_year = this_year is not None and d.year != this_year
    if lang == "en":
        text = f"{_WEEKDAYS_EN[d.weekday()]} {d.day} {_MONTHS_EN[d.month - 1]}"
        return f"{text} {d.year}" if with_year else text
    text = f"{d.month}月{d.day}日({_WEEKDAYS_JA[d.weekday()]})"
    return f"{d.year}年{text}" if with_year else text
