"""The translate skill's configuration error: one line naming the setting, with the setting kept for users."""

from __future__ import annotations

from genai_bot.errors import ConfigError


class TranslateConfigError(ConfigError):
    """A translate setting (or the glossary file it names) is invalid; `setting` is the variable to fix."""

    def __init__(self, setting: str, detail: str) -> None:
        one_line = " ".join(detail.split())
        super().__init__(
            f"Setting {setting} is invalid: {one_line}. Fix it in the environment or .env and start again."
        )
        self.setting = setting
