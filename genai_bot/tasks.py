"""Background work is kept in a registry: exceptions are logged, and shutdown waits for what is in flight."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

import structlog

log = structlog.get_logger(__name__)


class ShuttingDownError(RuntimeError):
    """New background work was offered after shutdown began."""


class TaskRegistry:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closing = False

    def spawn(self, coro: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        if self._closing:
            coro.close()
            raise ShuttingDownError("shutting down: no new background work is accepted")
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    async def run(self, coro: Coroutine[Any, Any, Any], *, name: str) -> Any:
        """Run `coro` in the caller, but tracked, so shutdown waits for it to finish."""
        return await self.spawn(coro, name=name)

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background_task_failed", task=task.get_name(), exc_info=task.exception())

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    async def wait_idle(self, timeout: float = 5.0, *, quiet_turns: int = 5) -> None:  # noqa: ASYNC109
        """Wait until no work is in flight, including work that work in flight starts, and none has started for
        `quiet_turns` turns of the event loop (work handed over by a framework callback gets its turn to register).

        Raises TimeoutError when work is still running after `timeout` seconds. Unlike `drain`, new work stays
        welcome: this is how tests and tools wait for the outcome of what they triggered, instead of sleeping.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        quiet = 0
        while quiet < quiet_turns:
            if self._tasks:
                quiet = 0
                remaining = deadline - loop.time()
                if remaining <= 0:
                    names = sorted(t.get_name() for t in self._tasks)
                    raise TimeoutError(f"background work still running after {timeout}s: {', '.join(names)}")
                await asyncio.wait(set(self._tasks), timeout=remaining)
            else:
                quiet += 1
                await asyncio.sleep(0)

    async def drain(self, grace_seconds: float) -> int:
        """Stop accepting work; wait up to `grace_seconds` for tasks in flight, then cancel the rest.

        Returns how many were cancelled.
        """
        self._closing = True
        if not self._tasks:
            return 0
        _done, pending = await asyncio.wait(set(self._tasks), timeout=grace_seconds)
        for task in pending:
            log.warning("background_task_cancelled_at_shutdown", task=task.get_name())
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        return len(pending)
