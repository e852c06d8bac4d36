"""The assist skill: the chat assistant (mentions, DMs, console lines), draft (起案) and proofread (校正)."""

from genai_bot.commands import Verb
from genai_bot.skill_host import SkillHost
from skills.assist import messages as _messages  # registers the catalog
from skills.assist.chat import chat_handler
from skills.assist.draft import draft_handler
from skills.assist.memory import prune_chat_memory
from skills.assist.proofread import proofread_handler
from skills.assist.settings import AssistSettings

del _messages

__all__ = ["AssistSettings", "register"]


def register(host: SkillHost) -> None:
    """Chat (hidden: free text lands here), draft, proofread, and chat memory's retention."""
    settings = host.settings(AssistSettings)
    host.command(
        Verb("chat", ("チャット",), chat_handler(settings), hidden=True),
        Verb("draft", ("起案", "下書き"), draft_handler(settings), example="assist.draft.help"),
        Verb("proofread", ("校正",), proofread_handler(settings)),
    )

    # chat memory and console history older than GENAI_CHAT_RETENTION_DAYS go with the daily retention job
    host.retention("chat_memory", prune_chat_memory, days=settings.chat_retention_days)
