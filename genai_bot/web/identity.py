"""Who is signed in to the admin dashboard: the request-scoped `Admin` (set by the admin app's auth middleware)."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

__all__ = ["ADMIN_KEY", "ROLE_ADMIN", "ROLE_ORG_ADMIN", "Admin", "current_admin", "set_admin"]


ROLE_ADMIN = "admin"
"""Sees and changes everything."""

ROLE_ORG_ADMIN = "org_admin"
"""Sees only their own organisation."""


@dataclass(frozen=True)
class Admin:
    subject: str
    name: str
    email: str | None
    roles: frozenset[str]
    organisation: str | None
    """Org unit id (top-level ministry id from the org file) for an organisation admin."""

    @property
    def is_global(self) -> bool:
        return ROLE_ADMIN in self.roles

    def allowed_org(self) -> str | None:
        """None = every organisation; else the only one they may see ("" — nothing — for an organisation admin
        without an organisation; sign-in never makes one, they get the no-access page)."""
        return None if self.is_global else (self.organisation or "")


ADMIN_KEY: web.RequestKey[Admin] = web.RequestKey("genai.admin", Admin)
"""The request key holding the signed-in Admin."""


def current_admin(request: web.Request) -> Admin:
    """The signed-in admin of this request; 401 when nobody is signed in."""
    admin = request.get(ADMIN_KEY)
    if not isinstance(admin, Admin):
        raise web.HTTPUnauthorized(text='{"error": "not signed in"}', content_type="application/json")
    return admin


def set_admin(request: web.Request, admin: Admin) -> None:
    """Mark `request` as made by `admin` (the auth middleware, after checking the session)."""
    request[ADMIN_KEY] = admin
