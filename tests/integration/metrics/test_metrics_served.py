"""/metrics is served, with no dashboard session, by `genai-bot web` (the standalone dashboard app), while /admin
stays behind sign-in, the feedback page and its API included (the bot's Slack HTTP server:
tests/e2e/test_metrics_slack.py)."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.web.signin_world import dashboard
from tests.world.entra_graph import FakeEntraGraph


def _names(text: str) -> set[str]:
    return {family.name for family in text_string_to_metric_families(text)}


async def test_the_standalone_dashboard_serves_metrics_without_a_session(tmp_path: Path, entra: FakeEntraGraph) -> None:
    async with dashboard(tmp_path, entra) as world, aiohttp.ClientSession() as http:
        async with http.get(world.url + "/metrics") as response:
            assert response.status == 200 and response.content_type == "text/plain"
            assert {"genai_outbox_pending", "genai_outbox_lag_seconds"} <= _names(await response.text())
        async with http.get(world.url + "/admin/api/feedback") as api:
            assert api.status == 401
        async with http.get(world.url + "/admin/feedback", allow_redirects=False) as page:
            assert page.status == 303 and page.headers["Location"].startswith("/admin/signin")
