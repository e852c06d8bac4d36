"""System verbs: status, language, and the chat fallback."""

from genai_bot.commands import CommandRegistry, Verb
from skills.system.service import chat_fallback, set_language, status


def register(registry: CommandRegistry) -> None:
    registry.register(Verb("status", ("状態", "ステータス"), status))
    registry.register(Verb("lang", ("言語", "language"), set_language))
    registry.register(Verb("chat", ("チャット",), chat_fallback, hidden=True))
