"""A trip's reminders through the outbox (durable across restarts, sent once by whichever instance is up).

When a trip is approved, `schedule_trip_reminders` schedules two rows of the kind `trip.reminder:<platform>`:
`trip:<id>:v<version>:t-1` (a DM to the traveller at 09:00 on the working day before departure) and
`trip:<id>:v<version>:report-due` (a DM at 09:00 on the 3rd working day after the return date, until the report
is filed). Working days skip weekends, holidays and the 12/29–1/3 closure. Reminders already past are skipped.
The deliverer re-reads the trip: a trip cancelled, sent back, changed (a newer version) or already reported by
then gets no reminder, so nothing has to be cancelled.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import structlog

from genai_bot.calendar.workdays import nth_business_day_after, previous_business_day
from genai_bot.chat import ChatError
from genai_bot.db.models import OutboxMessage
from genai_bot.i18n import t
from genai_bot.messages import Reply
from genai_bot.notify import post_once, raise_for_delivery
from genai_bot.services import Services
from skills.trip.extras_common import format_trip_days
from skills.trip.models import Trip

__all__ = [
    "REMINDER_KIND",
    "REMINDER_TIME",
    "REPORT_DUE_WORKING_DAYS",
    "deliver_trip_reminder",
    "reminder_days",
    "reminder_kind",
    "report_due_day",
    "schedule_trip_reminders",
    "working_day_before",
]

REMINDER_KIND = "trip.reminder"


def reminder_kind(platform: str) -> str:
    """Rows are kinded by platform, so only instances running that adapter take them."""
    return f"{REMINDER_KIND}:{platform}"


REMINDER_TIME = time(9, 0)
REPORT_DUE_WORKING_DAYS = 3

log = structlog.get_logger(__name__)


def working_day_before(day: date) -> date:
    """The closest working day strictly before `day`."""
    return previous_business_day(day - timedelta(days=1))


def report_due_day(return_on: date, working_days: int = REPORT_DUE_WORKING_DAYS) -> date:
    """The `working_days`-th working day after `return_on` (the return day itself not counted)."""
    return nth_business_day_after(return_on, working_days)


def reminder_days(depart: date, return_on: date) -> dict[str, date]:
    """Which reminder goes out on which day: {"t-1": …, "report-due": …}."""
    return {"t-1": working_day_before(depart), "report-due": report_due_day(return_on)}


async def schedule_trip_reminders(services: Services, trip: Trip) -> int:
    """Schedule the approved trip's reminders (idempotent per version); returns how many were scheduled now (the
    deliverer finds the traveller's DM when it sends)."""
    outbox = services.outbox
    if outbox is None or trip.id is None or trip.state != "approved":
        return 0
    zone = ZoneInfo(services.settings.timezone)
    now, count = services.clock.now(), 0
    for which, day in reminder_days(trip.depart, trip.return_on).items():
        due = datetime.combine(day, REMINDER_TIME, zone)
        if due <= now:
            continue
        payload = {"trip": trip.id, "version": trip.version, "which": which}
        key = f"trip:{trip.id}:v{trip.version}:{which}"
        count += await outbox.schedule(dedup_key=key, due_at=due, kind=reminder_kind(trip.platform), payload=payload)
    log.info("trip.reminders_scheduled", trip=trip.id, version=trip.version, count=count)
    return count


def _still_wanted(trip: Trip | None, version: int, which: str) -> bool:
    if trip is None or trip.version != version:
        return False
    if which == "t-1":
        return trip.state == "approved"
    return trip.state == "approved" and trip.report_filed_at is None


async def deliver_trip_reminder(message: OutboxMessage, services: Services) -> None:
    """Deliver a `trip.reminder` row: a DM to the traveller, unless the trip no longer wants it."""
    payload = message.payload
    which = str(payload["which"])
    async with services.db.session() as s:
        trip = await s.get(Trip, int(payload["trip"]))
    if not _still_wanted(trip, int(payload["version"]), which):
        log.info("trip.reminder_dropped", trip=payload["trip"], which=which)
        return
    assert trip is not None
    port = services.chat_ports.get(trip.platform)
    if port is None:
        raise RuntimeError(f"no {trip.platform} adapter is running on this instance")
    lang = await services.users.language_of(trip.platform, trip.team_id, trip.traveller)
    try:
        room = await port.direct_room(trip.traveller)
        await post_once(port, room, _reminder(trip, which, lang), message)
    except ChatError as exc:
        raise_for_delivery(exc)
        raise


def _reminder(trip: Trip, which: str, lang: str) -> Reply:
    days = format_trip_days(trip, lang)
    if which == "t-1":
        text = t(lang, "trip.reminder.day_before", trip=trip.id, destination=trip.destination, days=days)
    else:
        text = t(lang, "trip.reminder.report_due", trip=trip.id, destination=trip.destination, days=days)
    return Reply.text(text, ephemeral=False)
