"""Time ranges and counts from user input: `2h`, `30分`, `今日`, `昨日`, `2026-12-01`, `12/1`, `12月1日`, `200件`.

Input is NFKC-normalised first, so full-width digits and letters (`２時間`, `ｔｏｄａｙ`) work too. Calendar words
and dates mean 00:00 in the user's time zone; the words are read by the shared lexer (`genai_bot.dates`), and a
summary looks back: `12/1` is the last 1 December, and only today and yesterday are accepted as day words.
Everything raises `UserFacingError` that says what is accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from genai_bot.dates import CalendarDay, RelativeDay, lex_day
from genai_bot.errors import UserFacingError
from genai_bot.text import fold

MAX_LAST = 1000
MAX_LOOKBACK = timedelta(days=366)

_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "分", "分間"), timedelta(minutes=1)),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "時間"), timedelta(hours=1)),
    **dict.fromkeys(("d", "day", "days", "日", "日間"), timedelta(days=1)),
    **dict.fromkeys(("w", "wk", "week", "weeks", "週", "週間"), timedelta(weeks=1)),
}
_DURATION = re.compile(r"^(\d{1,6})([a-z]+|分間?|時間|日間?|週間?)$")
_LOOKBACK_DAYS = (0, -1)  # today, yesterday
_PREFIXES = ("過去", "直近", "最近")
_SUFFIXES = ("以降", "以内", "から", "前", "ago")
_COUNT = re.compile(r"^(?:直近|最新|最近)?(\d+)件$")


def parse_since(value: str, now: datetime, tz: ZoneInfo) -> datetime:
    """The start of the range `value` describes, as an aware datetime (UTC offset of `now`)."""
    word = _strip_affixes(fold(value).replace(" ", ""))
    start = _duration_start(word, now) or _calendar_start(word, value, now, tz)
    if start is None:
        raise UserFacingError("summarize.bad_since", value=value)
    if start >= now:
        raise UserFacingError("summarize.future_since", value=value)
    if now - start > MAX_LOOKBACK:
        raise UserFacingError("summarize.since_too_old", value=value)
    return start


def looks_like_since(value: str) -> bool:
    """Whether a bare word is meant as a time range (so `/genai summarize 今日` works without `--since`)."""
    word = _strip_affixes(fold(value))
    return bool(_DURATION.match(word)) or _past_day(word) is not None


def parse_last(value: str) -> int:
    """A message count for `--last`, 1…MAX_LAST (`200`, `２００`, `200件`)."""
    word = fold(value).removesuffix("件")
    if not word.isdigit() or not 1 <= int(word) <= MAX_LAST:
        raise UserFacingError("summarize.bad_last", value=value, max=MAX_LAST)
    return int(word)


def parse_count_word(value: str) -> int | None:
    """`200件` / `直近50件` as a bare word → the count; None when the word is not a count."""
    match = _COUNT.match(fold(value))
    return parse_last(match.group(1)) if match else None


def _strip_affixes(word: str) -> str:
    for prefix in _PREFIXES:
        word = word.removeprefix(prefix)
    for suffix in _SUFFIXES:
        word = word.removesuffix(suffix)
    return word


def _duration_start(word: str, now: datetime) -> datetime | None:
    match = _DURATION.match(word)
    if not match or match.group(2) not in _UNITS:
        return None
    amount = int(match.group(1))
    if amount == 0:
        return None  # "0h" is no range at all
    return now - min(amount * _UNITS[match.group(2)], MAX_LOOKBACK + timedelta(days=1))


def _past_day(word: str) -> RelativeDay | CalendarDay | None:
    """The day word a summary accepts: today, yesterday or a date."""
    lexed = lex_day(word)
    if isinstance(lexed, RelativeDay) and lexed.days not in _LOOKBACK_DAYS:
        return None
    return lexed


def _calendar_start(word: str, original: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    today = now.astimezone(tz).date()
    lexed = _past_day(word)
    if lexed is None:
        return None
    day = lexed.on(today) if isinstance(lexed, RelativeDay) else _date_of(lexed, today)
    if day is None:  # 2/30, 13/1
        raise UserFacingError("summarize.bad_since", value=original)
    return _midnight(day, tz)


def _date_of(lexed: CalendarDay, today: date) -> date | None:
    """The date as written, or (without a year) the last one on or before today."""
    if lexed.year is not None:
        return lexed.as_written()
    day = lexed.in_year(today.year)
    if day is None or day <= today:
        return day
    return lexed.in_year(today.year - 1)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz)
