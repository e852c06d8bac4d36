"""Settings of the translate skill, read from the environment and `.env` like the core settings.

Nothing is read at import time. The CLI calls `load_translate_settings()` at start-up so a bad value (or a bad
glossary CSV) stops the start with one line naming the setting; a running bot that was not validated that way
loads them on first use (`settings_for`) and answers users with a friendly error instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import structlog
from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from genai_bot.errors import UserFacingError
from genai_bot.services import Services
from skills.translate.errors import TranslateConfigError
from skills.translate.glossary import GLOSSARY_SETTING, Glossary, load_glossary

log = structlog.get_logger(__name__)

MAX_CHARS_SETTING = "GENAI_TRANSLATE_MAX_CHARS"
SETTINGS_KEY = "translate.settings"
"""Where the loaded settings are kept in `Services.extras` (tests and the CLI may put them there)."""


class TranslateSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    glossary_path: Path | None = Field(None, validation_alias=AliasChoices(GLOSSARY_SETTING))
    """A UTF-8 CSV with the header `ja,en` (optional `note`): terms every translation must use."""
    max_chars: int = Field(4000, ge=1, le=100_000, validation_alias=AliasChoices(MAX_CHARS_SETTING))
    """The longest text (in characters) one request may translate."""

    @field_validator("glossary_path", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    def glossary(self) -> Glossary:
        """The glossary (cached until the file changes); raises TranslateConfigError when it is unreadable."""
        return load_glossary(self.glossary_path)


_ALIASES = {"glossary_path": GLOSSARY_SETTING, "max_chars": MAX_CHARS_SETTING}


def load_translate_settings(**overrides: Any) -> TranslateSettings:
    """Read and validate the settings, glossary file included; raises ConfigError (a TranslateConfigError) with
    one line naming the setting and the fix."""
    try:
        settings = TranslateSettings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = str(err["loc"][0]) if err["loc"] else "?"
        raise TranslateConfigError(_ALIASES.get(loc, loc), str(err["msg"])) from None
    settings.glossary()
    return settings


def settings_for(services: Services) -> TranslateSettings:
    """The settings kept for this core, loaded on first use; a bad value becomes a friendly user-facing error."""
    found = services.extras.get(SETTINGS_KEY)
    if isinstance(found, TranslateSettings):
        return found
    try:
        loaded = load_translate_settings()
    except TranslateConfigError as exc:
        raise _misconfigured(exc) from None
    services.extras[SETTINGS_KEY] = loaded
    return loaded


def glossary_for(settings: TranslateSettings) -> Glossary:
    """The current glossary; a file broken since start-up becomes a friendly user-facing error."""
    try:
        return settings.glossary()
    except TranslateConfigError as exc:
        raise _misconfigured(exc) from None


def _misconfigured(exc: TranslateConfigError) -> UserFacingError:
    log.error("translate.misconfigured", setting=exc.setting, error=str(exc))
    return UserFacingError("translate.misconfigured", setting=exc.setting)
