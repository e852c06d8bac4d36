"""Settings of the assist skill (chat memory and input limits), read from the environment and `.env`.

Loaded once when the skill registers (that is, at start-up), so a malformed value stops the start with one line
naming the variable.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from genai_bot.errors import ConfigError


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class AssistSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    chat_history_tokens: int = Field(3000, ge=0, le=200_000, validation_alias=_env("GENAI_CHAT_HISTORY_TOKENS"))
    """How much of a thread's history (estimated tokens) is sent with each chat turn."""
    chat_retention_days: int = Field(30, ge=1, le=3650, validation_alias=_env("GENAI_CHAT_RETENTION_DAYS"))
    """Chat memory older than this is deleted by `prune_chat_memory`."""
    chat_max_chars: int = Field(4000, ge=1, le=100_000, validation_alias=_env("GENAI_CHAT_MAX_CHARS"))
    draft_max_chars: int = Field(2000, ge=1, le=100_000, validation_alias=_env("GENAI_DRAFT_MAX_CHARS"))
    proofread_max_chars: int = Field(4000, ge=1, le=100_000, validation_alias=_env("GENAI_PROOFREAD_MAX_CHARS"))


def load_assist_settings(**values: object) -> AssistSettings:
    """Read the settings; a bad value raises ConfigError with one line naming the variable and the fix."""
    try:
        return AssistSettings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        name = str(err["loc"][0]) if err["loc"] else "?"
        info = AssistSettings.model_fields.get(name)
        if info is not None and isinstance(info.validation_alias, AliasChoices):
            name = str(info.validation_alias.choices[0])
        raise ConfigError(
            f"Setting {name} is invalid: {err['msg']}. Fix it in the environment or .env and start again."
        ) from None
