"""GET /metrics: the core's Prometheus metrics in the text exposition format (`genai_bot.metrics`).

Served outside /admin and without a dashboard session, on the bot's HTTP server and on `genai-bot web`: operators
let only their Prometheus reach it at the network edge. With GENAI_METRICS_TOKEN set, a scrape must also send
`Authorization: Bearer <token>` (401 otherwise).
"""

from __future__ import annotations

import hmac

from aiohttp import web
from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from genai_bot.metrics import CONTENT_TYPE
from genai_bot.services import Services
from genai_bot.settings_base import EnvSettings

__all__ = ["METRICS_PATH", "MetricsSettings", "metrics_routes"]

METRICS_PATH = "/metrics"


class MetricsSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_METRICS_")

    token: SecretStr | None = None
    """When set, /metrics answers only requests carrying `Authorization: Bearer <token>`."""


def metrics_routes(services: Services, settings: MetricsSettings | None = None) -> list[web.RouteDef]:
    settings = settings or services.skill_settings.load(MetricsSettings)
    token = settings.token.get_secret_value().strip() if settings.token is not None else ""

    async def metrics(request: web.Request) -> web.Response:
        if token and not _bearer_matches(request, token):
            return web.Response(status=401, text="unauthorized\n", headers={"WWW-Authenticate": "Bearer"})
        await services.metrics.refresh(services.db, services.clock.now())
        body = services.metrics.exposition()
        response = web.Response(body=body)
        response.headers["Content-Type"] = CONTENT_TYPE
        response.headers["Cache-Control"] = "no-store"
        return response

    return [web.get(METRICS_PATH, metrics)]


def _bearer_matches(request: web.Request, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
