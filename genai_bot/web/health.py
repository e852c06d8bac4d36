"""GET /healthz: 200 when the database answers, 503 otherwise (for load balancers and probes)."""

from __future__ import annotations

from aiohttp import web

from genai_bot import __version__
from genai_bot.db import Database


def health_routes(db: Database) -> list[web.RouteDef]:
    async def healthz(_request: web.Request) -> web.Response:
        try:
            await db.ping()
        except Exception:
            return web.json_response({"status": "error", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok", "database": db.dialect, "version": __version__})

    return [web.get("/healthz", healthz)]
