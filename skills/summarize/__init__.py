"""The summarize skill: `/genai summarize` (要約) for a channel or a thread, with the LLM or extractively."""

from genai_bot.commands import CommandRegistry, Verb
from skills.summarize.service import summarize


def register(registry: CommandRegistry) -> None:
    registry.register(Verb("summarize", ("要約", "summary", "summarise"), summarize))
