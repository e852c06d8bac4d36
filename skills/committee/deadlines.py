"""Business days for poll deadlines and reminders (weekends, national holidays and the 12/29–1/3 closure are
not business days), in the committee's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from genai_bot.calendar.workdays import is_business_day
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from skills.committee.settings import committee_settings

_LOOKAHEAD = 30


def previous_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the closest business day before it."""
    for _ in range(_LOOKAHEAD):
        if is_business_day(day):
            return day
        day -= timedelta(days=1)
    return day


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the closest business day after it."""
    for _ in range(_LOOKAHEAD):
        if is_business_day(day):
            return day
        day += timedelta(days=1)
    return day


def business_morning(ctx: CommandContext, day: date, tz: str) -> datetime:
    """The start of working hours on `day` in `tz`."""
    return datetime.combine(day, committee_settings(ctx.services).hours[0], ZoneInfo(tz))


def closing_time(ctx: CommandContext) -> time:
    return committee_settings(ctx.services).hours[1]


def default_deadline_day(ctx: CommandContext, tz: str, first_day: date) -> date:
    """A few days out (GENAI_COMMITTEE_POLL_DAYS), before the first candidate day, moved back to a business day;
    when that is already over, the next business day. Raises when no business day is left before `first_day`."""
    zone = ZoneInfo(tz)
    now = ctx.services.clock.now()
    today = now.astimezone(zone).date()
    closing = closing_time(ctx)
    days = committee_settings(ctx.services).poll_days
    day = previous_business_day(max(today, min(today + timedelta(days=days), first_day - timedelta(days=1))))
    if day < today or datetime.combine(day, closing, zone) <= now:
        start = today if datetime.combine(today, closing, zone) > now else today + timedelta(days=1)
        day = next_business_day(start)
    if day >= first_day:
        raise UserFacingError("committee.error.no_time_to_answer")
    return day


def deadline_example(ctx: CommandContext, tz: str, first_day: date) -> str | None:
    """A valid `--deadline` value for these candidates (e.g. `2/10`), or None when there is none."""
    try:
        day = default_deadline_day(ctx, tz, first_day)
    except UserFacingError:
        return None
    return f"{day.month}/{day.day}"
