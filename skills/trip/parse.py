"""The one-line trip form as people type it: `大阪 12/10-12/11 予算説明会 --fare 29000 --lodging 12000`.

Dates: `2026-12-10..2026-12-11`, `12/10-12/11`, `12/10〜11`, `12月10日〜11日`, `12月10日から12日`, one day, or
two dates separated by a space; full-width digits and spaces accepted. A date without a year is the coming one
(`1/5` typed in late December is next January's), and a return date before the departure's month rolls into the
next year (`12/28-1/5`). Fields of `edit` are `name=value` pairs (`fare=29000 purpose=予算説明会 出席`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

from genai_bot.dates import CalendarDay, lex_day, next_date
from genai_bot.errors import FieldError
from genai_bot.text import fold, nfkc

__all__ = [
    "FIELDS",
    "TripInput",
    "field_name",
    "parse_amount",
    "parse_edit",
    "parse_new",
    "parse_range",
    "tokenize",
]

_SEPARATORS = ("..", "〜", "~", "から", "–", "—", "ー")
_DAY_ONLY = re.compile(r"^(\d{1,2})日?$")
_QUOTES = {"「": "」", '"': '"', "“": "”", "『": "』"}


@dataclass
class TripInput:
    """What was typed or submitted; None = not given."""

    destination: str | None = None
    purpose: str | None = None
    depart: date | None = None
    return_on: date | None = None
    transport: str | None = None
    fare: int | None = None
    lodging_per_night: int | None = None
    lodging_reason: str | None = None
    related: str | None = None
    budget_code: str | None = None
    cleared: set[str] = field(default_factory=set)
    """Optional fields given empty (`budget=`): to be cleared by an edit."""

    def given(self) -> dict[str, Any]:
        """The fields given (an edit's changes), cleared ones as None."""
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "cleared"}
        return {k: v for k, v in out.items() if v is not None or k in self.cleared}


FIELDS: dict[str, tuple[str, ...]] = {
    "destination": ("dest", "to", "行き先", "行先", "出張先", "目的地"),
    "purpose": ("目的", "用務"),
    "depart": ("from", "start", "出発", "出発日", "開始"),
    "return_on": ("return", "back", "end", "帰着", "帰着日", "帰り", "終了"),
    "dates": ("date", "日程", "期間", "日付"),
    "transport": ("交通", "交通手段", "手段"),
    "fare": ("運賃", "交通費"),
    "lodging_per_night": ("lodging", "hotel", "宿泊", "宿泊費", "宿泊料"),
    "lodging_reason": ("reason", "理由", "宿泊理由"),
    "related": ("meeting", "committee", "関連", "会議", "委員会"),
    "budget_code": ("budget", "予算", "予算コード"),
}
_FIELD_WORDS = {fold(w): name for name, words in FIELDS.items() for w in (name, *words)}
_OPTIONS = ("fare", "lodging_per_night", "transport", "budget_code", "related", "lodging_reason")
_OPTIONAL = frozenset(_OPTIONS)


def field_name(word: str) -> str | None:
    """The field a word names (`宿泊` → lodging_per_night, `Budget` → budget_code), or None."""
    return _FIELD_WORDS.get(fold(word).replace("-", "_"))


def tokenize(text: str) -> list[str]:
    """Words split on spaces (full-width too); `"…"` and `「…」` keep their spaces."""
    text = nfkc(text).strip()
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES:
            end = text.find(_QUOTES[ch], i + 1)
            if end > i:
                out.append(text[i + 1 : end])
                i = end + 1
                continue
        j = i
        while j < len(text) and not text[j].isspace():
            j += 1
        out.append(text[i:j])
        i = j
    return out


def parse_amount(value: str, name: str) -> int:
    """`29000`, `29,000`, `¥29,000`, `２９０００円` → 29000; a negative or non-number raises FieldError."""
    cleaned = nfkc(value).strip().replace(",", "").replace("¥", "").replace("￥", "").removesuffix("円")
    if not cleaned.isdigit():
        raise FieldError(name, "trip.error.bad_amount", value=value)
    return int(cleaned)


def _return_date(word: str, first: date, today: date) -> date | None:
    """The end of a range: a full date, `12/11`, `12月11日`, or just the day (`11`, `11日`: first's month, or
    the next month when smaller than first's day). Yearless ends fall on or after `first` where they can."""
    text = nfkc(word).strip()
    day_only = _DAY_ONLY.match(text)
    if day_only:
        day = int(day_only.group(1))
        month_start = first.replace(day=1)
        if day < first.day:
            month_start = (month_start + timedelta(days=32)).replace(day=1)
        try:
            return month_start.replace(day=day)
        except ValueError:
            return None
    lexed = lex_day(text)
    if isinstance(lexed, CalendarDay) and lexed.year is None:
        end = lexed.in_year(first.year)
        if end is not None and end < first and lexed.month < first.month:
            return lexed.in_year(first.year + 1)  # 12/28-1/5
        return end
    return next_date(text, today)


def parse_range(text: str, today: date) -> tuple[date, date] | None:
    """`12/10-12/11`, `2026-12-10..2026-12-11`, `12月10日〜11日` or one date → (depart, return); None when
    `text` is not a date range."""
    text = nfkc(text).strip()
    for sep in _SEPARATORS:
        if sep in text:
            left, _, right = text.partition(sep)
            return _pair(left, right, today)
    if "-" in text and not re.match(r"^\d{4}-", text):
        left, _, right = text.partition("-")  # 12/10-12/11 (an ISO date keeps its own dashes)
        return _pair(left, right, today)
    one = next_date(text, today)
    return (one, one) if one is not None else None


def _pair(left: str, right: str, today: date) -> tuple[date, date] | None:
    first = next_date(left, today)
    if first is None or not right.strip():
        return None
    last = _return_date(right, first, today)
    return (first, last) if last is not None else None


def _is_separator(token: str) -> bool:
    return token in (*_SEPARATORS, "-")


def _take_dates(words: list[str], today: date) -> tuple[tuple[date, date] | None, list[str]]:
    """Find the date range among the positional words: one word (`12/10-12/11`), three (`12/10 - 12/11`) or two
    dates (`12/10 12/11`). Returns it and the words left."""
    for i, word in enumerate(words):
        if i + 2 < len(words) and _is_separator(words[i + 1]):
            ranged = _pair(word, words[i + 2], today)
            if ranged is not None:
                return ranged, words[:i] + words[i + 3 :]
        ranged = parse_range(word, today)
        if ranged is None:
            continue
        if ranged[0] == ranged[1] and i + 1 < len(words):
            second = _return_date(words[i + 1], ranged[0], today)
            if second is not None and parse_range(words[i + 1], today) is not None:
                return (ranged[0], second), words[:i] + words[i + 2 :]
        return ranged, words[:i] + words[i + 1 :]
    return None, words


def _option(word: str) -> str | None:
    if not word.startswith("--") and not word.startswith("—"):
        return None
    name = field_name(word.lstrip("-—").split("=", 1)[0])
    return name if name in _OPTIONAL else None


def _set(result: TripInput, name: str, value: str) -> None:
    value = value.strip()
    if name in ("fare", "lodging_per_night"):
        if not value:
            result.cleared.add(name)
            return
        setattr(result, name, parse_amount(value, name))
    elif not value and name in _OPTIONAL:
        result.cleared.add(name)
    else:
        setattr(result, name, value)


def parse_new(text: str, today: date) -> TripInput:
    """`<destination> <dates> <purpose…> [--fare N] [--lodging N] [--transport X] [--budget CODE] [--related X]
    [--reason X]`: the words are read as given; checking them is the workflow's."""
    result = TripInput()
    positionals: list[str] = []
    words = tokenize(text)
    i = 0
    while i < len(words):
        word = words[i]
        name = _option(word)
        if name is None:
            if word.startswith("--"):
                raise FieldError("options", "trip.error.unknown_option", option=word)
            positionals.append(word)
            i += 1
            continue
        if "=" in word:
            _set(result, name, word.split("=", 1)[1])
            i += 1
            continue
        if i + 1 >= len(words):
            raise FieldError(name, "trip.error.option_value", option=word)
        _set(result, name, words[i + 1])
        i += 2
    dates, rest = _take_dates(positionals, today)
    if dates is not None:
        result.depart, result.return_on = dates
    if rest:
        result.destination = rest[0]
        result.purpose = " ".join(rest[1:]) or None
    return result


def parse_edit(text: str, today: date) -> TripInput:
    """`field=value …` (a value runs until the next `field=`), or the same options as `new` (`--fare 29000`)."""
    words = tokenize(text)
    if any(w.startswith("--") for w in words):
        return parse_new(text, today)
    result = TripInput()
    current: str | None = None
    values: dict[str, list[str]] = {}
    for word in words:
        key, eq, value = word.partition("=")
        name = field_name(key) if eq else None
        if name is not None:
            current = name
            values[name] = [value] if value else []
        elif current is None:
            raise FieldError("fields", "trip.error.edit_syntax", value=word)
        else:
            values[current].append(word)
    for name, parts in values.items():
        joined = " ".join(parts)
        if name == "dates":
            ranged = parse_range(joined, today)
            if ranged is None:
                raise FieldError("depart", "trip.error.bad_dates", value=joined)
            result.depart, result.return_on = ranged
        elif name in ("depart", "return_on"):
            day = next_date(joined, today)
            if day is None:
                raise FieldError(name, "trip.error.bad_date", value=joined)
            setattr(result, name, day)
        else:
            _set(result, name, joined)
    return result
