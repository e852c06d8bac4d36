"""The admin dashboard application: sign-in, the auth middleware, security headers, and every dashboard route.

`build_admin_app(services, settings)` gives a standalone aiohttp application (`genai-bot web`) with /healthz;
`mount_admin(app, services, settings)` adds the same to an existing application (the bot's HTTP server). Every path
under /admin except sign-in, its callback and sign-out needs a session: a page redirects to sign-in, `/admin/api/*`
answers 401 JSON. A state-changing request from another site (its Origin is not this one) is refused. Each
dashboard response carries a Content-Security-Policy with no external source, X-Frame-Options DENY and no-store.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from html import escape
from urllib.parse import quote, urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware

from genai_bot.config import Settings
from genai_bot.errors import ConfigError
from genai_bot.i18n import t
from genai_bot.services import Services
from genai_bot.web.audit_pages import add_audit_routes
from genai_bot.web.budgets import add_budget_routes
from genai_bot.web.channel_pages import add_channel_routes
from genai_bot.web.feedback_pages import add_feedback_routes
from genai_bot.web.health import health_routes
from genai_bot.web.identity import ROLE_ADMIN, ROLE_ORG_ADMIN, Admin, current_admin, set_admin
from genai_bot.web.metrics_route import metrics_routes
from genai_bot.web.page import request_lang
from genai_bot.web.pages import add_dashboard_routes
from genai_bot.web.sessions import CookieJar, SessionCodec
from genai_bot.web.settings import WebSettings
from genai_bot.web.signin import PUBLIC_PATHS, SIGNIN_PATH, SIGNOUT_PATH, EntraSignIn, add_signin_routes, redirect
from genai_bot.web.usage_api import add_usage_routes

__all__ = ["ADMIN_PREFIX", "build_admin_app", "dashboard_problem", "mount_admin"]

ADMIN_PREFIX = "/admin"
_API_PREFIX = "/admin/api/"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
RouteAdder = Callable[[web.Application, Services], None]

# The dashboard's route modules (each `add_<name>_routes(app, services)`), behind the auth middleware.
ROUTE_ADDERS: tuple[RouteAdder, ...] = (
    add_usage_routes,
    add_dashboard_routes,
    add_budget_routes,
    add_audit_routes,
    add_channel_routes,
    add_feedback_routes,
)


def dashboard_problem(settings: Settings) -> str | None:
    """Why the dashboard cannot be served with these settings (one line), or None when it can."""
    if settings.secret_key is None or not settings.secret_key.get_secret_value().strip():
        return "Setting GENAI_SECRET_KEY is missing: the dashboard encrypts its session cookies with it."
    if not (settings.entra_client_id and settings.entra_client_secret and settings.entra_authority):
        return (
            "The dashboard signs in with Entra ID: set GENAI_ENTRA_CLIENT_ID, GENAI_ENTRA_CLIENT_SECRET and "
            "GENAI_ENTRA_TENANT_ID (or GENAI_ENTRA_AUTHORITY_URL)."
        )
    return None


def build_admin_app(services: Services, settings: Settings, web_settings: WebSettings | None = None) -> web.Application:
    """A standalone dashboard application (/healthz and /admin…). Raises ConfigError (one line) when the
    settings cannot serve it."""
    app = web.Application()
    app.add_routes([*health_routes(services.db), *metrics_routes(services)])
    mount_admin(app, services, settings, web_settings)
    return app


def mount_admin(
    app: web.Application, services: Services, settings: Settings, web_settings: WebSettings | None = None
) -> None:
    """Add the dashboard (routes under /admin and their middlewares) to `app`, which must not be running yet."""
    problem = dashboard_problem(settings)
    if problem is not None:
        raise ConfigError(problem)
    assert settings.secret_key is not None  # checked by dashboard_problem
    web_settings = web_settings or services.skill_settings.load(WebSettings)
    jar = CookieJar(
        SessionCodec(settings.secret_key.get_secret_value()),
        secure=web_settings.secure_cookies,
        session_lifetime=timedelta(hours=web_settings.session_hours),
    )
    app.middlewares.append(_security_headers)
    app.middlewares.append(_authenticate(services, jar))
    add_signin_routes(app, services, EntraSignIn(settings), jar, web_settings)
    for add_routes in ROUTE_ADDERS:
        add_routes(app, services)
    if not any(resource.canonical == ADMIN_PREFIX for resource in app.router.resources()):
        app.router.add_get(ADMIN_PREFIX, _home)


def _is_admin_path(path: str) -> bool:
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


@web.middleware
async def _security_headers(request: web.Request, handler: _Handler) -> web.StreamResponse:
    if not _is_admin_path(request.path):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:  # redirects and refusals get the headers too
        _harden(exc)
        raise
    _harden(response)
    return response


def _harden(response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"


def _authenticate(services: Services, jar: CookieJar) -> Middleware:
    @web.middleware
    async def authenticate(request: web.Request, handler: _Handler) -> web.StreamResponse:
        path = request.path
        if not _is_admin_path(path):
            return await handler(request)
        if request.method not in _SAFE_METHODS and not _same_origin(request):
            return web.json_response({"error": t(request_lang(request), "web.auth.bad_origin")}, status=403)
        if path in PUBLIC_PATHS:
            return await handler(request)
        admin = jar.admin(request, services.clock.now())
        if admin is None or not admin.roles & {ROLE_ADMIN, ROLE_ORG_ADMIN}:
            return _sign_in_first(request, jar)
        set_admin(request, admin)
        return await handler(request)

    return authenticate


def _sign_in_first(request: web.Request, jar: CookieJar) -> web.StreamResponse:
    """No (valid) session: the API answers 401, a page sends the browser to sign in and back. A cookie that did
    not open (tampered or expired) is cleared."""
    if request.path.startswith(_API_PREFIX):
        response: web.StreamResponse = web.json_response(
            {"error": "unauthenticated", "message": t(request_lang(request), "web.auth.api_sign_in")}, status=401
        )
        response.headers["WWW-Authenticate"] = 'Cookie realm="genai-bot dashboard"'
    else:
        back = request.path_qs if request.method in _SAFE_METHODS else ADMIN_PREFIX
        response = redirect(f"{SIGNIN_PATH}?next={quote(back, safe='')}", 303)
    if jar.session_name in request.cookies:
        jar.sign_out(response)
    return response


def _same_origin(request: web.Request) -> bool:
    """A state-changing request's Origin (or else Referer), when the browser sends one, is this site."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.host


async def _home(request: web.Request) -> web.Response:
    """The dashboard's front page until the usage page is wired: who is signed in, and sign-out."""
    admin: Admin = current_admin(request)
    lang = request_lang(request)
    org = admin.allowed_org()
    scope = t(lang, "web.auth.scope_all") if org is None else t(lang, "web.auth.scope_org", org=org)
    title = escape(t(lang, "web.auth.home_title"))
    body = escape(t(lang, "web.auth.home", name=admin.name, scope=scope))
    sign_out = (
        f'<form method="post" action="{SIGNOUT_PATH}"><button type="submit">'
        f"{escape(t(lang, 'web.auth.sign_out'))}</button></form>"
    )
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1><p>{body}</p>{sign_out}</body></html>"
    )
    return web.Response(text=html, content_type="text/html")
