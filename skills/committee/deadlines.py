"""Business days for poll deadlines and reminders (weekends, national holidays and the 12/29–1/3 closure are
not business days), in the committee's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from genai_bot.calendar.workdays import next_business_day, previous_business_day
from genai_bot.commands import CommandContext
from genai_bot.dates import format_day
from genai_bot.errors import UserFacingError
from skills.committee.settings import committee_settings


def business_morning(ctx: CommandContext, day: date, tz: str) -> datetime:
    """The start of working hours on `day` in `tz`."""
    return datetime.combine(day, committee_settings(ctx.services).hours[0], ZoneInfo(tz))


def closing_time(ctx: CommandContext) -> time:
    return committee_settings(ctx.services).hours[1]


def earliest_deadline_day(ctx: CommandContext, tz: str) -> date:
    """The first business day whose working hours have not ended yet (today, or the next business day)."""
    zone = ZoneInfo(tz)
    now = ctx.services.clock.now()
    today = now.astimezone(zone).date()
    start = today if datetime.combine(today, closing_time(ctx), zone) > now else today + timedelta(days=1)
    return next_business_day(start)


def no_time_to_answer(ctx: CommandContext, tz: str, first_day: date) -> UserFacingError:
    """The refusal when no business day is left before `first_day`: it names the last business day before the
    first candidate (already over) and the earliest first day that would leave one."""
    earliest = earliest_deadline_day(ctx, tz)
    return UserFacingError(
        "committee.error.no_time_to_answer",
        first=format_day(first_day, ctx.lang),
        last=format_day(previous_business_day(first_day - timedelta(days=1)), ctx.lang),
        start=format_day(next_business_day(earliest + timedelta(days=1)), ctx.lang),
    )


def default_deadline_day(ctx: CommandContext, tz: str, first_day: date) -> date:
    """A few days out (GENAI_COMMITTEE_POLL_DAYS), before the first candidate day, moved back to a business day;
    when that is already over, the next business day. Raises when no business day is left before `first_day`
    (a Monday's poll asked on Friday evening: Friday has ended)."""
    today = ctx.services.clock.now().astimezone(ZoneInfo(tz)).date()
    days = committee_settings(ctx.services).poll_days
    day = previous_business_day(min(today + timedelta(days=days), first_day - timedelta(days=1)))
    day = max(day, earliest_deadline_day(ctx, tz))
    if day >= first_day:
        raise no_time_to_answer(ctx, tz, first_day)
    return day


def chosen_deadline_day(ctx: CommandContext, tz: str, first_day: date, wanted: date) -> date:
    """The deadline day asked for with `--deadline`, held to the same rule as the default: a business day
    before the first candidate whose working hours have not ended. A weekend or holiday moves to the business
    day before it (the reply says so); a day that is over, or not before the first candidate, is refused with
    an example that works."""
    example = deadline_example(ctx, tz, first_day)
    if example is None:
        raise no_time_to_answer(ctx, tz, first_day)
    day = previous_business_day(wanted)
    if day < earliest_deadline_day(ctx, tz):
        if day != wanted:
            raise UserFacingError(
                "committee.error.deadline_holiday_past",
                wanted=format_day(wanted, ctx.lang),
                day=format_day(day, ctx.lang),
                example=example,
            )
        raise UserFacingError("committee.error.deadline_past", example=example)
    if day >= first_day:
        raise UserFacingError("committee.error.deadline_after_slots", example=example)
    return day


def deadline_example(ctx: CommandContext, tz: str, first_day: date) -> str | None:
    """A valid `--deadline` value for these candidates (e.g. `2/10`), or None when there is none."""
    try:
        day = default_deadline_day(ctx, tz, first_day)
    except UserFacingError:
        return None
    return f"{day.month}/{day.day}"
