"""Committee management: members, slot finding, polls, confirmation, reminders, minutes."""

from genai_bot.commands import CommandRegistry


def register(registry: CommandRegistry) -> None:
    """Not wired yet: `/genai committee` answers "coming soon"; the slot finder is reachable via `genai-bot slots`."""
