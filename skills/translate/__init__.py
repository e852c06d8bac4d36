"""The translate skill (not built yet: its verbs answer "coming soon")."""

from genai_bot.commands import CommandRegistry


def register(registry: CommandRegistry) -> None:
    """Nothing yet: the planned verbs keep their "coming soon" handlers."""
