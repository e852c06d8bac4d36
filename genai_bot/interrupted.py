"""Work a shutdown cut off: kept as a pending request, the person told, resumed by the next start.

`Core.handle` notes every request while it runs (`InFlight.track`: in memory, no database write on the way). When
shutdown's grace period ends before a request finishes, the task registry cancels it; a request cancelled after
shutdown began is *interrupted*. `save_interrupted` then writes each one as an outbox row of kind
`resume:<platform>` (due at once, so exactly one instance claims it after the restart) and tells the person, in
their language and best effort, that the answer will follow. The adapter of that platform registers the row kind
(it re-runs the command and delivers the reply: `handlers.slack.resume`); a platform without one (the console)
has nothing to resume and nothing is kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, cast

import structlog

from genai_bot.chat import ChatError, ChatPort
from genai_bot.commands import Source
from genai_bot.db.models import utcnow
from genai_bot.i18n import t
from genai_bot.messages import Person, Reply, Room
from genai_bot.services import Services

__all__ = [
    "InFlight",
    "InterruptedRequest",
    "request_from_dict",
    "resume_kind",
    "resuming",
    "save_interrupted",
]

log = structlog.get_logger(__name__)

TELL_TIMEOUT_SECONDS = 3.0
"""How long shutdown spends telling people their work will resume (the chat platform may be the trouble)."""
_RESUMING: ContextVar[bool] = ContextVar("genai_resuming", default=False)


def resume_kind(platform: str) -> str:
    """The outbox kind whose rows resume interrupted requests on `platform`."""
    return f"resume:{platform}"


@dataclass(frozen=True)
class InterruptedRequest:
    """Everything needed to run a request again: who, where, the command text, its source and extras."""

    person: Person
    room: Room
    text: str
    source: Source
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.person.platform,
            "team_id": self.person.team_id,
            "user_id": self.person.user_id,
            "channel_id": self.room.channel_id,
            "thread_id": self.room.thread_id,
            "is_direct": self.room.is_direct,
            "text": self.text,
            "source": self.source,
            "extra": dict(self.extra),
        }


def request_from_dict(data: dict[str, Any]) -> InterruptedRequest:
    """The request kept by `save_interrupted` (the person as an id: resolve it again for their current settings)."""
    platform = str(data["platform"])
    return InterruptedRequest(
        person=Person(platform, str(data["team_id"]), str(data["user_id"])),
        room=Room(platform, str(data["channel_id"]), data.get("thread_id"), is_direct=bool(data.get("is_direct"))),
        text=str(data["text"]),
        source=cast(Source, str(data["source"])),
        extra={str(k): str(v) for k, v in (data.get("extra") or {}).items()},
    )


@contextlib.contextmanager
def resuming() -> Iterator[None]:
    """Run a resumed request: if shutdown cuts it off again, its outbox row (still claimed) is what brings it back,
    so it is not kept a second time."""
    token = _RESUMING.set(True)
    try:
        yield
    finally:
        _RESUMING.reset(token)


class InFlight:
    """The requests running now, in memory; after `closing()`, the ones cancelled are `interrupted`."""

    def __init__(self) -> None:
        self._running: dict[int, InterruptedRequest] = {}
        self._ids = itertools.count()
        self._closing = False
        self.interrupted: list[InterruptedRequest] = []

    @property
    def running(self) -> int:
        return len(self._running)

    def take_interrupted(self) -> list[InterruptedRequest]:
        """The interrupted requests, each handed out once."""
        taken, self.interrupted = self.interrupted, []
        return taken

    def closing(self) -> None:
        """Shutdown began: a request cancelled from now on was cut off by it."""
        self._closing = True

    @contextlib.contextmanager
    def track(self, request: InterruptedRequest) -> Iterator[None]:
        if _RESUMING.get():
            yield
            return
        key = next(self._ids)
        self._running[key] = request
        try:
            yield
        except asyncio.CancelledError:
            if self._closing:
                self.interrupted.append(request)
            raise
        finally:
            del self._running[key]


async def save_interrupted(services: Services, requests: list[InterruptedRequest]) -> int:
    """Keep each request for the next start and tell its person; returns how many were kept."""
    outbox = services.outbox
    kinds = set(outbox.deliverable_kinds()) if outbox is not None else set()
    kept: list[InterruptedRequest] = []
    for request in requests:
        kind = resume_kind(request.person.platform)
        if outbox is None or kind not in kinds:
            log.warning("interrupted_request_dropped", platform=request.person.platform, source=request.source)
            continue
        try:
            await outbox.schedule(
                dedup_key=f"{kind}:{uuid.uuid4().hex}", due_at=utcnow(), kind=kind, payload=request.to_dict()
            )
        except Exception:  # the database is gone too: say so, and let shutdown finish
            log.exception("interrupted_request_lost", platform=request.person.platform, source=request.source)
            continue
        kept.append(request)
    if kept:
        log.warning("interrupted_requests_kept", count=len(kept))
        try:
            async with asyncio.timeout(TELL_TIMEOUT_SECONDS):
                await asyncio.gather(*(_tell(services, r) for r in kept))
        except TimeoutError:
            log.warning("interrupted_requests_not_told", count=len(kept))
    return len(kept)


async def _tell(services: Services, request: InterruptedRequest) -> None:
    """ "Your request will resume after the restart", to the person only, best effort."""
    port = services.chat_ports.get(request.person.platform)
    if port is None:
        return
    try:
        person = await services.users.resolve(request.person.platform, request.person.team_id, request.person.user_id)
        notice = Reply.text(t(person.lang, "interrupted.will_resume"))
        await _to_person(port, request.room, person.user_id, notice)
    except Exception as exc:  # the platform may be what is failing: the work is kept either way
        log.warning("interrupted_request_not_told", error=type(exc).__name__)


async def _to_person(port: ChatPort, room: Room, user_id: str, notice: Reply) -> None:
    if room.is_direct:
        await port.post(room, notice)
        return
    try:
        await port.post_ephemeral(room, user_id, notice)
    except ChatError:
        await port.post(await port.direct_room(user_id), notice)  # not in that channel: a direct message
