"""The translate skill: Japanese ⇔ English with Slack formatting kept and the organisation glossary applied."""

import skills.translate.messages  # noqa: F401  (registers the catalog)
from genai_bot.commands import CommandRegistry, Verb
from skills.translate.command import translate_command
from skills.translate.settings import TranslateSettings, load_translate_settings

__all__ = ["TranslateSettings", "load_translate_settings", "register"]


def register(registry: CommandRegistry) -> None:
    registry.register(Verb("translate", ("翻訳",), translate_command))
