"""Dashboard cookies: the signed-in session and the in-flight sign-in (PKCE verifier, state, nonce), both signed
and encrypted (Fernet: AES-CBC + HMAC-SHA256) with a key derived from GENAI_SECRET_KEY.

A cookie that was tampered with, was sealed for another purpose, or has expired opens to None: the administrator
signs in again. Expiry is checked against the services' clock. Cookies are HttpOnly, SameSite=Lax and — unless
GENAI_WEB_SECURE_COOKIES=false — Secure (then named with the `__Host-` prefix, so no subdomain can plant one).
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from genai_bot.web.identity import Admin

__all__ = ["FLOW_SECONDS", "CookieJar", "SessionCodec"]

FLOW_SECONDS = 600
"""How long a started sign-in may take (from the redirect to Entra ID until its answer comes back)."""

_SESSION = "session"
_FLOW = "flow"


class SessionCodec:
    """Seals a JSON object for one purpose and opens it again (None when tampered, foreign or expired)."""

    def __init__(self, secret_key: str) -> None:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"genai-bot web cookies v1").derive(
            secret_key.encode("utf-8")
        )
        self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, purpose: str, payload: dict[str, Any], expires: datetime) -> str:
        body = {"p": purpose, "exp": expires.timestamp(), "d": payload}
        return self._fernet.encrypt(json.dumps(body, separators=(",", ":")).encode()).decode("ascii")

    def open(self, purpose: str, token: str | None, now: datetime) -> dict[str, Any] | None:
        if not token:
            return None
        try:
            body = json.loads(self._fernet.decrypt(token.encode("ascii")))
        except (InvalidToken, ValueError, UnicodeError):
            return None
        if not isinstance(body, dict) or body.get("p") != purpose or not isinstance(body.get("d"), dict):
            return None
        expires = body.get("exp")
        if not isinstance(expires, int | float) or now.timestamp() >= expires:
            return None
        payload: dict[str, Any] = body["d"]
        return payload


class CookieJar:
    """The dashboard's two cookies on requests and responses."""

    def __init__(self, codec: SessionCodec, *, secure: bool, session_lifetime: timedelta) -> None:
        self._codec = codec
        self._secure = secure
        self.session_lifetime = session_lifetime
        prefix = "__Host-" if secure else ""
        self.session_name = f"{prefix}genai_admin"
        self.flow_name = f"{prefix}genai_signin"

    # --- the session ---
    def admin(self, request: web.Request, now: datetime) -> Admin | None:
        payload = self._codec.open(_SESSION, request.cookies.get(self.session_name), now)
        if payload is None:
            return None
        try:
            return Admin(
                subject=str(payload["sub"]),
                name=str(payload["name"]),
                email=None if payload.get("email") is None else str(payload["email"]),
                roles=frozenset(str(r) for r in payload["roles"]),
                organisation=None if payload.get("org") is None else str(payload["org"]),
            )
        except (KeyError, TypeError):
            return None

    def sign_in(self, response: web.StreamResponse, admin: Admin, now: datetime) -> None:
        payload = {
            "sub": admin.subject,
            "name": admin.name,
            "email": admin.email,
            "roles": sorted(admin.roles),
            "org": admin.organisation,
        }
        token = self._codec.seal(_SESSION, payload, now + self.session_lifetime)
        self._set(response, self.session_name, token, int(self.session_lifetime.total_seconds()))

    def sign_out(self, response: web.StreamResponse) -> None:
        self._clear(response, self.session_name)
        self._clear(response, self.flow_name)

    # --- the sign-in in flight ---
    def flow(self, request: web.Request, now: datetime) -> dict[str, Any] | None:
        return self._codec.open(_FLOW, request.cookies.get(self.flow_name), now)

    def start_flow(self, response: web.StreamResponse, flow: dict[str, Any], now: datetime) -> None:
        token = self._codec.seal(_FLOW, flow, now + timedelta(seconds=FLOW_SECONDS))
        self._set(response, self.flow_name, token, FLOW_SECONDS)

    def end_flow(self, response: web.StreamResponse) -> None:
        self._clear(response, self.flow_name)

    # --- wire ---
    def _set(self, response: web.StreamResponse, name: str, value: str, max_age: int) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, secure=self._secure, samesite="Lax")

    def _clear(self, response: web.StreamResponse, name: str) -> None:
        response.del_cookie(name, path="/", secure=self._secure, httponly=True, samesite="Lax")
