"""System verbs: status, language and channel classification (free-text chat belongs to the assist skill)."""

from genai_bot.commands import CommandRegistry, Verb
from skills.system.service import classify, set_language, status


def register(registry: CommandRegistry) -> None:
    registry.register(Verb("status", ("状態", "ステータス"), status))
    registry.register(Verb("lang", ("言語", "language"), set_language))
    registry.register(Verb("classify", ("機密区分", "classification"), classify))
