"""Settings of the admin dashboard's web layer (`GENAI_WEB_…`): cookies, sessions, and how Entra ID claims become
dashboard roles. Entra ID itself is configured by the core's `GENAI_ENTRA_*` settings and cookies are keyed by
`GENAI_SECRET_KEY`."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from genai_bot.settings_base import EnvSettings

__all__ = ["WebSettings"]


class WebSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_WEB_")

    secure_cookies: bool = True
    """Session cookies carry `Secure` (sent over HTTPS only). False only for local use over plain http."""
    session_hours: float = Field(8.0, gt=0, le=24 * 7)
    """How long a dashboard sign-in lasts; afterwards the administrator signs in again."""
    public_url: str | None = None
    """The dashboard's address as browsers reach it (e.g. https://bot.example.go.jp), for the sign-in redirect URI
    registered in Entra ID (`<public_url>/admin/auth/callback`). Unset: taken from each request."""
    admin_roles: str = "admin"
    """Comma-separated app-role values or group object ids (the id token's `roles` / `groups` claims) that make
    someone a dashboard administrator (sees every organisation)."""
    org_admin_roles: str = "org_admin"
    """Comma-separated app-role values or group ids that make someone an organisation administrator (sees only their
    organisation: from GENAI_WEB_ORG_ADMIN_GROUPS, the claim GENAI_WEB_ORG_CLAIM, or their e-mail in GENAI_ORG_FILE)."""
    org_admin_groups: str = ""
    """`<group id>=<organisation id>, …`: membership of that group makes someone the organisation admin of it."""
    org_claim: str | None = None
    """An id-token claim holding an organisation admin's organisation id (e.g. an extension attribute)."""

    @field_validator("public_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (or http:// for local use)")
        return value

    @field_validator("org_admin_groups")
    @classmethod
    def _group_pairs(cls, value: str) -> str:
        for pair in _items(value):
            group, sep, org = pair.partition("=")
            if not sep or not group.strip() or not org.strip():
                raise ValueError(f"{pair!r} is not <group id>=<organisation id>")
        return value

    @property
    def admin_values(self) -> frozenset[str]:
        return frozenset(_items(self.admin_roles))

    @property
    def org_admin_values(self) -> frozenset[str]:
        return frozenset(_items(self.org_admin_roles))

    @property
    def org_of_group(self) -> dict[str, str]:
        pairs = (pair.partition("=") for pair in _items(self.org_admin_groups))
        return {group.strip(): org.strip().strip("/") for group, _, org in pairs}


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.replace("、", ",").split(",") if item.strip()]
