"""Business trips (出張): request, estimate under the 2025 travel-expense rules, conflicts, approval, itinerary,
reminders, report and the accounting export (`/genai trip`)."""

import skills.trip.messages
import skills.trip.messages_estimate  # noqa: F401  (the estimate's texts)
from genai_bot.commands import Handler, Verb
from genai_bot.skill_host import SkillHost
from skills.trip import commands as c
from skills.trip.approvals import reask_pending
from skills.trip.digest import register_digest
from skills.trip.extras import EXTRA_VERBS, register_extras
from skills.trip.retention import prune_trip_text
from skills.trip.settings import TripSettings


def _sub(name: str, aliases: tuple[str, ...], handler: Handler) -> Verb:
    """A trip subcommand with its help texts (`trip.sub|usage|example.<name>`)."""
    return Verb(
        name,
        aliases,
        handler,
        summary=f"trip.sub.{name}",
        usage=f"trip.usage.{name}",
        example=f"trip.example.{name}",
    )


TRIP = Verb(
    "trip",
    ("出張",),
    subcommands=(
        _sub("new", ("申請", "新規", "作成", "request"), c.new),
        _sub("submit", ("提出",), c.submit),
        _sub("list", ("一覧", "ls"), c.list_trips),
        _sub("show", ("表示", "詳細", "info"), c.show),
        _sub("edit", ("修正", "変更", "編集"), c.edit),
        _sub("cancel", ("取消", "取消し", "取り消し", "中止"), c.cancel),
        _sub("approve", ("承認",), c.approve),
        _sub("reject", ("却下",), c.reject),
        _sub("return", ("差戻し", "差し戻し", "差戻", "send-back"), c.return_),
        *EXTRA_VERBS,  # ics, conflicts, report, away (skills/trip/extras.py)
    ),
    help_title="trip.help.title",
    help_footer="trip.help.footer",
)
"""`/genai trip …` (出張) and its subcommands, in the one command registry."""


def register(host: SkillHost) -> None:
    """`/genai trip …` (出張) replaces the "coming soon" answer. A malformed GENAI_TRIP_* setting (or a rate table
    that does not load) stops the start here, with one line naming it."""
    host.settings(TripSettings)
    host.command(TRIP)
    host.every_hour("trip.reask", reask_pending)
    register_extras(host)  # the reminders' outbox kind
    register_digest(host)  # approvals waiting for me, my trips, who is away (skills/trip/digest.py)
    host.retention("trip_notes", prune_trip_text)  # notes and unfiled report drafts of trips long over
