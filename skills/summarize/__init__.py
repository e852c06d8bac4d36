"""The summarize skill: `/genai summarize` (要約) for a channel or a thread, with the LLM or extractively."""

from genai_bot.commands import Verb
from genai_bot.skill_host import SkillHost
from skills.summarize.service import summarize


def register(host: SkillHost) -> None:
    host.command(Verb("summarize", ("要約", "summary", "summarise"), summarize))
