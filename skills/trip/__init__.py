"""Business trips (出張): request, estimate under the 2025 travel-expense rules, conflicts, approval, itinerary,
reminders, report and the accounting export (`/genai trip`)."""

from genai_bot.skill_host import SkillHost


def register(host: SkillHost) -> None:
    """`/genai trip …` (出張) replaces the "coming soon" answer."""
