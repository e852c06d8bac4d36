"""Settings of the translate skill (`GENAI_TRANSLATE_…`), read from the environment and `.env`.

Nothing is read at import time. The composition root loads them when the skill registers (at start-up), so a bad
value (or a bad glossary CSV) stops the start with one line naming the setting. A glossary file broken while the
bot runs answers users with a friendly error instead of a traceback (`glossary_for`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Self

import structlog
from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from genai_bot.errors import UserFacingError
from genai_bot.services import Services
from genai_bot.settings_base import EnvSettings
from skills.translate.errors import TranslateConfigError
from skills.translate.glossary import GLOSSARY_SETTING, Glossary, load_glossary

log = structlog.get_logger(__name__)


class TranslateSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_TRANSLATE_")

    glossary_path: Path | None = Field(None, validation_alias=GLOSSARY_SETTING)
    """A UTF-8 CSV with the header `ja,en` (optional `note`): terms every translation must use."""
    max_chars: int = Field(4000, ge=1, le=100_000)
    """The longest text (in characters) one request may translate."""

    @field_validator("glossary_path", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _glossary_readable(self) -> Self:
        """The glossary file is read now, so a broken one stops the start (a TranslateConfigError naming it)."""
        self.glossary()
        return self

    def glossary(self) -> Glossary:
        """The glossary (cached until the file changes); raises TranslateConfigError when it is unreadable."""
        return load_glossary(self.glossary_path)


def settings_for(services: Services) -> TranslateSettings:
    """The translate settings this core loaded at start-up (when the skill registered)."""
    return services.skill_settings.of(TranslateSettings)


def glossary_for(settings: TranslateSettings) -> Glossary:
    """The current glossary; a file broken since start-up becomes a friendly user-facing error."""
    try:
        return settings.glossary()
    except TranslateConfigError as exc:
        log.error("translate.misconfigured", setting=exc.setting, error=str(exc))
        raise UserFacingError("translate.misconfigured", setting=exc.setting) from None
