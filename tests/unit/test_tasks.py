"""Background work: tracked, errors logged, drained on shutdown — never fire-and-forget."""

from __future__ import annotations

import asyncio

import pytest

from genai_bot.tasks import TaskRegistry


async def test_drain_waits_for_work_in_flight() -> None:
    tasks = TaskRegistry()
    finished: list[str] = []

    async def slow() -> None:
        await asyncio.sleep(0.2)
        finished.append("slow")

    tasks.spawn(slow(), name="slow")
    assert tasks.in_flight == 1
    assert await tasks.drain(grace_seconds=5) == 0
    assert finished == ["slow"] and tasks.in_flight == 0


async def test_drain_cancels_what_outlives_the_grace_period_and_refuses_new_work() -> None:
    tasks = TaskRegistry()
    tasks.spawn(asyncio.sleep(30), name="stuck")
    assert await tasks.drain(grace_seconds=0.05) == 1
    coro = asyncio.sleep(0)
    with pytest.raises(RuntimeError, match="shutting down"):
        tasks.spawn(coro, name="late")


async def test_run_returns_the_result_and_a_failure_does_not_break_the_registry() -> None:
    tasks = TaskRegistry()

    async def answer() -> int:
        return 42

    async def broken() -> None:
        raise ValueError("boom")

    assert await tasks.run(answer(), name="answer") == 42
    with pytest.raises(ValueError):
        await tasks.run(broken(), name="broken")
    assert await tasks.run(answer(), name="again") == 42


async def test_wait_idle_waits_for_work_and_the_work_it_starts_then_accepts_more() -> None:
    tasks = TaskRegistry()
    finished: list[str] = []

    async def child() -> None:
        await asyncio.sleep(0.05)
        finished.append("child")

    async def parent() -> None:
        await asyncio.sleep(0.05)
        tasks.spawn(child(), name="child")
        finished.append("parent")

    tasks.spawn(parent(), name="parent")
    await tasks.wait_idle(timeout=5)
    assert finished == ["parent", "child"] and tasks.in_flight == 0
    assert await tasks.run(asyncio.sleep(0, result="still open"), name="after") == "still open"


async def test_wait_idle_sees_work_handed_over_a_loop_turn_later() -> None:
    tasks = TaskRegistry()
    finished: list[str] = []

    async def done() -> None:
        finished.append("late")

    # a framework callback that registers the work only when the loop gets to it
    asyncio.get_running_loop().call_soon(lambda: tasks.spawn(done(), name="late"))
    await tasks.wait_idle(timeout=5)
    assert finished == ["late"]


async def test_wait_idle_names_what_is_still_running_after_the_timeout() -> None:
    tasks = TaskRegistry()
    stuck = tasks.spawn(asyncio.sleep(30), name="stuck")
    with pytest.raises(TimeoutError, match="stuck"):
        await tasks.wait_idle(timeout=0.05)
    stuck.cancel()
    await asyncio.gather(stuck, return_exceptions=True)
