"""When digests fall due: parsing `daily 08:30` / `weekly mon 09:00` (毎日 8:30, 毎週 月曜 9:00, full-width too),
the next occurrence in the subscriber's time zone (weekends, holidays and 12/29–1/3 skipped unless asked), and
quiet hours (a digest falling due in them goes out when they end)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from genai_bot.calendar.workdays import is_business_day
from genai_bot.errors import UserFacingError
from genai_bot.text import fold, nfkc

__all__ = [
    "Schedule",
    "next_occurrence",
    "parse_quiet",
    "parse_schedule",
    "parse_time",
    "quiet_shift",
    "zone",
]

_DAILY = {"daily", "毎日", "every-day", "day"}
_WEEKLY = {"weekly", "毎週", "week"}
_HOLIDAY_FLAGS = {"--include-holidays", "--holidays", "休日も"}
_WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("mon", "monday", "月", "月曜", "月曜日"),
        ("tue", "tuesday", "火", "火曜", "火曜日"),
        ("wed", "wednesday", "水", "水曜", "水曜日"),
        ("thu", "thursday", "木", "木曜", "木曜日"),
        ("fri", "friday", "金", "金曜", "金曜日"),
        ("sat", "saturday", "土", "土曜", "土曜日"),
        ("sun", "sunday", "日", "日曜", "日曜日"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _i
_TIME = re.compile(r"^(?P<h>\d{1,2})(?::(?P<m>\d{2})|時(?:(?P<m2>\d{1,2})分?|半)?)$")
_HORIZON = 800  # days searched for the next occurrence (a weekly digest whose weekday is always closed: none)


@dataclass(frozen=True)
class Schedule:
    frequency: str  # daily | weekly
    at: time
    weekday: int | None = None
    include_holidays: bool = False

    @property
    def at_text(self) -> str:
        return f"{self.at:%H:%M}"


def parse_time(word: str) -> time | None:
    """`08:30`, `8:30`, `８：３０`, `8時30分`, `8時半`, `9時`; None when it is no time of day."""
    match = _TIME.match(nfkc(word).strip())
    if match is None:
        return None
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or (30 if word.strip().endswith("半") else 0))
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_schedule(args: str) -> Schedule:
    """`daily 08:30`, `weekly mon 09:00`, `毎日 8:30`, `毎週 月曜 9:00`, with `--include-holidays` anywhere."""
    words = nfkc(args).split()
    include = any(fold(w) in _HOLIDAY_FLAGS for w in words)
    words = [w for w in words if fold(w) not in _HOLIDAY_FLAGS]
    if not words:
        raise UserFacingError("digest.error.schedule_missing")
    frequency = fold(words[0])
    if frequency in _DAILY:
        if len(words) != 2:
            raise UserFacingError("digest.error.schedule_missing")
        return Schedule("daily", _time_or_error(words[1]), None, include)
    if frequency in _WEEKLY:
        if len(words) != 3:
            raise UserFacingError("digest.error.schedule_missing")
        weekday = _WEEKDAYS.get(fold(words[1]))
        if weekday is None:
            raise UserFacingError("digest.error.weekday", word=words[1])
        return Schedule("weekly", _time_or_error(words[2]), weekday, include)
    raise UserFacingError("digest.error.frequency", word=words[0])


def parse_quiet(args: str) -> tuple[time, time] | None:
    """`22:00-07:00` (also `22:00〜7:00`, `22:00 07:00`); `off` → None."""
    text = nfkc(args).strip()
    if fold(text) in {"off", "none", "なし", "解除"}:
        return None
    parts = [p for p in re.split(r"\s*[-~〜–]\s*|\s+", text) if p]
    if len(parts) != 2:
        raise UserFacingError("digest.error.quiet", text=args.strip())
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None or start == end:
        raise UserFacingError("digest.error.quiet", text=args.strip())
    return start, end


def _time_or_error(word: str) -> time:
    at = parse_time(word)
    if at is None:
        raise UserFacingError("digest.error.time", word=word)
    return at


def zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else fallback
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


def _sends_on(day: date, schedule: Schedule) -> bool:
    if schedule.weekday is not None and day.weekday() != schedule.weekday:
        return False
    return schedule.include_holidays or is_business_day(day)


def next_occurrence(after: datetime, schedule: Schedule, tz: ZoneInfo) -> datetime | None:
    """The first time strictly after `after` the digest falls due (aware, UTC), or None when it never does."""
    day = after.astimezone(tz).date()
    for _ in range(_HORIZON):
        if _sends_on(day, schedule):
            due = datetime.combine(day, schedule.at, tzinfo=tz)
            if due > after:
                return due.astimezone(ZoneInfo("UTC"))
        day += timedelta(days=1)
    return None


def quiet_shift(due: datetime, quiet: tuple[time, time] | None, tz: ZoneInfo) -> datetime:
    """`due`, or the end of the quiet hours when it falls in them (`22:00-07:00` spans midnight)."""
    if quiet is None:
        return due
    start, end = quiet
    local = due.astimezone(tz)
    now = local.time().replace(tzinfo=None)
    if start < end:
        inside, end_day = start <= now < end, local.date()
    else:
        inside = now >= start or now < end
        end_day = local.date() + timedelta(days=1) if now >= start else local.date()
    if not inside:
        return due
    return datetime.combine(end_day, end, tzinfo=tz).astimezone(ZoneInfo("UTC"))
