"""Wait for what a test triggered instead of sleeping a fixed time.

`settled(core, …)`: every given bot has finished its background work (its TaskRegistry is idle), so whatever it was
going to post has been posted — and whatever it has not posted, it never will. `wait_until(condition)`: poll a
condition a test can observe (a stand-in's log, a child process's effect) with a timeout that says what was awaited.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from genai_bot.app import Core

__all__ = ["settled", "wait_until"]


async def settled(*cores: Core, timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until none of `cores` has background work in flight (TimeoutError naming the work after `timeout`)."""
    for _ in range(2):  # one bot's work may start work in another (a second instance sharing the database)
        for core in cores:
            await core.services.tasks.wait_idle(timeout)


async def wait_until(condition: Callable[[], bool], *, timeout: float = 10.0, what: str = "") -> None:  # noqa: ASYNC109
    """Poll `condition` until it holds; AssertionError after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() >= deadline:
            raise AssertionError(f"not reached within {timeout}s: {what or condition}")
        await asyncio.sleep(0.01)
