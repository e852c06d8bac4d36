"""Trip settings (`GENAI_TRIP_…`), read when the skill registers, at start-up: a malformed value, or a rate table
that does not load, stops the start with one line naming the variable (ConfigError), never a traceback."""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import SettingsConfigDict

from genai_bot.settings_base import EnvSettings
from skills.trip.rates import SHIPPED_RATES, RatesFileError, cached_rates

__all__ = ["TripSettings"]


class TripSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_TRIP_")

    rates_file: Path = SHIPPED_RATES
    """The travel-expense rate table (YAML), or a folder of them (one per revision, each with its valid_from)."""

    @field_validator("rates_file")
    @classmethod
    def _rates_load(cls, value: Path) -> Path:
        try:
            cached_rates(value)
        except RatesFileError as exc:
            raise PydanticCustomError("rates_file", "{detail}", {"detail": exc.detail}) from None
        return value
