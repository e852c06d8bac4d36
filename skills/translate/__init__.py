"""The translate skill: Japanese ⇔ English with Slack formatting kept and the organisation glossary applied."""

import skills.translate.messages  # noqa: F401  (registers the catalog)
from genai_bot.commands import Verb
from genai_bot.skill_host import SkillHost
from skills.translate.command import translate_command
from skills.translate.settings import TranslateSettings

__all__ = ["TranslateSettings", "register"]


def register(host: SkillHost) -> None:
    """`/genai translate` (翻訳). The settings (and the glossary file they name) are checked now, at start-up."""
    host.settings(TranslateSettings)
    host.command(Verb("translate", ("翻訳",), translate_command))
