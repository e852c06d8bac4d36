"""Settings, read from the environment and a `.env` file (pydantic-settings).

Third-party credentials keep their ecosystems' names (SLACK_BOT_TOKEN, OPENAI_API_KEY, ...); project settings
use the GENAI_ prefix. Every field here is listed in the README's settings table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_core import PydanticCustomError
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
    data_key: SecretStr | None = None
    """Keys sealing secrets stored in the database (comma-separated: the first encrypts, all decrypt, for rotation);
    unset: derived from GENAI_SECRET_KEY (see genai_bot/db/encrypted.py)."""
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["console", "json"] = "console"
    http_port: int = Field(3000, ge=1, le=65535)
    slack_max_body_bytes: int = Field(1_048_576, ge=4096)
    """Largest request body HTTP mode reads; a larger one is refused with 413 before it is read."""
    admin_users: str = ""
    """Comma-separated user ids (Slack `U…`, console names) allowed to lower a channel's classification."""
    outbox_interval_seconds: float = Field(15.0, gt=0)
    outbox_concurrency: int = Field(8, ge=1, le=200)
    """Outbox deliveries one instance runs at once (each waits for its Slack permit: see genai_bot/pacing.py)."""
    slack_max_posts_per_second: float = Field(10.0, gt=0)
    """The workspace's ceiling for chat.postMessage, shared by every instance on one PostgreSQL database."""
    instance_id: str | None = Field(None, min_length=1, max_length=100)
    """The name this process claims outbox rows under; unset: `<host>-<slot>`, stable across restarts (see
    genai_bot/instance.py). Set it only to a name no other live process uses."""
    shutdown_timeout_seconds: float = Field(20.0, gt=0)
    user_touch_seconds: float = Field(300.0, ge=0)
    """How often (at most) a user's row is written on contact (last seen); between writes the person is cached."""
    console_files_dir: Path = Path("genai-files")
    """Where the console writes the files it hands over (.ics invitations and cancellations)."""
    slack_file_above_chars: int = Field(100_000, ge=3000)
    """A public Slack answer longer than this (characters) is uploaded as a file instead of continuation messages."""
    retention_days: int = Field(90, ge=0, le=36500)
    """Stored message text (outbox payloads, kept requests, trip notes, minutes drafts) older than this many days is
    deleted or cleared by the daily retention job (chat memory follows GENAI_CHAT_RETENTION_DAYS); 0 keeps it."""
    org_file: Path | None = None
    """The organisation file (YAML: units, members with grades, approvers and delegates); see genai_bot/org.py and
    examples/org.example.yaml. Unset: no organisation (trip approvals and the dashboard's organisation need it)."""

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

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_kind(cls, value: SecretStr | None) -> SecretStr | None:
        return _slack_token(value, "xoxb-", "the Bot User OAuth Token (xoxb-…) from OAuth & Permissions")

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_kind(cls, value: SecretStr | None) -> SecretStr | None:
        return _slack_token(value, "xapp-", "an app-level token (xapp-…) from Basic Information → App-Level Tokens")

    @field_validator("instance_id", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

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


# What a Slack token's prefix says it is (the prefix is all a message may show of a secret).
_SLACK_TOKEN_KINDS = {
    "xoxb-": "a bot token",
    "xapp-": "an app-level token",
    "xoxp-": "a user token",
    "xoxe": "a refresh or configuration token",
    "xoxa-": "a workspace token",
}


def _slack_token(value: SecretStr | None, prefix: str, wanted: str) -> SecretStr | None:
    """An empty value is no token; a token of another kind is refused, naming the kind it is (never the token)."""
    token = value.get_secret_value().strip() if value is not None else ""
    if not token:
        return None
    if token.startswith(prefix):
        return SecretStr(token)
    kind = next((f"this is {k}" for p, k in _SLACK_TOKEN_KINDS.items() if token.startswith(p)), None)
    what = kind or f"it does not start with {prefix}"
    raise PydanticCustomError("slack_token_kind", "{what}; it takes {wanted}", {"what": what, "wanted": wanted})


def load_settings(**overrides: object) -> Settings:
    """Read settings; on a bad value raise ConfigError with one line naming the variable and the fix."""
    return load_env_settings(Settings, **overrides)
