"""Committee settings: default working hours, lunch block, meeting length, buffer, poll deadline.

Read from the environment and `.env` like the core settings (`GENAI_COMMITTEE_…`). A malformed value stops the
command with one line naming the variable (ConfigError), never a traceback.
"""

from __future__ import annotations

import re
from datetime import time

from pydantic import AliasChoices, Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from genai_bot.errors import ConfigError
from genai_bot.services import Services

_HOURS = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–〜~]\s*(\d{1,2}):(\d{2})\s*$")


def parse_hours(value: str) -> tuple[time, time]:
    """'09:30-18:15' → (09:30, 18:15); raises ValueError when malformed or the end is not after the start."""
    match = _HOURS.match(value)
    if match is None:
        raise ValueError(f"expected HH:MM-HH:MM, got {value!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ValueError(f"not a time of day: {value!r}")
    start, end = time(h1, m1), time(h2, m2)
    if not start < end:
        raise ValueError(f"the end must be after the start: {value!r}")
    return start, end


class CommitteeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      populate_by_name=True)

    working_hours: str = Field("09:30-18:15", validation_alias=AliasChoices("GENAI_COMMITTEE_WORKING_HOURS"))
    lunch: str = Field("12:00-13:00", validation_alias=AliasChoices("GENAI_COMMITTEE_LUNCH"))
    duration_minutes: int = Field(60, ge=5, le=600, validation_alias=AliasChoices("GENAI_COMMITTEE_DURATION_MINUTES"))
    buffer_minutes: int = Field(0, ge=0, le=240, validation_alias=AliasChoices("GENAI_COMMITTEE_BUFFER_MINUTES"))
    max_candidates: int = Field(5, ge=1, le=10, validation_alias=AliasChoices("GENAI_COMMITTEE_MAX_CANDIDATES"))
    poll_days: int = Field(3, ge=0, le=60, validation_alias=AliasChoices("GENAI_COMMITTEE_POLL_DAYS"))

    @field_validator("working_hours", "lunch")
    @classmethod
    def _valid_hours(cls, value: str) -> str:
        parse_hours(value)
        return value

    @property
    def hours(self) -> tuple[time, time]:
        return parse_hours(self.working_hours)

    @property
    def lunch_block(self) -> tuple[time, time]:
        return parse_hours(self.lunch)


_ALIASES = {
    "working_hours": "GENAI_COMMITTEE_WORKING_HOURS",
    "lunch": "GENAI_COMMITTEE_LUNCH",
    "duration_minutes": "GENAI_COMMITTEE_DURATION_MINUTES",
    "buffer_minutes": "GENAI_COMMITTEE_BUFFER_MINUTES",
    "max_candidates": "GENAI_COMMITTEE_MAX_CANDIDATES",
    "poll_days": "GENAI_COMMITTEE_POLL_DAYS",
}


def load_committee_settings(**overrides: object) -> CommitteeSettings:
    """Read the committee settings; a bad value raises ConfigError naming the variable."""
    try:
        return CommitteeSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = str(err["loc"][0]) if err["loc"] else "?"
        name = _ALIASES.get(loc, loc)
        raise ConfigError(
            f"Setting {name} is invalid: {err['msg']}. Fix it in the environment or .env and start again."
        ) from None


SETTINGS_KEY = "committee.settings"
"""Where the loaded settings live in `Services.extras` (tests may put their own there)."""


def committee_settings(services: Services) -> CommitteeSettings:
    """The committee settings of this core, read once (tests and operators may put their own in `extras`)."""
    cached = services.extras.get(SETTINGS_KEY)
    if isinstance(cached, CommitteeSettings):
        return cached
    loaded = load_committee_settings()
    services.extras[SETTINGS_KEY] = loaded
    return loaded
