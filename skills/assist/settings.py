"""Settings of the assist skill (chat memory and input limits): `GENAI_CHAT_…`, `GENAI_DRAFT_…`, `GENAI_PROOFREAD_…`.

Loaded by the composition root when the skill registers (at start-up), so a malformed value stops the start with
one line naming the variable.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from genai_bot.settings_base import EnvSettings

__all__ = ["AssistSettings"]


class AssistSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_")

    chat_history_tokens: int = Field(3000, ge=0, le=200_000)
    """How much of a thread's history (estimated tokens) is sent with each chat turn."""
    chat_retention_days: int = Field(30, ge=0, le=3650)
    """Chat memory older than this is deleted by the daily retention job (genai_bot.retention); 0 keeps it."""
    chat_max_chars: int = Field(4000, ge=1, le=100_000)
    draft_max_chars: int = Field(2000, ge=1, le=100_000)
    proofread_max_chars: int = Field(4000, ge=1, le=100_000)
