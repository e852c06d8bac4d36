"""Committee settings: default working hours, lunch block, meeting length, buffer, poll deadline.

Read from the environment and `.env` (`GENAI_COMMITTEE_…`) when the skill registers, at start-up: a malformed value
stops the start with one line naming the variable (ConfigError), never a traceback.
"""

from __future__ import annotations

import re
from datetime import time

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from genai_bot.services import Services
from genai_bot.settings_base import EnvSettings

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


class CommitteeSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_COMMITTEE_")

    working_hours: str = "09:30-18:15"
    lunch: str = "12:00-13:00"
    duration_minutes: int = Field(60, ge=5, le=600)
    buffer_minutes: int = Field(0, ge=0, le=240)
    max_candidates: int = Field(5, ge=1, le=10)
    poll_days: int = Field(3, ge=0, le=60)

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


def committee_settings(services: Services) -> CommitteeSettings:
    """The committee settings this core loaded at start-up (when the skill registered)."""
    return services.skill_settings.of(CommitteeSettings)
