"""Serve an aiohttp application on a port until stopped: one place for the port-in-use message and the graceful
shutdown (the bot's HTTP server and the standalone dashboard both use it)."""

from __future__ import annotations

import asyncio
import errno
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web

from genai_bot.errors import StartupError
from genai_bot.stopping import unless_stopped

__all__ = ["serve_until_stopped"]


async def serve_until_stopped(
    app: web.Application,
    port: int,
    stop: asyncio.Event,
    *,
    host: str = "0.0.0.0",
    shutdown_timeout: float = 10.0,
    ready: Callable[[], Coroutine[Any, Any, None]] | None = None,
    on_listening: Callable[[], None] | None = None,
) -> None:
    """Listen on `host:port` (a busy port is one StartupError line naming GENAI_HTTP_PORT / --port), await `ready()`
    (a start-up check; `stop` interrupts it), call `on_listening()`, then serve until `stop` is set and let the
    requests in flight finish."""
    runner = web.AppRunner(app, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            problem = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be opened ({exc.strerror})"
            raise StartupError(f"port {port} {problem} (GENAI_HTTP_PORT / --port)") from exc
        if ready is not None and not await unless_stopped(ready(), stop):
            return
        if on_listening is not None:
            on_listening()
        await stop.wait()
    finally:
        await runner.cleanup()  # stops accepting, lets in-flight requests finish
