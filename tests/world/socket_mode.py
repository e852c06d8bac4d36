"""``FakeSocketModeServer``: the Socket Mode websocket endpoint, on 127.0.0.1.

The real ``slack_sdk.socket_mode.aiohttp.SocketModeClient`` works against it
unmodified: point ``FakeSlackAPI.socket_mode_url`` at :attr:`url` so that
``apps.connections.open`` hands the client this ``ws://`` URL. On connect the
server sends ``hello``; pings from the client are answered with pongs carrying
the same payload (aiohttp autoping), which keeps the client's stale-connection
monitor happy. Envelopes go to the most recent connection; acks are collected
by ``envelope_id``.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from tests.world.local_server import LocalServer
from tests.world.slack_payloads import event_callback, slash_command_payload

JSON = dict[str, Any]


class FakeSocketModeServer(LocalServer):
    """Slack's Socket Mode server side, for one app."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, app_id: str = "A1") -> None:
        self.host, self.port, self.app_id = host, port, app_id
        self.received: list[JSON] = []
        self.acks: dict[str, JSON] = {}
        self.sent: list[JSON] = []
        self.connect_count = 0
        self._connections: list[web.WebSocketResponse] = []
        self._connected = asyncio.Event()
        self._ack_waiters: dict[str, asyncio.Event] = {}

    # --------------------------------------------------------------- lifecycle

    def make_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/link", self._handle)
        app.router.add_get("/link/", self._handle)
        return app

    async def stop(self) -> None:
        await self.drop_connections()
        await super().stop()

    @property
    def url(self) -> str:
        """``ws://127.0.0.1:PORT/link`` — what ``apps.connections.open`` should return."""
        return f"{self.address('ws')}/link"

    @property
    def connected(self) -> bool:
        return any(not ws.closed for ws in self._connections)

    # -------------------------------------------------------------- websocket

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self._connections.append(ws)
        self.connect_count += 1
        self._connected.set()
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._connections),
                "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
                "connection_info": {"app_id": self.app_id},
            }
        )
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(msg.data)
                except ValueError:
                    continue
                if not isinstance(data, dict):
                    continue
                self.received.append(data)
                envelope_id = data.get("envelope_id")
                if isinstance(envelope_id, str):
                    self.acks[envelope_id] = data
                    waiter = self._ack_waiters.get(envelope_id)
                    if waiter is not None:
                        waiter.set()
        finally:
            self._connections.remove(ws)
            if not self.connected:
                self._connected.clear()
        return ws

    async def wait_connected(self, timeout: float = 5) -> None:  # noqa: ASYNC109
        """Wait until a client holds an open connection."""
        try:
            await asyncio.wait_for(self._connected.wait(), timeout)
        except TimeoutError:
            raise TimeoutError(f"no Socket Mode client connected within {timeout}s") from None

    def _current(self) -> web.WebSocketResponse:
        for ws in reversed(self._connections):
            if not ws.closed:
                return ws
        raise RuntimeError("no Socket Mode client is connected")

    async def send_raw(self, message: JSON, *, timeout: float = 5) -> None:  # noqa: ASYNC109
        """Send any JSON message to the newest connection (waiting up to ``timeout`` for one)."""
        await self.wait_connected(timeout)
        self.sent.append(message)
        await self._current().send_json(message)

    async def send_envelope(
        self,
        type: str,
        payload: JSON,
        *,
        accepts_response_payload: bool = False,
        retry_attempt: int = 0,
        retry_reason: str = "",
        envelope_id: str | None = None,
    ) -> str:
        """Send an ``events_api`` / ``slash_commands`` / ``interactive`` envelope; returns its id."""
        envelope_id = envelope_id or str(uuid.uuid4())
        await self.send_raw(
            {
                "envelope_id": envelope_id,
                "type": type,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": retry_attempt,
                "retry_reason": retry_reason,
            }
        )
        return envelope_id

    async def send_event(
        self, event: JSON, *, event_id: str | None = None, team_id: str = "T1", retry_attempt: int = 0
    ) -> str:
        """An Events API event wrapped in its ``event_callback`` and an ``events_api`` envelope."""
        body = event_callback(event, event_id=event_id, team_id=team_id, api_app_id=self.app_id)
        return await self.send_envelope(
            "events_api", body, retry_attempt=retry_attempt, retry_reason="timeout" if retry_attempt else ""
        )

    async def send_slash_command(self, text: str, **fields: Any) -> str:
        """A slash command (keyword arguments as in ``slash_command_payload``)."""
        payload = slash_command_payload(text, api_app_id=self.app_id, **fields)
        return await self.send_envelope("slash_commands", payload, accepts_response_payload=True)

    async def send_interactive(self, payload: JSON) -> str:
        """block_actions / message_action / view_submission payloads."""
        return await self.send_envelope("interactive", payload, accepts_response_payload=True)

    async def send_disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to reconnect, as Slack does every few hours."""
        await self.send_raw({"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}})

    async def wait_for_ack(self, envelope_id: str, timeout: float = 5) -> JSON:  # noqa: ASYNC109
        """The client's ack (``{"envelope_id": ..., "payload": ...?}``) for ``envelope_id``."""
        if envelope_id in self.acks:
            return self.acks[envelope_id]
        waiter = self._ack_waiters.setdefault(envelope_id, asyncio.Event())
        deadline = time.monotonic() + timeout
        try:
            await asyncio.wait_for(waiter.wait(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise TimeoutError(f"envelope {envelope_id} was not acked within {timeout}s") from None
        finally:
            self._ack_waiters.pop(envelope_id, None)
        return self.acks[envelope_id]

    async def drop_connections(self, code: int = WSCloseCode.GOING_AWAY) -> None:
        """Close every open websocket from the server side."""
        for ws in list(self._connections):
            if not ws.closed:
                try:
                    await asyncio.wait_for(ws.close(code=code, message=b"server closing"), 2.0)
                except (TimeoutError, ConnectionError):
                    pass
