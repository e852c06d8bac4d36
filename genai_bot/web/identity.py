"""Who is signed in to the admin dashboard: the `Admin` a request carries in `request["genai.admin"]`."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

__all__ = ["ADMIN_KEY", "Admin", "current_admin"]

ADMIN_KEY = "genai.admin"


@dataclass(frozen=True)
class Admin:
    subject: str
    name: str
    email: str | None
    roles: frozenset[str]
    organisation: str | None
    """The organisation unit id (top-level ministry id from the org file) of an organisation admin."""

    @property
    def is_global(self) -> bool:
        return "admin" in self.roles

    def allowed_org(self) -> str | None:
        """None: every organisation; else the only one this admin may see."""
        return None if self.is_global else (self.organisation or "")


def current_admin(request: web.Request) -> Admin:
    """The signed-in admin (HTTPUnauthorized when the request carries none)."""
    admin = request.get(ADMIN_KEY)
    if not isinstance(admin, Admin):
        raise web.HTTPUnauthorized()
    return admin
