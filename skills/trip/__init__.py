"""Business trips (出張): request, estimate under the 2025 travel-expense rules, conflicts, approval, itinerary,
reminders, report and the accounting export (`/genai trip`)."""

from genai_bot.commands import Verb
from genai_bot.skill_host import SkillHost
from skills.trip.extras import EXTRA_VERBS, register_extras


def register(host: SkillHost) -> None:
    """`/genai trip …` (出張) replaces the "coming soon" answer."""
    host.command(Verb("trip", ("出張",), subcommands=(*EXTRA_VERBS,)))
    register_extras(host)
