"""A stand-in for Entra ID and Microsoft Graph over TLS (aiohttp + a throwaway ``trustme`` CA). No pytest dependency.

    async with FakeEntraGraph() as entra:
        entra.add_busy("taro@example.go.jp", start, end)
        settings = make_settings(**entra.settings_env())   # authority, Graph URL, CA bundle, client id/secret

Serves, for one tenant: OpenID discovery (``/{tenant}/v2.0/.well-known/openid-configuration``), instance
discovery, JWKS, ``/{tenant}/oauth2/v2.0/authorize`` (auto sign-in, redirects with a code; PKCE S256 is
checked when the code is redeemed) and
``/{tenant}/oauth2/v2.0/token`` (client_credentials, authorization_code with an unsigned id_token — msal does
not validate signatures —, refresh_token); Graph ``POST /v1.0/users/{id}/calendar/getSchedule`` (seeded busy
items; unknown e-mail → per-schedule error; enforces 20 schedules, < 62 days, interval 5–1440, and Outlook's
4 concurrent requests per mailbox with 429), ``POST /v1.0/users/{id}/events`` (stored; transactionId dedupes)
and ``GET /v1.0/users/{id}``.
``sign_in_as(email, name, roles=, groups=, claims=)`` chooses who the authorize endpoint signs in and what their
id token says (the nonce of the authorize request is echoed, as Entra does).
Switches: ``fail_next(kind, status, times, retry_after)``, ``forbid(kind)``, ``await down()`` / ``await up()``
(connections refused), ``unavailable()`` (503 everywhere), ``expire_tokens()``, ``latency`` (seconds each
getSchedule takes, so concurrency shows).
Observations: ``calls`` / ``calls_to(kind)``, ``token_requests``, ``events``, ``schedule_concurrency_max``.
Kinds: discovery, authorize, token, schedule, events, users.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import itertools
import json
import shutil
import ssl
import tempfile
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import trustme
from aiohttp import web

_VIEW_DIGIT = {"free": "0", "tentative": "1", "busy": "2", "oof": "3", "workingElsewhere": "4"}
_VIEW_PRECEDENCE = "3214"  # oof beats busy beats tentative beats working elsewhere
_GRAPH_KINDS = frozenset({"schedule", "events", "users"})
_MAILBOX_KINDS = frozenset({"schedule", "events"})
_BODY = web.RequestKey("fake_entra_body", object)
_JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()  # unsigned


@dataclass(frozen=True)
class GraphCall:
    kind: str
    method: str
    path: str
    mailbox: str | None
    body: Any
    status: int = 0


@dataclass(frozen=True)
class _Failure:
    status: int
    retry_after: float | None


@dataclass
class _User:
    email: str
    display_name: str
    id: str
    mailbox: bool
    items: list[dict[str, Any]] = field(default_factory=list)
    claims: dict[str, Any] = field(default_factory=dict)  # extra id-token claims (roles, groups, ...)


class FakeEntraGraph:
    def __init__(
        self,
        *,
        tenant: str = "test-tenant",
        client_id: str = "genai-bot-client",
        client_secret: str = "client-secret-1",
        latency: float = 0.0,
        mailbox_concurrency_limit: int | None = 4,
    ) -> None:
        self.tenant, self.client_id, self.client_secret = tenant, client_id, client_secret
        self.latency = latency
        self.mailbox_concurrency_limit = mailbox_concurrency_limit
        self.calls: list[GraphCall] = []
        self.token_requests = 0
        self.events: list[dict[str, Any]] = []
        self.schedule_concurrency_max: dict[str, int] = defaultdict(int)
        self._in_flight: dict[str, int] = defaultdict(int)
        self._users: dict[str, _User] = {}
        self._signed_in: str | None = None
        self._failures: dict[str, deque[_Failure]] = defaultdict(deque)
        self._forbidden: set[str] = set()
        self._unavailable = False
        self._tokens: set[str] = set()
        self._codes: dict[str, dict[str, str]] = {}
        self._ids = itertools.count(1)
        self._ca = trustme.CA()
        self._server_ssl = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert("127.0.0.1", "localhost").configure_cert(self._server_ssl)
        self._dir = Path(tempfile.mkdtemp(prefix="fake-entra-"))
        self.ca_bundle_path = self._dir / "ca.pem"
        self._ca.cert_pem.write_to_path(str(self.ca_bundle_path))
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- addresses ---
    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def authority(self) -> str:
        return f"{self.base_url}/{self.tenant}"

    @property
    def issuer(self) -> str:
        return f"{self.authority}/v2.0"

    @property
    def graph_url(self) -> str:
        return f"{self.base_url}/v1.0"

    def settings_env(self) -> dict[str, str]:
        """GENAI_ENTRA_* / GENAI_GRAPH_API_URL values that point the bot here."""
        return {
            "GENAI_ENTRA_TENANT_ID": self.tenant,
            "GENAI_ENTRA_CLIENT_ID": self.client_id,
            "GENAI_ENTRA_CLIENT_SECRET": self.client_secret,
            "GENAI_ENTRA_AUTHORITY_URL": self.authority,
            "GENAI_ENTRA_CA_BUNDLE": str(self.ca_bundle_path),
            "GENAI_GRAPH_API_URL": self.graph_url,
        }

    def client_ssl_context(self) -> ssl.SSLContext:
        """An SSL context trusting this server (for hand-made clients)."""
        return ssl.create_default_context(cafile=str(self.ca_bundle_path))

    # --- seeding ---
    def add_user(self, email: str, display_name: str | None = None, *, mailbox: bool = True) -> str:
        key = email.casefold()
        if key not in self._users:
            user_id = f"00000000-0000-0000-0000-{next(self._ids):012d}"
            self._users[key] = _User(email, display_name or email.split("@")[0], user_id, mailbox)
        return self._users[key].id

    def add_busy(
        self, email: str, start: datetime, end: datetime, status: str = "busy", subject: str | None = None
    ) -> None:
        self.add_user(email)
        item = {"status": status, "start": start.astimezone(UTC), "end": end.astimezone(UTC), "subject": subject}
        self._users[email.casefold()].items.append(item)

    def sign_in_as(
        self,
        email: str,
        display_name: str | None = None,
        *,
        roles: tuple[str, ...] | None = None,
        groups: tuple[str, ...] | None = None,
        claims: dict[str, Any] | None = None,
    ) -> None:
        """Who the authorize endpoint signs in (default: the first user added), with the app roles (``roles``
        claim), group ids (``groups`` claim) and other id-token claims given (None: left as they were)."""
        self.add_user(email, display_name)
        user = self._users[email.casefold()]
        if display_name is not None:
            user.display_name = display_name
        for name, value in (("roles", roles), ("groups", groups)):
            if value is not None:
                user.claims[name] = list(value)
        user.claims.update(claims or {})
        self._signed_in = email.casefold()

    # --- switches ---
    def fail_next(self, kind: str, status: int = 503, times: int = 1, retry_after: float | None = None) -> None:
        self._failures[kind].extend(_Failure(status, retry_after) for _ in range(times))

    def forbid(self, kind: str = "schedule", forbidden: bool = True) -> None:
        """Answer 403 ErrorAccessDenied to every ``kind`` request (missing Calendars.* consent)."""
        (self._forbidden.add if forbidden else self._forbidden.discard)(kind)

    def unavailable(self, on: bool = True) -> None:
        """Answer 503 to everything."""
        self._unavailable = on

    def expire_tokens(self) -> None:
        """Tokens issued so far are rejected with 401 (as after expiry or revocation)."""
        self._tokens.clear()

    async def down(self) -> None:
        """Stop listening and drop open connections: clients get 'connection refused'."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def up(self) -> None:
        """Listen again on the same port after ``down()``."""
        await self._listen(self.port)

    def calls_to(self, kind: str) -> list[GraphCall]:
        return [call for call in self.calls if call.kind == kind]

    # --- lifecycle ---
    async def start(self) -> Self:
        await self._listen(0)
        return self

    async def close(self) -> None:
        await self.down()
        shutil.rmtree(self._dir, ignore_errors=True)

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def _listen(self, port: int) -> None:
        app = web.Application()
        tenant = "/{tenant}"
        app.router.add_get(tenant + "/v2.0/.well-known/openid-configuration", self._discovery)
        app.router.add_get("/common/discovery/instance", self._instance_discovery)
        app.router.add_get(tenant + "/discovery/v2.0/keys", self._keys)
        app.router.add_get(tenant + "/oauth2/v2.0/authorize", self._authorize)
        app.router.add_post(tenant + "/oauth2/v2.0/token", self._token)
        app.router.add_post("/v1.0/users/{user}/calendar/getSchedule", self._get_schedule)
        app.router.add_post("/v1.0/users/{user}/events", self._create_event)
        app.router.add_get("/v1.0/users/{user}", self._get_user)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, ssl_context=self._server_ssl, reuse_address=True).start()
        self.port = int(runner.addresses[0][1])
        self._runner = runner

    # --- shared gate: log, injected failures, 503 mode, 403 switch ---
    async def _gate(self, kind: str, request: web.Request, mailbox: str | None = None) -> web.Response | None:
        body: Any = None
        if request.method == "POST":
            body = dict(await request.post()) if kind == "token" else await _json_or_none(request)
        request[_BODY] = body
        self.calls.append(GraphCall(kind, request.method, request.path, mailbox, body))
        if self._unavailable:
            return _graph_error(503, "ServiceUnavailable", "Service unavailable")
        if self._failures[kind]:
            failure = self._failures[kind].popleft()
            return _graph_error(failure.status, "InjectedFailure", f"injected {failure.status}", failure.retry_after)
        if kind in self._forbidden:
            return _graph_error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
        if kind in _GRAPH_KINDS and not self._authorised(request):
            return _graph_error(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.")
        owner = self._users.get(mailbox or "")
        if kind in _MAILBOX_KINDS and (owner is None or not owner.mailbox):
            return _graph_error(404, "ErrorInvalidUser", f"The requested user '{mailbox}' is invalid.")
        return None

    def _authorised(self, request: web.Request) -> bool:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        return scheme.lower() == "bearer" and token in self._tokens

    # --- Entra ID ---
    async def _discovery(self, request: web.Request) -> web.Response:
        if (refused := await self._gate("discovery", request)) is not None:
            return refused
        if request.match_info["tenant"] != self.tenant:
            return web.json_response({"error": "invalid_tenant", "error_description": "AADSTS90002"}, status=400)
        oauth = f"{self.authority}/oauth2/v2.0"
        return web.json_response(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{oauth}/authorize",
                "token_endpoint": f"{oauth}/token",
                "jwks_uri": f"{self.authority}/discovery/v2.0/keys",
                "end_session_endpoint": f"{oauth}/logout",
                "response_types_supported": ["code", "id_token", "code id_token"],
                "subject_types_supported": ["pairwise"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                "tenant_region_scope": "AS",
            }
        )

    async def _instance_discovery(self, request: web.Request) -> web.Response:
        endpoint = f"{self.issuer}/.well-known/openid-configuration"
        return web.json_response({"tenant_discovery_endpoint": endpoint, "api-version": "1.1", "metadata": []})

    async def _keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": []})

    async def _authorize(self, request: web.Request) -> web.Response:
        if (refused := await self._gate("authorize", request)) is not None:
            return refused
        query = request.query
        if query.get("client_id") != self.client_id or not query.get("redirect_uri"):
            return web.Response(status=400, text="AADSTS700016: application not found or redirect_uri missing")
        email = self._signed_in or next(iter(self._users), None)
        if email is None:
            return web.Response(status=400, text="no user to sign in: call add_user() or sign_in_as() first")
        code = f"code-{next(self._ids)}"
        self._codes[code] = {
            "email": email,
            "nonce": query.get("nonce", ""),
            "redirect_uri": query["redirect_uri"],
            "code_challenge": query.get("code_challenge", ""),
        }
        answer = {"code": code, "state": query.get("state", ""), "session_state": "fake-session"}
        if query.get("response_mode") == "form_post":  # what a browser would auto-submit to the redirect URI
            fields = "".join(f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in answer.items())
            page = f'<form method="post" action="{html.escape(query["redirect_uri"])}">{fields}</form>'
            return web.Response(text=page, content_type="text/html")
        raise web.HTTPFound(f"{query['redirect_uri']}?{urlencode(answer)}")

    async def _token(self, request: web.Request) -> web.Response:
        if (refused := await self._gate("token", request)) is not None:
            return refused
        self.token_requests += 1
        form = request[_BODY] or {}
        client_id, secret = _client_credentials(request, form)
        if request.match_info["tenant"] != self.tenant:
            return _oauth_error(400, "invalid_request", "AADSTS90002: Tenant not found.")
        if client_id != self.client_id:
            return _oauth_error(400, "unauthorized_client", "AADSTS700016: Application not found in the directory.")
        if secret != self.client_secret:
            return _oauth_error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.")
        grant = form.get("grant_type")
        if grant == "client_credentials":
            if not str(form.get("scope", "")).endswith("/.default"):
                return _oauth_error(400, "invalid_scope", "AADSTS1002012: scope must end with /.default")
            return web.json_response(self._access_token())
        if grant == "authorization_code":
            pending = self._codes.pop(str(form.get("code", "")), None)
            if pending is None or pending["redirect_uri"] != form.get("redirect_uri"):
                return _oauth_error(400, "invalid_grant", "AADSTS70008: The authorization code is invalid.")
            if pending["code_challenge"] and _s256(str(form.get("code_verifier", ""))) != pending["code_challenge"]:
                return _oauth_error(400, "invalid_grant", "AADSTS501481: The Code_Verifier does not match.")
            return web.json_response(self._user_tokens(pending["email"], pending["nonce"]))
        if grant == "refresh_token" and str(form.get("refresh_token", "")).startswith("rt-"):
            email = str(form["refresh_token"]).split(":", 1)[1]
            return web.json_response(self._user_tokens(email, ""))
        return _oauth_error(400, "unsupported_grant_type", f"AADSTS70003: unsupported grant {grant!r}")

    def _access_token(self) -> dict[str, Any]:
        token = f"at-{next(self._ids)}"
        self._tokens.add(token)
        return {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}

    def _user_tokens(self, email: str, nonce: str) -> dict[str, Any]:
        user = self._users[email]
        now = int(time.time())
        claims = {
            "aud": self.client_id,
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "name": user.display_name,
            "oid": user.id,
            "preferred_username": user.email,
            "email": user.email,
            "sub": f"sub-{user.id}",
            "tid": self.tenant,
            "ver": "2.0",
            "nonce": nonce,
            **user.claims,
        }
        client_info = _b64(json.dumps({"uid": user.id, "utid": self.tenant}).encode())
        return {
            **self._access_token(),
            "scope": "openid profile email",
            "id_token": f"{_JWT_HEADER}.{_b64(json.dumps(claims).encode())}.",
            "refresh_token": f"rt-{next(self._ids)}:{email}",
            "client_info": client_info,
        }

    # --- Graph ---
    async def _get_schedule(self, request: web.Request) -> web.Response:
        mailbox = request.match_info["user"].casefold()
        if (refused := await self._gate("schedule", request, mailbox)) is not None:
            return refused
        self._in_flight[mailbox] += 1
        self.schedule_concurrency_max[mailbox] = max(self.schedule_concurrency_max[mailbox], self._in_flight[mailbox])
        try:
            limit = self.mailbox_concurrency_limit
            if limit is not None and self._in_flight[mailbox] > limit:
                return _graph_error(429, "ApplicationThrottled", "MailboxConcurrency limit exceeded", 1)
            await asyncio.sleep(self.latency)
            return self._schedule_answer(request[_BODY] or {})
        finally:
            self._in_flight[mailbox] -= 1

    def _schedule_answer(self, body: dict[str, Any]) -> web.Response:
        schedules = body.get("schedules") or []
        interval = body.get("availabilityViewInterval", 30)
        try:
            start, end = _graph_time(body["startTime"]), _graph_time(body["endTime"])
        except (KeyError, TypeError, ValueError):
            return _graph_error(400, "ErrorInvalidRequest", "startTime and endTime are required")
        if not 1 <= len(schedules) <= 20:
            return _graph_error(400, "ErrorInvalidParameter", "schedules must hold 1 to 20 addresses")
        if not (isinstance(interval, int) and 5 <= interval <= 1440):
            return _graph_error(400, "ErrorInvalidParameter", "availabilityViewInterval must be 5-1440")
        if not timedelta(0) < end - start < timedelta(days=62):
            return _graph_error(400, "ErrorInvalidTimeRange", "The time range must be under 62 days")
        return web.json_response({"value": [self._schedule_entry(str(s), start, end, interval) for s in schedules]})

    def _schedule_entry(self, email: str, start: datetime, end: datetime, interval: int) -> dict[str, Any]:
        user = self._users.get(email.casefold())
        if user is None or not user.mailbox:
            error = {"message": f"Failed to resolve mailbox {email}", "responseCode": "ErrorMailboxNotFound"}
            return {"scheduleId": email, "availabilityView": "", "error": error}
        items = [i for i in user.items if i["start"] < end and i["end"] > start]
        return {
            "scheduleId": email,
            "availabilityView": _availability_view(items, start, end, interval),
            "scheduleItems": [
                {
                    "isPrivate": False,
                    "status": i["status"],
                    "subject": i["subject"] or "",
                    "start": _graph_out(i["start"]),
                    "end": _graph_out(i["end"]),
                }
                for i in sorted(items, key=lambda i: i["start"])
            ],
            "workingHours": {
                "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
                "startTime": "09:30:00.0000000",
                "endTime": "18:15:00.0000000",
                "timeZone": {"name": "Tokyo Standard Time"},
            },
        }

    async def _create_event(self, request: web.Request) -> web.Response:
        mailbox = request.match_info["user"].casefold()
        if (refused := await self._gate("events", request, mailbox)) is not None:
            return refused
        body = request[_BODY]
        if not isinstance(body, dict) or not body.get("subject") or "start" not in body or "end" not in body:
            return _graph_error(400, "ErrorInvalidRequest", "subject, start and end are required")
        transaction = body.get("transactionId")
        for event in self.events:
            if transaction and event["organiser"] == mailbox and event.get("transactionId") == transaction:
                return web.json_response(event, status=201)
        event = {**body, "id": f"AAMkAD-{next(self._ids)}", "organiser": mailbox, "webLink": f"{self.base_url}/owa"}
        self.events.append(event)
        return web.json_response(event, status=201)

    async def _get_user(self, request: web.Request) -> web.Response:
        key = request.match_info["user"].casefold()
        if (refused := await self._gate("users", request, key)) is not None:
            return refused
        user = self._users.get(key) or next((u for u in self._users.values() if u.id == key), None)
        if user is None:
            return _graph_error(404, "Request_ResourceNotFound", f"Resource '{key}' does not exist.")
        return web.json_response(
            {"id": user.id, "displayName": user.display_name, "mail": user.email, "userPrincipalName": user.email}
        )


# --- wire helpers ---
def _graph_error(status: int, code: str, message: str, retry_after: float | None = None) -> web.Response:
    headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else None
    body = {"error": {"code": code, "message": message, "innerError": {"request-id": "fake", "date": "now"}}}
    return web.json_response(body, status=status, headers=headers)


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "error_description": description, "error_codes": []}, status=status)


def _client_credentials(request: web.Request, form: dict[str, Any]) -> tuple[str | None, str | None]:
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


async def _json_or_none(request: web.Request) -> Any:
    try:
        return await request.json()
    except ValueError:
        return None


def _s256(verifier: str) -> str:
    """The PKCE S256 code challenge of a verifier."""
    return _b64(hashlib.sha256(verifier.encode("ascii", "replace")).digest())


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _graph_time(value: dict[str, Any]) -> datetime:
    moment = datetime.fromisoformat(str(value["dateTime"])[:26])
    zone = str(value.get("timeZone") or "UTC")
    return moment.replace(tzinfo=UTC if zone.upper() == "UTC" else ZoneInfo(zone)).astimezone(UTC)


def _graph_out(moment: datetime) -> dict[str, str]:
    return {"dateTime": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.0000000"), "timeZone": "UTC"}


def _availability_view(items: list[dict[str, Any]], start: datetime, end: datetime, interval: int) -> str:
    step, view, cursor = timedelta(minutes=interval), [], start
    while cursor < end:
        digits = {_VIEW_DIGIT.get(i["status"], "2") for i in items if i["start"] < cursor + step and i["end"] > cursor}
        view.append(next((d for d in _VIEW_PRECEDENCE if d in digits), "0"))
        cursor += step
    return "".join(view)
