"""Dashboard sign-in with Entra ID (msal): the authorization code flow with PKCE, state and nonce.

`GET /admin/signin?next=…` starts a flow (msal's `initiate_auth_code_flow` makes the PKCE verifier, state and
nonce), keeps it in a short-lived encrypted cookie and sends the browser to Entra ID; `GET /admin/auth/callback`
(the redirect URI to register) hands Entra's answer to `acquire_token_by_auth_code_flow`, which checks the state
and the nonce and redeems the code with the verifier. The id token's `roles` / `groups` claims decide the role
(`admin_from_claims`); someone without one gets a kind 403 page. `/admin/signout` ends the session.

msal is synchronous: it runs in worker threads. No token is kept (the session holds only who signed in).
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Mapping
from typing import Any

import msal
import structlog
from aiohttp import web

from genai_bot.calendar.graph_token import msal_http_client
from genai_bot.config import Settings
from genai_bot.errors import ConfigError
from genai_bot.org import Organisation
from genai_bot.services import Services
from genai_bot.web import messages_auth as messages_auth
from genai_bot.web.identity import ROLE_ADMIN, ROLE_ORG_ADMIN, Admin
from genai_bot.web.page import message_page, request_lang
from genai_bot.web.sessions import CookieJar
from genai_bot.web.settings import WebSettings

__all__ = [
    "CALLBACK_PATH",
    "PUBLIC_PATHS",
    "SIGNIN_PATH",
    "SIGNOUT_PATH",
    "EntraSignIn",
    "SignInRefused",
    "add_signin_routes",
    "admin_from_claims",
    "redirect",
    "safe_next",
]

log = structlog.get_logger(__name__)

SIGNIN_PATH = "/admin/signin"
CALLBACK_PATH = "/admin/auth/callback"
SIGNOUT_PATH = "/admin/signout"
PUBLIC_PATHS = frozenset({SIGNIN_PATH, CALLBACK_PATH, SIGNOUT_PATH})
_HOME = "/admin"

# msal recommends response_mode=form_post; the answer comes back as a query instead, because the flow cookie is
# SameSite=Lax (not sent with another site's POST). The code in it is single-use, bound to the PKCE verifier and
# redeemed only with the client secret; the callback redirects at once and sends no Referer elsewhere.
warnings.filterwarnings("ignore", message="response_mode='form_post' is recommended", category=UserWarning)


class SignInRefused(Exception):
    """A sign-in answer that is not accepted; `reason` is one of mismatch, refused, unavailable."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = detail


class _NoTokenCache(msal.TokenCache):  # type: ignore[misc]
    """The dashboard needs who signed in, not their tokens: nothing is cached (no refresh token kept in memory)."""

    def add(self, event: dict[str, Any], now: int | None = None) -> None:
        return None


class EntraSignIn:
    """The msal confidential client of the dashboard (built on first use: msal does OpenID discovery then)."""

    def __init__(self, settings: Settings) -> None:
        secret = settings.entra_client_secret
        if not (settings.entra_client_id and secret and settings.entra_authority):
            raise ConfigError(
                "The dashboard signs in with Entra ID: set GENAI_ENTRA_CLIENT_ID, GENAI_ENTRA_CLIENT_SECRET and "
                "GENAI_ENTRA_TENANT_ID (or GENAI_ENTRA_AUTHORITY_URL)."
            )
        bundle = settings.entra_ca_bundle
        if bundle is not None and not bundle.is_file():
            raise ConfigError(
                f"Setting GENAI_ENTRA_CA_BUNDLE is invalid: no file at {bundle}. "
                "Fix it in the environment or .env and start again."
            )
        self.client_id = settings.entra_client_id
        self.tenant_id = settings.entra_tenant_id
        self._secret = secret.get_secret_value()
        self._authority = settings.entra_authority
        self._verify: str | bool = str(bundle) if bundle else True
        self._custom_authority = settings.entra_authority_url is not None
        self._app: Any = None
        self._lock = asyncio.Lock()

    async def start(self, redirect_uri: str) -> dict[str, Any]:
        """A new flow: `auth_uri` to send the browser to, the rest to keep until the answer comes back."""
        app = await self._application()
        flow: dict[str, Any] = await asyncio.to_thread(
            app.initiate_auth_code_flow, scopes=[], redirect_uri=redirect_uri
        )
        return flow

    async def finish(self, flow: dict[str, Any], answer: Mapping[str, str]) -> dict[str, Any]:
        """The id token's claims of a checked answer (state, nonce, PKCE, audience, tenant); else SignInRefused."""
        app = await self._application()
        try:
            result: dict[str, Any] = await asyncio.to_thread(app.acquire_token_by_auth_code_flow, flow, dict(answer))
        except (ValueError, RuntimeError) as exc:  # msal: state mismatch (ValueError), nonce mismatch (RuntimeError)
            raise SignInRefused("mismatch", type(exc).__name__) from exc
        except (OSError, msal.exceptions.MsalError) as exc:  # requests errors are OSErrors
            raise SignInRefused("unavailable", type(exc).__name__) from exc
        if "error" in result:
            raise SignInRefused("refused", str(result.get("error")))
        claims = result.get("id_token_claims")
        if not isinstance(claims, dict):
            raise SignInRefused("refused", "no id token")
        audience = claims.get("aud")
        if audience != self.client_id and not (isinstance(audience, list) and self.client_id in audience):
            raise SignInRefused("mismatch", "audience")
        if self.tenant_id and claims.get("tid") not in (None, self.tenant_id):
            raise SignInRefused("mismatch", "tenant")
        return claims

    async def _application(self) -> Any:
        async with self._lock:
            if self._app is None:
                try:
                    self._app = await asyncio.to_thread(self._build)
                except (ValueError, OSError, msal.exceptions.MsalError) as exc:
                    raise SignInRefused("unavailable", type(exc).__name__) from exc
            return self._app

    def _build(self) -> Any:
        return msal.ConfidentialClientApplication(
            self.client_id,
            client_credential=self._secret,
            authority=self._authority,
            http_client=msal_http_client(self._verify, 15.0),
            instance_discovery=False if self._custom_authority else None,
            token_cache=_NoTokenCache(),
        )


def admin_from_claims(
    claims: Mapping[str, Any], web_settings: WebSettings, organisation: Organisation | None
) -> tuple[Admin | None, str]:
    """The Admin these id-token claims make (None and "no_role" / "no_org" when they make none)."""
    roles_claim, groups = _strings(claims.get("roles")), _strings(claims.get("groups"))
    values = roles_claim | groups
    roles: set[str] = set()
    if values & web_settings.admin_values:
        roles.add(ROLE_ADMIN)
    group_orgs = web_settings.org_of_group
    org = next((group_orgs[g] for g in sorted(groups) if g in group_orgs), None)
    if org is not None or values & web_settings.org_admin_values:
        roles.add(ROLE_ORG_ADMIN)
    email = _first(claims, "email", "preferred_username", "upn")
    if org is None and web_settings.org_claim:
        org = _first(claims, web_settings.org_claim)
    if org is not None and organisation is not None:  # a unit below a ministry stands for its ministry
        chain = organisation.path(org)
        org = chain[0].id if chain else org
    if org is None and organisation is not None and email:
        ministry = organisation.ministry_of(email)
        org = ministry.id if ministry is not None else None
    if not roles:
        return None, "no_role"
    if ROLE_ADMIN not in roles and not org:
        return None, "no_org"
    subject = _first(claims, "oid", "sub") or ""
    name = _first(claims, "name") or email or subject
    return Admin(subject=subject, name=name, email=email, roles=frozenset(roles), organisation=org), ""


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a dashboard path on this site, never elsewhere (an open redirect)."""
    if not value or "\\" in value or value.startswith("//") or any(ord(c) < 0x20 for c in value):
        return _HOME
    if value == _HOME or value.startswith((_HOME + "/", _HOME + "?")):
        return value
    return _HOME


def add_signin_routes(
    app: web.Application, services: Services, signin: EntraSignIn, jar: CookieJar, web_settings: WebSettings
) -> None:
    organisation_file = services.org

    def redirect_uri(request: web.Request) -> str:
        base = web_settings.public_url or f"{request.scheme}://{request.host}"
        return base + CALLBACK_PATH

    async def start(request: web.Request) -> web.StreamResponse:
        lang = request_lang(request)
        try:
            flow = await signin.start(redirect_uri(request))
        except SignInRefused as refused:
            log.warning("web.signin_unavailable", error=refused.detail)
            return message_page(lang, "web.auth.unavailable", status=503, again=True)
        kept = {k: v for k, v in flow.items() if k != "auth_uri"}
        kept["next"] = safe_next(request.query.get("next"))
        response = redirect(str(flow["auth_uri"]))
        jar.start_flow(response, kept, services.clock.now())
        return response

    async def callback(request: web.Request) -> web.StreamResponse:
        lang = request_lang(request)
        flow = jar.flow(request, services.clock.now())
        if flow is None:
            return _without_flow(jar, message_page(lang, "web.auth.flow_expired", status=400, again=True))
        next_path = safe_next(flow.pop("next", None))
        try:
            claims = await signin.finish(flow, request.query)
        except SignInRefused as refused:
            log.warning("web.signin_refused", reason=refused.reason, detail=refused.detail)
            status = {"mismatch": 400, "refused": 403}.get(refused.reason, 503)
            page = message_page(lang, f"web.auth.{refused.reason}", status=status, again=True, error=refused.detail)
            return _without_flow(jar, page)
        org = organisation_file.current() if organisation_file is not None else None
        admin, why = admin_from_claims(claims, web_settings, org)
        if admin is None:
            name = _first(claims, "name") or "?"
            email = _first(claims, "email", "preferred_username", "upn") or "?"
            log.info("web.signin_no_access", reason=why)
            page = message_page(lang, f"web.auth.{why}", status=403, again=False, name=name, email=email)
            return _without_flow(jar, page)
        log.info("web.signed_in", subject=admin.subject, roles=sorted(admin.roles), organisation=admin.organisation)
        response = redirect(next_path)
        jar.end_flow(response)
        jar.sign_in(response, admin, services.clock.now())
        return response

    async def sign_out(request: web.Request) -> web.StreamResponse:
        response = message_page(request_lang(request), "web.auth.signed_out", status=200, again=True)
        jar.sign_out(response)
        return response

    app.router.add_get(SIGNIN_PATH, start)
    app.router.add_get(CALLBACK_PATH, callback)
    app.router.add_get(SIGNOUT_PATH, sign_out)
    app.router.add_post(SIGNOUT_PATH, sign_out)


def redirect(location: str, status: int = 302) -> web.Response:
    """A redirect returned as a response (so cookies set on it are sent)."""
    return web.Response(status=status, headers={"Location": location})


def _without_flow(jar: CookieJar, response: web.Response) -> web.Response:
    jar.end_flow(response)
    return response


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(v) for v in value if isinstance(v, str | int)}
    return set()


def _first(claims: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        value = claims.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
