"""The assist skill: the chat assistant (mentions, DMs, console lines), draft (起案) and proofread (校正)."""

from genai_bot.commands import CommandRegistry, Verb
from skills.assist import messages as _messages  # registers the catalog
from skills.assist.chat import chat_handler
from skills.assist.draft import draft_handler
from skills.assist.memory import prune_chat_memory
from skills.assist.proofread import proofread_handler
from skills.assist.settings import AssistSettings, load_assist_settings

del _messages

__all__ = ["AssistSettings", "load_assist_settings", "prune_chat_memory", "register"]


def register(registry: CommandRegistry, settings: AssistSettings | None = None) -> None:
    """Register chat (hidden: free text lands here), draft and proofread. Settings are read now (start-up)."""
    settings = settings or load_assist_settings()
    registry.register(Verb("chat", ("チャット",), chat_handler(settings), hidden=True))
    registry.register(Verb("draft", ("起案", "下書き"), draft_handler(settings)))
    registry.register(Verb("proofread", ("校正",), proofread_handler(settings)))
