"""Work a shutdown cuts off is kept for the next start and its person told; nothing else is kept."""

from __future__ import annotations

import asyncio
import io

from sqlmodel import select

from genai_bot.app import Core
from genai_bot.db.models import OutboxMessage
from genai_bot.interrupted import InFlight, InterruptedRequest, request_from_dict, resume_kind, resuming
from genai_bot.messages import Person, Room
from genai_bot.outbox import Outbox
from genai_bot.tasks import TaskRegistry
from handlers.console.chat_port import ConsoleChatPort


def _request(text: str, platform: str = "console") -> InterruptedRequest:
    return InterruptedRequest(
        person=Person(platform, "T1", "U1"),
        room=Room(platform, "C1", "1700000000.000100"),
        text=text,
        source="command",
        extra={"trigger_id": "x"},
    )


async def _slow(in_flight: InFlight, text: str, seconds: float = 30.0) -> None:
    with in_flight.track(_request(text)):
        await asyncio.sleep(seconds)


async def test_only_work_cancelled_by_shutdown_is_interrupted() -> None:
    in_flight, tasks = InFlight(), TaskRegistry()
    early = tasks.spawn(_slow(in_flight, "cancelled for another reason"), name="early")
    await asyncio.sleep(0)
    early.cancel()
    await asyncio.gather(early, return_exceptions=True)
    tasks.spawn(_slow(in_flight, "cut off"), name="cut")
    tasks.spawn(_slow(in_flight, "finishes in time", 0.01), name="quick")

    async def resumed() -> None:
        with resuming():  # a resumed request's own outbox row brings it back: not kept twice
            await _slow(in_flight, "resumed, cut off again")

    tasks.spawn(resumed(), name="resumed")
    await asyncio.sleep(0)
    assert in_flight.running == 2  # a resumed request is not tracked again
    in_flight.closing()
    assert await tasks.drain(grace_seconds=0.2) == 2
    assert [r.text for r in in_flight.take_interrupted()] == ["cut off"]
    assert in_flight.take_interrupted() == [] and in_flight.running == 0


async def test_saved_requests_wait_in_the_outbox_and_their_person_is_told(core: Core) -> None:
    out = io.StringIO()
    core.services.chat_ports["console"] = ConsoleChatPort(core.db, out)
    outbox = core.services.outbox
    assert outbox is not None
    resumed: list[InterruptedRequest] = []

    async def resume(row: OutboxMessage) -> None:
        resumed.append(request_from_dict(row.payload))

    await core.services.users.resolve("console", "T1", "U1")
    core.in_flight.interrupted.append(_request("translate en 明日"))
    core.in_flight.interrupted.append(_request("summarize", platform="teams"))  # no adapter resumes it: dropped
    outbox.register(resume_kind("console"), resume)
    await core.close()

    assert "再起動後に続きを実行" in out.getvalue()
    async with core.db.session() as s:
        rows = (await s.exec(select(OutboxMessage))).all()
    assert [r.kind for r in rows] == ["resume:console"]
    next_start = Outbox(core.db, instance_id="next-start")  # the closed instance claims nothing more
    next_start.register(resume_kind("console"), resume)
    await next_start.sweep()
    assert resumed == [_request("translate en 明日")]
