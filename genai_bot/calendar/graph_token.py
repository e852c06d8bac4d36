"""App-only access tokens for Microsoft Graph from Entra ID (msal, client-credentials grant).

msal is synchronous (requests), so every call runs in a worker thread and the event loop never blocks. msal
does the OpenID discovery when the application object is built and caches tokens in memory, renewing them
before they expire; one lock keeps concurrent callers from racing to the token endpoint. With a shared cache
(genai_bot.calendar.token_cache) the token is also kept in the database, encrypted, for other instances and restarts.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any
from urllib.parse import urlsplit

import msal
import requests
import structlog

from genai_bot.calendar.errors import GraphAuthFailed, GraphUnavailable
from genai_bot.calendar.token_cache import SharedTokenCache

log = structlog.get_logger(__name__)

# Token-endpoint errors that retrying will not fix: the app registration or the request is wrong.
_PERMANENT_ERRORS = frozenset(
    {
        "invalid_client",
        "unauthorized_client",
        "invalid_request",
        "invalid_scope",
        "unsupported_grant_type",
        "invalid_grant",
        "invalid_resource",
    }
)


def graph_scope(graph_api_url: str) -> str:
    """The ``/.default`` scope of the Graph host (national clouds have their own host)."""
    parts = urlsplit(graph_api_url)
    return f"{parts.scheme}://{parts.netloc}/.default"


class EntraTokenProvider:
    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        authority: str,
        scope: str,
        verify: str | bool = True,
        custom_authority: bool = False,
        timeout_seconds: float = 15.0,
        shared: SharedTokenCache | None = None,
    ) -> None:
        self._client_id = client_id
        self._client_secret = client_secret
        self._authority = authority
        self._scopes = [scope]
        self._verify = verify
        self._custom_authority = custom_authority
        self._timeout = timeout_seconds
        self._app: Any = None
        self._lock = asyncio.Lock()
        self._shared = shared

    async def token(self) -> str:
        """A valid access token (from msal's cache when it has one). Raises GraphAuthFailed / GraphUnavailable."""
        async with self._lock:
            app = await self._application()
            try:
                result: dict[str, Any] = await asyncio.to_thread(app.acquire_token_for_client, scopes=self._scopes)
            except (OSError, ValueError, msal.exceptions.MsalError) as exc:  # requests errors are OSErrors
                log.warning("calendar.token_unreachable", error=type(exc).__name__)
                raise GraphUnavailable(type(exc).__name__) from exc
            if self._shared is not None:
                await self._shared.save()
        if "access_token" in result:
            return str(result["access_token"])
        error = str(result.get("error", "unknown_error"))
        log.warning("calendar.token_refused", error=error)
        if error in _PERMANENT_ERRORS:
            raise GraphAuthFailed(error)
        raise GraphUnavailable(error)

    async def forget(self) -> None:
        """Drop cached tokens (after Graph said 401) so the next call fetches a fresh one."""
        async with self._lock:
            if self._app is not None:
                await asyncio.to_thread(self._app.remove_tokens_for_client)
                if self._shared is not None:
                    await self._shared.save()  # the other instances drop it too

    async def _application(self) -> Any:
        if self._app is None:
            if self._shared is not None:
                await self._shared.load()
            try:
                self._app = await asyncio.to_thread(self._build)
            except ValueError as exc:  # discovery answered 4xx: unknown tenant or not an authority
                log.warning("calendar.authority_rejected", error=type(exc).__name__)
                raise GraphAuthFailed("authority discovery failed") from exc
            except (OSError, msal.exceptions.MsalError) as exc:  # discovery answered 5xx or not at all
                log.warning("calendar.authority_unreachable", error=type(exc).__name__)
                raise GraphUnavailable(type(exc).__name__) from exc
        return self._app

    def _build(self) -> Any:
        return msal.ConfidentialClientApplication(
            self._client_id,
            client_credential=self._client_secret,
            authority=self._authority,
            http_client=msal_http_client(self._verify, self._timeout),
            instance_discovery=False if self._custom_authority else None,
            token_cache=None if self._shared is None else self._shared.cache,
        )


def msal_http_client(verify: str | bool, timeout: float) -> Any:
    """A requests session for msal that really uses ``verify``.

    requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's ``verify``; passing it with every
    request keeps GENAI_ENTRA_CA_BUNDLE in force (proxy variables are still honoured).
    """
    session = requests.Session()
    session.request = functools.partial(session.request, verify=verify, timeout=timeout)  # type: ignore[method-assign]
    adapter = requests.adapters.HTTPAdapter(max_retries=1)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
