"""Settings, read from the environment and a `.env` file (pydantic-settings).

Third-party credentials keep their ecosystems' names (SLACK_BOT_TOKEN, OPENAI_API_KEY, ...); project settings
use the GENAI_ prefix. Every field here is listed in the README's settings table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from genai_bot.errors import ConfigError

Language = Literal["ja", "en"]


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # --- Slack (names as Slack's own tools use them) ---
    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_SIGNING_SECRET"))
    slack_client_id: str | None = Field(None, validation_alias=_env("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(None, validation_alias=_env("SLACK_CLIENT_SECRET"))

    # --- LLM providers (OpenAI SDK names) ---
    openai_api_key: SecretStr | None = Field(None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL"))
    azure_openai_endpoint: str | None = Field(None, validation_alias=_env("AZURE_OPENAI_ENDPOINT"))
    azure_openai_api_key: SecretStr | None = Field(None, validation_alias=_env("AZURE_OPENAI_API_KEY"))
    openai_api_version: str | None = Field(None, validation_alias=_env("OPENAI_API_VERSION"))

    # --- Project settings ---
    database_url: str = Field("sqlite+aiosqlite:///genai-bot.db", validation_alias=_env("GENAI_DATABASE_URL"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("GENAI_SLACK_API_URL"))
    timezone: str = Field("Asia/Tokyo", validation_alias=_env("GENAI_TIMEZONE"))
    language: Language = Field("ja", validation_alias=_env("GENAI_LANGUAGE"))
    secret_key: SecretStr | None = Field(None, validation_alias=_env("GENAI_SECRET_KEY"))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias=_env("GENAI_LOG_LEVEL")
    )
    log_format: Literal["console", "json"] = Field("console", validation_alias=_env("GENAI_LOG_FORMAT"))
    http_port: int = Field(3000, ge=1, le=65535, validation_alias=_env("GENAI_HTTP_PORT"))
    admin_users: str = Field("", validation_alias=_env("GENAI_ADMIN_USERS"))
    """Comma-separated user ids (Slack `U…`, console names) allowed to lower a channel's classification."""
    outbox_interval_seconds: float = Field(
        15.0, gt=0, validation_alias=_env("GENAI_OUTBOX_INTERVAL_SECONDS")
    )
    shutdown_timeout_seconds: float = Field(
        20.0, gt=0, validation_alias=_env("GENAI_SHUTDOWN_TIMEOUT_SECONDS")
    )

    # --- Entra ID (Graph calendars and dashboard SSO) ---
    entra_tenant_id: str | None = Field(None, validation_alias=_env("GENAI_ENTRA_TENANT_ID"))
    entra_client_id: str | None = Field(None, validation_alias=_env("GENAI_ENTRA_CLIENT_ID"))
    entra_client_secret: SecretStr | None = Field(None, validation_alias=_env("GENAI_ENTRA_CLIENT_SECRET"))
    entra_authority_url: str | None = Field(None, validation_alias=_env("GENAI_ENTRA_AUTHORITY_URL"))
    entra_ca_bundle: Path | None = Field(None, validation_alias=_env("GENAI_ENTRA_CA_BUNDLE"))
    graph_api_url: str = Field("https://graph.microsoft.com/v1.0", validation_alias=_env("GENAI_GRAPH_API_URL"))

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


def _alias_of(field_name: str) -> str:
    field = Settings.model_fields.get(field_name)
    alias = field.validation_alias if field else None
    if isinstance(alias, AliasChoices) and alias.choices:
        return str(alias.choices[0])
    return field_name.upper()


def load_settings(**overrides: object) -> Settings:
    """Read settings; on a bad value raise ConfigError with one line naming the variable and the fix."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = str(err["loc"][0]) if err["loc"] else "?"
        name = loc if loc.isupper() else _alias_of(loc)
        raise ConfigError(
            f"Setting {name} is invalid: {err['msg']}. Fix it in the environment or .env and start again."
        ) from None
