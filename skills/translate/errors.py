"""The translate skill's configuration error: one line naming the setting, with the setting kept for users."""

from __future__ import annotations

from genai_bot.errors import ConfigError
from genai_bot.settings_base import invalid_setting


class TranslateConfigError(ConfigError):
    """A translate setting (or the glossary file it names) is invalid; `setting` is the variable to fix."""

    def __init__(self, setting: str, detail: str) -> None:
        super().__init__(str(invalid_setting(setting, detail)))
        self.setting = setting
