"""``LocalServer``: the start/stop lifecycle the Slack stand-ins share: an aiohttp app on host:port (0: a free one)."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from aiohttp import web


class LocalServer:
    """Subclasses set ``host`` and ``port`` and build their routes in :meth:`make_app`."""

    host: str
    port: int
    _runner: web.AppRunner | None = None

    def make_app(self) -> web.Application:
        raise NotImplementedError

    async def start(self) -> None:
        if self._runner is not None:
            return
        runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self.port = int(runner.addresses[0][1])
        self._runner = runner

    async def stop(self) -> None:
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    def address(self, scheme: str) -> str:
        """``scheme://host:port``; raises while the server is not started."""
        if self._runner is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        return f"{scheme}://{self.host}:{self.port}"
