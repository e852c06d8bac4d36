"""How the trip extras plug into the `trip` verb: their subcommands (`ics`, `conflicts`, `report`, `away`) and
the reminder outbox kind. skills/trip/__init__.py adds `EXTRA_VERBS` to the verb's subcommands and calls
`register_extras(host)`."""

from __future__ import annotations

from genai_bot.commands import Handler, Verb
from genai_bot.notify import PLATFORMS
from genai_bot.skill_host import SkillHost
from skills.trip import messages_extras  # noqa: F401 (registers the messages)
from skills.trip.asks_closed import ask_closed_kind, deliver_ask_closed
from skills.trip.away import away_command
from skills.trip.conflicts import conflicts_command
from skills.trip.itinerary import trip_ics_command
from skills.trip.reminders import deliver_trip_reminder, reminder_kind
from skills.trip.report import report_command

__all__ = ["EXTRA_VERBS", "register_extras"]


def _sub(name: str, aliases: tuple[str, ...], handler: Handler) -> Verb:
    return Verb(
        name,
        aliases,
        handler,
        summary=f"trip.extras.sub.{name}",
        usage=f"trip.extras.usage.{name}",
        example=f"trip.extras.example.{name}",
    )


EXTRA_VERBS: tuple[Verb, ...] = (
    _sub("ics", ("itinerary", "予定表", "カレンダー"), trip_ics_command),
    _sub("conflicts", ("conflict", "重複", "重なり"), conflicts_command),
    _sub("report", ("報告", "報告書", "復命"), report_command),
    _sub("away", ("不在", "出張中"), away_command),
)


def register_extras(host: SkillHost) -> None:
    """Deliver the trip reminders (`trip.reminder` rows) and the closed approval requests on this instance."""
    for platform in PLATFORMS:  # only instances running that platform's adapter take its rows
        host.outbox_kind(reminder_kind(platform), deliver_trip_reminder, platform=platform)
        host.outbox_kind(ask_closed_kind(platform), deliver_ask_closed, platform=platform)  # after a decision
