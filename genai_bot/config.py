"""Settings, read from the environment and a `.env` file (pydantic-settings).

Third-party credentials keep their ecosystems' names (SLACK_BOT_TOKEN, OPENAI_API_KEY, ...); project settings
use the GENAI_ prefix. Every field here is listed in the README's settings table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from genai_bot.settings_base import EnvSettings, load_env_settings

Language = Literal["ja", "en"]


class Settings(EnvSettings):
    """Project settings are `GENAI_<FIELD>`; third-party names are aliases."""

    model_config = SettingsConfigDict(env_prefix="GENAI_")

    # --- Slack (names as Slack's own tools use them) ---
    slack_bot_token: SecretStr | None = Field(None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(None, validation_alias="SLACK_SIGNING_SECRET")

    # --- Project settings ---
    database_url: str = "sqlite+aiosqlite:///genai-bot.db"
    slack_api_url: str = "https://slack.com/api/"
    timezone: str = "Asia/Tokyo"
    language: Language = "ja"
    secret_key: SecretStr | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["console", "json"] = "console"
    http_port: int = Field(3000, ge=1, le=65535)
    slack_max_body_bytes: int = Field(1_048_576, ge=4096)
    """Largest request body HTTP mode reads; a larger one is refused with 413 before it is read."""
    admin_users: str = ""
    """Comma-separated user ids (Slack `U…`, console names) allowed to lower a channel's classification."""
    outbox_interval_seconds: float = Field(15.0, gt=0)
    shutdown_timeout_seconds: float = Field(20.0, gt=0)
    user_touch_seconds: float = Field(300.0, ge=0)
    """How often (at most) a user's row is written on contact (last seen); between writes the person is cached."""
    console_files_dir: Path = Path("genai-files")
    """Where the console writes the files it hands over (.ics invitations and cancellations)."""

    # --- Entra ID (Graph calendars and dashboard SSO) ---
    entra_tenant_id: str | None = None
    entra_client_id: str | None = None
    entra_client_secret: SecretStr | None = None
    entra_authority_url: str | None = None
    entra_ca_bundle: Path | None = None
    graph_api_url: str = "https://graph.microsoft.com/v1.0"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Tokyo)") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _trailing_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    # --- derived facts (no secrets) ---
    @property
    def admins(self) -> frozenset[str]:
        return frozenset(u.strip() for u in self.admin_users.replace("、", ",").split(",") if u.strip())

    @property
    def slack_configured(self) -> bool:
        return self.slack_bot_token is not None

    @property
    def database_engine(self) -> str:
        return "postgresql" if self.database_url.startswith("postgresql") else "sqlite"

    @property
    def entra_authority(self) -> str | None:
        if self.entra_authority_url:
            return self.entra_authority_url
        if self.entra_tenant_id:
            return f"https://login.microsoftonline.com/{self.entra_tenant_id}"
        return None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


def load_settings(**overrides: object) -> Settings:
    """Read settings; on a bad value raise ConfigError with one line naming the variable and the fix."""
    return load_env_settings(Settings, **overrides)
