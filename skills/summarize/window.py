"""Time ranges and counts from user input: `2h`, `30分`, `今日`, `昨日`, `2026-12-01`, `12/1`, `12月1日`, `200件`.

Input is NFKC-normalised first, so full-width digits and letters (`２時間`, `ｔｏｄａｙ`) work too. Calendar words
and dates mean 00:00 in the user's time zone. Everything raises `UserFacingError` that says what is accepted.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

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
_TODAY = {"today", "今日", "きょう", "本日"}
_YESTERDAY = {"yesterday", "昨日", "きのう"}
_FULL_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})(?:/|月)(\d{1,2})日?$")
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
    return bool(
        _DURATION.match(word) or word in _TODAY or word in _YESTERDAY or _FULL_DATE.match(word)
        or _MONTH_DAY.match(word)
    )


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


def _calendar_start(word: str, original: str, now: datetime, tz: ZoneInfo) -> datetime | None:
    today = now.astimezone(tz).date()
    if word in _TODAY:
        return _midnight(today, tz)
    if word in _YESTERDAY:
        return _midnight(today - timedelta(days=1), tz)
    day = _date_of(word, today, original)
    return _midnight(day, tz) if day is not None else None


def _date_of(word: str, today: date, original: str) -> date | None:
    full = _FULL_DATE.match(word)
    month_day = _MONTH_DAY.match(word)
    try:
        if full:
            return date(int(full.group(1)), int(full.group(2)), int(full.group(3)))
        if month_day:
            day = date(today.year, int(month_day.group(1)), int(month_day.group(2)))
            return day if day <= today else day.replace(year=today.year - 1)
    except ValueError:  # 2/30, 13/1
        raise UserFacingError("summarize.bad_since", value=original) from None
    return None


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=tz)
