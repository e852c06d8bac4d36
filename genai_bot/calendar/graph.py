"""Microsoft Graph calendars, app-only: free/busy via ``getSchedule`` and meeting creation via ``events``.

One aiohttp session per instance (closed by ``aclose()``), at most ``max_concurrency`` requests in flight
(Outlook throttles at 4 concurrent requests per mailbox), bounded retries with exponential backoff on 5xx and
connection errors, 429 answered by waiting ``Retry-After`` (capped). A 401 drops the cached token and tries
once more; 401/403 after that raise ``GraphForbidden``, which ``CompositeCalendar`` turns into a fallback to
local data. Foreign exceptions never leave this module: everything is a ``CalendarError``.
"""

from __future__ import annotations

import asyncio
import ssl
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Self
from urllib.parse import quote

import aiohttp
import structlog
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception_type, stop_after_attempt, wait_exponential_jitter

from genai_bot.calendar.errors import CalendarError, GraphForbidden, GraphRejected, GraphThrottled, GraphUnavailable
from genai_bot.calendar.graph_schedule import (
    ScheduleAnswer,
    batches,
    graph_datetime,
    parse_schedule_response,
    schedule_request,
    windows,
)
from genai_bot.calendar.graph_token import EntraTokenProvider, graph_scope
from genai_bot.calendar.port import SOURCE_GRAPH, AvailabilityResult, NewEvent, is_email, person_key
from genai_bot.calendar.spans import clip_spans, require_window
from genai_bot.calendar.token_cache import SharedTokenCache
from genai_bot.config import Settings
from genai_bot.errors import ConfigError
from genai_bot.secrets import SecretStore

log = structlog.get_logger(__name__)

_RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
_MAILBOX_TRIES = 3


class _Transient(Exception):
    """A failure worth retrying (connection, timeout, 429, 5xx)."""

    def __init__(self, status: int | None, retry_after: float | None = None, detail: str = "") -> None:
        super().__init__(f"{status or detail}")
        self.status = status
        self.retry_after = retry_after


class _Unauthorized(Exception):
    """401: the token may be stale."""


class _NotFound(Exception):
    """404: the mailbox in the URL does not exist (or has no calendar)."""


@dataclass(frozen=True)
class GraphUser:
    id: str
    display_name: str
    mail: str | None


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds (a number or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(moment.tzinfo)).total_seconds())


class GraphCalendar:
    def __init__(
        self,
        tokens: EntraTokenProvider,
        graph_api_url: str,
        *,
        ssl_context: ssl.SSLContext | bool = True,
        max_concurrency: int = 4,
        max_attempts: int = 4,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 8.0,
        retry_after_cap_seconds: float = 30.0,
        timeout_seconds: float = 30.0,
        interval_minutes: int = 15,
    ) -> None:
        self._tokens = tokens
        self._base = graph_api_url.rstrip("/")
        self._ssl = ssl_context
        self._slots = asyncio.Semaphore(max_concurrency)
        self._max_attempts = max_attempts
        self._backoff = wait_exponential_jitter(
            multiplier=backoff_seconds, max=max_backoff_seconds, jitter=backoff_seconds
        )
        self._retry_after_cap = retry_after_cap_seconds
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._interval = interval_minutes
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Settings, secrets: SecretStore | None = None, **tuning: Any) -> Self | None:
        """A Graph calendar when tenant, client id and secret are all set; otherwise None. With `secrets`, its
        app token is shared through the database, encrypted (genai_bot.calendar.token_cache)."""
        secret = settings.entra_client_secret
        if not (settings.entra_tenant_id and settings.entra_client_id and secret and settings.entra_authority):
            return None
        bundle = settings.entra_ca_bundle
        if bundle is not None and not bundle.is_file():
            raise ConfigError(
                f"Setting GENAI_ENTRA_CA_BUNDLE is invalid: no file at {bundle}. "
                "Fix it in the environment or .env and start again."
            )
        scope = graph_scope(settings.graph_api_url)
        shared = None
        if secrets is not None:
            shared = SharedTokenCache(
                secrets, client_id=settings.entra_client_id, authority=settings.entra_authority, scope=scope
            )
        tokens = EntraTokenProvider(
            client_id=settings.entra_client_id,
            client_secret=secret.get_secret_value(),
            authority=settings.entra_authority,
            scope=scope,
            shared=shared,
            verify=str(bundle) if bundle else True,
            custom_authority=settings.entra_authority_url is not None,
        )
        context = ssl.create_default_context()
        if bundle is not None:
            context.load_verify_locations(cafile=str(bundle))
        return cls(tokens, settings.graph_api_url, ssl_context=context, **tuning)

    # --- free/busy ---
    async def busy(
        self, people: Sequence[str], start: datetime, end: datetime, *, organiser: str | None = None
    ) -> AvailabilityResult:
        """Busy spans from Graph. People who are not e-mail addresses, or whose mailbox Graph does not know,
        come back unknown. Raises ``CalendarError`` when Graph as a whole could not answer."""
        start, end = require_window(start, end)
        keys = {person: person_key(person) for person in dict.fromkeys(people)}
        emails = list(dict.fromkeys(key for key in keys.values() if is_email(key)))
        answer = await self._schedules(emails, start, end, organiser)
        result = AvailabilityResult()
        for person, key in keys.items():
            if key in answer.busy:
                result.add_known(person, clip_spans(answer.busy[key], start, end), SOURCE_GRAPH)
            else:
                result.add_unknown(person)
        return result

    async def _schedules(
        self, emails: list[str], start: datetime, end: datetime, organiser: str | None
    ) -> ScheduleAnswer:
        jobs = [self._schedule(batch, s, e, organiser) for batch in batches(emails) for s, e in windows(start, end)]
        outcomes = await asyncio.gather(*jobs, return_exceptions=True)
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if failures:
            raise _most_telling(failures)
        merged = ScheduleAnswer()
        for outcome in outcomes:
            assert isinstance(outcome, ScheduleAnswer)
            merged.absorb(outcome)
        for key in merged.unknown:  # unknown in any window: unknown
            merged.busy.pop(key, None)
        return merged

    async def _schedule(
        self, batch: list[str], start: datetime, end: datetime, organiser: str | None
    ) -> ScheduleAnswer:
        body = schedule_request(batch, start, end, self._interval)
        mailboxes = list(dict.fromkeys([*([person_key(organiser)] if organiser else []), *batch]))
        for mailbox in mailboxes[:_MAILBOX_TRIES]:
            try:
                path = f"/users/{quote(mailbox, safe='@')}/calendar/getSchedule"
                payload = await self._call("getSchedule", "POST", path, body)
            except _NotFound:
                log.info("calendar.schedule_mailbox_not_found", people=len(batch))
                continue
            return parse_schedule_response(payload, batch, start, self._interval)
        return ScheduleAnswer(unknown=set(batch))

    # --- events and users ---
    async def create_event(self, event: NewEvent) -> str:
        """Create the meeting in the organiser's calendar (Graph sends the invitations); returns the event id.

        ``event.transaction_id`` makes retries safe: Graph returns the existing event instead of a duplicate."""
        start, end = require_window(event.start, event.end)
        payload = event_payload(event, start, end, event.transaction_id or str(uuid.uuid4()))
        try:
            path = f"/users/{quote(person_key(event.organiser), safe='@')}/events"
            answer = await self._call("events", "POST", path, payload)
        except _NotFound:
            raise GraphRejected("organiser mailbox not found") from None
        log.info("calendar.event_created", attendees=len(event.attendees))
        return str(answer["id"])

    async def find_user(self, email: str) -> GraphUser | None:
        """The directory entry for ``email``, or None when the tenant has no such user."""
        path = f"/users/{quote(person_key(email), safe='@')}?$select=id,displayName,mail,userPrincipalName"
        try:
            answer = await self._call("users", "GET", path)
        except _NotFound:
            return None
        name = str(answer.get("displayName") or "")
        return GraphUser(id=str(answer["id"]), display_name=name, mail=answer.get("mail"))

    # --- lifecycle ---
    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # --- one HTTP call with retries ---
    async def _call(self, kind: str, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self._max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type(_Transient),
            reraise=True,
        )
        refreshed = False
        try:
            async for attempt in retrying:
                with attempt:
                    try:
                        return await self._send(kind, method, path, body)
                    except _Unauthorized:
                        if refreshed:
                            raise GraphForbidden("401") from None
                        refreshed = True
                        await self._tokens.forget()
                        raise _Transient(401, retry_after=0.0) from None
        except _Transient as exc:
            log.warning("calendar.graph_gave_up", kind=kind, status=exc.status, attempts=self._max_attempts)
            failure = GraphThrottled if exc.status == 429 else GraphUnavailable
            raise failure(str(exc)) from exc
        raise AssertionError("unreachable: tenacity either returns or raises")

    def _wait(self, state: RetryCallState) -> float:
        failure = state.outcome.exception() if state.outcome is not None else None
        if isinstance(failure, _Transient) and failure.retry_after is not None:
            return min(failure.retry_after, self._retry_after_cap)
        return float(self._backoff(state))

    async def _send(self, kind: str, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        try:
            token = await self._tokens.token()
        except GraphUnavailable as exc:
            raise _Transient(None, detail=exc.detail) from exc
        headers = {"Authorization": f"Bearer {token}", "Prefer": 'outlook.timezone="UTC"'}
        async with self._slots:
            try:
                async with self._http().request(method, self._base + path, json=body, headers=headers) as response:
                    if response.status in (200, 201):
                        payload = await response.json(content_type=None)
                        return payload if isinstance(payload, dict) else {}
                    status, code = response.status, await _error_code(response)
                    retry_after = retry_after_seconds(response.headers.get("Retry-After"))
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                log.debug("calendar.graph_connection_failed", kind=kind, error=type(exc).__name__)
                raise _Transient(None, detail=type(exc).__name__) from exc
        log.info("calendar.graph_error", kind=kind, status=status, code=code)
        raise _classify(status, code, retry_after)

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(ssl=self._ssl), timeout=self._timeout, raise_for_status=False
            )
        return self._session


def _classify(status: int, code: str, retry_after: float | None) -> Exception:
    if status == 401:
        return _Unauthorized(code)
    if status == 403:
        return GraphForbidden(code)
    if status == 404:
        return _NotFound(code)
    if status in _RETRYABLE_STATUS:
        return _Transient(status, retry_after)
    return GraphRejected(f"{status} {code}")


async def _error_code(response: aiohttp.ClientResponse) -> str:
    try:
        payload = await response.json(content_type=None)
    except (aiohttp.ClientError, ValueError):
        return ""
    error = payload.get("error") if isinstance(payload, dict) else None
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def _most_telling(failures: list[BaseException]) -> BaseException:
    """The error to report when several batches failed: a bug first, then forbidden/auth, then the rest."""
    for failure in failures:
        if not isinstance(failure, CalendarError):
            return failure
    for failure in failures:
        if not isinstance(failure, GraphUnavailable):
            return failure
    return failures[0]


def event_payload(event: NewEvent, start: datetime, end: datetime, transaction_id: str) -> dict[str, Any]:
    """The JSON body of ``POST /users/{organiser}/events`` (times in UTC)."""
    payload: dict[str, Any] = {
        "subject": event.subject,
        "body": {"contentType": "text", "content": event.body},
        "start": graph_datetime(start),
        "end": graph_datetime(end),
        "attendees": [
            {
                "emailAddress": {"address": a.email, "name": a.name},
                "type": "required" if a.required else "optional",
            }
            for a in event.attendees
        ],
        "allowNewTimeProposals": True,
        "transactionId": transaction_id,
    }
    if event.location:
        payload["location"] = {"displayName": event.location}
    return payload
