"""One settings pattern for the core and every skill: pydantic-settings with a prefix, one-line errors.

A settings class derives from `EnvSettings` and names its prefix (`env_prefix="GENAI_COMMITTEE_"`): a field
`poll_days` is then read from `GENAI_COMMITTEE_POLL_DAYS` in the environment or `.env`. A variable whose name does
not fit the prefix (operators already use it) keeps it with `validation_alias="GENAI_TRANSLATE_GLOSSARY"`.
Values may also be given by their environment names (`AssistSettings(GENAI_CHAT_MAX_CHARS=10)`), as tests do.

`load_env_settings(cls)` reads a class and turns the first validation error into one `ConfigError` line naming the
variable and the fix. The composition root (genai_bot.app) loads each skill's settings through `SkillHost.settings`
at start-up and keeps them in a `LoadedSettings` (one instance per class) that the skill's code reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import AliasChoices, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from genai_bot.errors import ConfigError

__all__ = ["EnvSettings", "LoadedSettings", "env_name", "invalid_setting", "load_env_settings"]


class EnvSettings(BaseSettings):
    """Base of every settings class: `.env` is read, unknown variables are ignored, names or env names accepted."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _accept_environment_names(cls, data: Any) -> Any:
        """`GENAI_CHAT_MAX_CHARS=10` given directly sets `chat_max_chars` (and wins over the environment)."""
        if not isinstance(data, dict):
            return data
        by_env = {
            env_name(cls, name).lower(): name
            for name, info in cls.model_fields.items()
            if info.validation_alias is None
        }
        values = dict(data)
        for key in data:
            field = by_env.get(key.lower()) if isinstance(key, str) else None
            if field is not None and key != field:
                values[field] = values.pop(key)
        return values


S = TypeVar("S", bound=EnvSettings)


def env_name(cls: type[BaseSettings], field: str) -> str:
    """The environment variable a field is read from: its alias, or the class's prefix and the field's name."""
    info = cls.model_fields.get(field)
    alias = info.validation_alias if info is not None else None
    if isinstance(alias, AliasChoices) and alias.choices:
        return str(alias.choices[0])
    if isinstance(alias, str):
        return alias
    return f"{cls.model_config.get('env_prefix') or ''}{field}".upper()


def invalid_setting(name: str, detail: str) -> ConfigError:
    """The one line every configuration error is: which variable, what is wrong, what to do."""
    one_line = " ".join(detail.split())
    return ConfigError(f"Setting {name} is invalid: {one_line}. Fix it in the environment or .env and start again.")


def load_env_settings(cls: type[S], **values: Any) -> S:
    """Read `cls` from the environment and `.env` (and `values`); a bad value raises ConfigError naming it."""
    try:
        return cls(**values)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = str(err["loc"][0]) if err["loc"] else ""
        name = env_name(cls, loc) if loc in cls.model_fields else (loc or cls.__name__)
        raise invalid_setting(name, str(err["msg"])) from None


class LoadedSettings:
    """The settings each skill was given at start-up, one instance per class (tests may hand in their own)."""

    def __init__(self, given: Iterable[EnvSettings] = ()) -> None:
        self._by_class: dict[type[EnvSettings], EnvSettings] = {type(s): s for s in given}

    def load(self, cls: type[S]) -> S:
        """The settings of `cls`: those handed in, or else read now (a bad value raises ConfigError)."""
        if cls not in self._by_class:
            self._by_class[cls] = load_env_settings(cls)
        return self.of(cls)

    def of(self, cls: type[S]) -> S:
        """The settings of `cls` loaded at start-up; a skill that did not ask for them in `register` gets an error."""
        found = self._by_class.get(cls)
        if not isinstance(found, cls):
            raise LookupError(f"{cls.__name__} were not loaded: ask for them with host.settings() in register()")
        return found

    def use(self, settings: EnvSettings) -> None:
        """Replace the settings of that class (tests; later reads see the new values)."""
        self._by_class[type(settings)] = settings
