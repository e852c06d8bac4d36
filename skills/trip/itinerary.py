"""The trip's itinerary as an .ics file (`/genai trip ics <id>`): one all-day event from departure to return
(inclusive), summary `出張: <destination>`, the purpose and transport as its description. The UID is stable per
trip (`trip-<id>@genai-bot`) and SEQUENCE is the trip's version, so importing a changed trip again updates the
event instead of adding one. In Slack the file is uploaded to the asker's direct messages; on the console it is
written to GENAI_CONSOLE_FILES_DIR and the reply names the path.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

import structlog
from icalendar import Calendar, Event

from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.messages import Reply
from skills.trip.extras_common import format_trip_days, load_trip
from skills.trip.models import Trip

__all__ = ["PRODID", "ics_filename", "ics_uid", "trip_ics", "trip_ics_command"]

PRODID = "-//genai-bot//Business trips//JA"
log = structlog.get_logger(__name__)


def ics_uid(trip_id: int) -> str:
    return f"trip-{trip_id}@genai-bot"


def ics_filename(trip_id: int) -> str:
    return f"trip-{trip_id}.ics"


def trip_ics(trip: Trip, now: datetime, lang: str = "ja") -> bytes:
    """The trip as an iCalendar file (METHOD:PUBLISH) with one all-day event, return day included."""
    assert trip.id is not None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", ics_uid(trip.id))
    event.add("sequence", trip.version)
    event.add("dtstamp", now)
    event.add("dtstart", trip.depart)
    event.add("dtend", trip.return_on + timedelta(days=1))  # DTEND of an all-day event is exclusive
    event.add("summary", t(lang, "trip.ics.summary", destination=trip.destination))
    event.add("description", _description(trip, lang))
    event.add("location", trip.destination)
    event.add("transp", "OPAQUE")
    calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def _description(trip: Trip, lang: str) -> str:
    lines = [t(lang, "trip.ics.purpose", purpose=trip.purpose)]
    if trip.transport:
        lines.append(t(lang, "trip.ics.transport", transport=trip.transport))
    return "\n".join(lines)


async def trip_ics_command(ctx: CommandContext, args: str) -> Reply:
    """`/genai trip ics <id>`: the traveller's (or an approver's) itinerary file."""
    word = args.split()[0] if args.split() else ""
    trip = await load_trip(ctx, word)
    assert trip.id is not None
    if trip.traveller != ctx.person.user_id and trip.decided_by != ctx.person.user_id:
        raise UserFacingError("trip.extras.not_yours", trip=trip.id)
    if trip.state in ("cancelled", "rejected"):
        raise UserFacingError("trip.ics.not_active", trip=trip.id, state=ctx.t(f"trip.extras.state.{trip.state}"))
    data = trip_ics(trip, ctx.services.clock.now(), ctx.lang)
    name = ics_filename(trip.id)
    days = format_trip_days(trip, ctx.lang)
    if ctx.chat is None or ctx.reads_local_files:
        folder = ctx.services.settings.console_files_dir
        path = await asyncio.to_thread(_write, folder, name, data)
        return Reply.text(ctx.t("trip.ics.written", trip=trip.id, path=str(path), days=days))
    title = ctx.t("trip.ics.summary", destination=trip.destination)
    comment = ctx.t("trip.ics.comment", trip=trip.id, destination=trip.destination, days=days)
    try:
        room = ctx.room if ctx.room.is_direct else await ctx.chat.direct_room(ctx.person.user_id)
        await ctx.chat.upload(room, name, data, title=title, comment=comment)
    except ChatError as exc:
        log.warning("trip.ics_not_uploaded", trip=trip.id, code=exc.code)
        raise UserFacingError("trip.ics.upload_failed", trip=trip.id, code=exc.code) from None
    return Reply.text(ctx.t("trip.ics.uploaded", trip=trip.id, file=name))


def _write(folder: Path, name: str, data: bytes) -> Path:
    """Write the file (the same trip's earlier file is replaced: its event has the same UID)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_bytes(data)
    return target.resolve()
