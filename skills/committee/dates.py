"""Dates as people type them (`2026-12-01`, `12/1`, `12月1日`, `明日`, `来週`) and as they like to read them
(`12月1日(火) 10:00–11:00`, `Tue 1 Dec 10:00–11:00`). Full-width digits are accepted. The words themselves are
read by the shared lexer (`genai_bot.dates`); what they mean for a committee (the coming date, ranges, working
weeks) is decided here.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from genai_bot.dates import date_word, format_day, lex_week, next_date
from genai_bot.text import nfkc

_RANGE = re.compile(r"^(.+?)(?:〜|~|\.\.|から)(.+)$")
_SLASH_RANGE = re.compile(r"^(\d{1,2}/\d{1,2})-(\d{1,2}/\d{1,2})$")
_DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(h|hr|hrs|hours?|時間))?(?:(\d+)(m|min|mins|minutes?|分)?)?$")


def week_window(word: str, today: date) -> tuple[date, date] | None:
    """`今週` → today..Friday; `来週` / `next week` → next Monday..Friday; `再来週` → the week after."""
    offset = lex_week(word)
    if offset is None:
        return None
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
    first = max(monday, today)
    return first, max(monday + timedelta(days=4), first)


def parse_window(tokens: list[str], today: date) -> tuple[date, date, int] | None:
    """A date window from the start of `tokens`: `12/1 12/5`, `12/1〜12/5`, `来週`, `next week`, or one day.
    Returns (first, last, tokens used), or None when the first token is not a date."""
    if not tokens:
        return None
    if len(tokens) >= 2 and lex_week(tokens[0] + tokens[1]) is not None:
        window = week_window(tokens[0] + tokens[1], today)
        return (window[0], window[1], 2) if window else None
    week = week_window(tokens[0], today)
    if week is not None:
        return week[0], week[1], 1
    text = nfkc(tokens[0]).strip()
    ranged = _RANGE.match(text) or _SLASH_RANGE.match(text)
    if ranged:
        first, last = next_date(ranged.group(1), today), next_date(ranged.group(2), today)
        if first is None or last is None:
            return None
        return first, _after(first, last), 1
    first = next_date(tokens[0], today)
    if first is None:
        return None
    if len(tokens) >= 2:
        last = next_date(tokens[1], today)
        if last is not None:
            return first, _after(first, last), 2
    return first, first, 1


def _after(first: date, last: date) -> date:
    """`12/28〜1/5` means the coming January, not last January."""
    if last < first and last.month < first.month and last.year == first.year:
        return date(first.year + 1, last.month, last.day)
    return last


def parse_duration(word: str) -> int | None:
    """Minutes from `90`, `90分`, `90min`, `1.5h`, `2時間`, `1時間30分`; None when unreadable or zero."""
    text = date_word(word)
    match = _DURATION.match(text)
    if not text or match is None:
        return None
    hours, _, minutes, _ = match.groups()
    total = (float(hours) * 60 if hours else 0) + (int(minutes) if minutes else 0)
    return int(total) if total >= 1 and total == int(total) else None


def parse_int(word: str) -> int | None:
    text = date_word(word).removesuffix("分").removesuffix("min")
    return int(text) if text.isdigit() else None


# --- formatting ----------------------------------------------------------------------------------------------


def format_span(start: datetime, end: datetime, lang: str, tz: str, *, this_year: int | None = None) -> str:
    """`12月1日(火) 10:00–11:00` in `tz`; a span over midnight shows both days."""
    zone = ZoneInfo(tz)
    s, e = start.astimezone(zone), end.astimezone(zone)
    day = format_day(s.date(), lang, this_year=this_year)
    if s.date() == e.date():
        return f"{day} {s:%H:%M}–{e:%H:%M}"
    return f"{day} {s:%H:%M} – {format_day(e.date(), lang, this_year=this_year)} {e:%H:%M}"


def format_when(at: datetime, lang: str, tz: str, *, this_year: int | None = None) -> str:
    local = at.astimezone(ZoneInfo(tz))
    return f"{format_day(local.date(), lang, this_year=this_year)} {local:%H:%M}"
