"""/metrics on the bot's Slack HTTP server: no session needed, and it counts the commands Slack sent."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import SlackBot


async def test_the_bots_http_server_serves_metrics_counting_slack_commands(http_bot: SlackBot) -> None:
    status, _, _ = await http_bot.sender.slash_command("help")
    assert status == 200
    await http_bot.slack.wait_for_response(1)
    async with aiohttp.ClientSession() as http, http.get(http_bot.base_url + "/metrics") as response:
        assert response.status == 200
        text = await response.text()
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }
    assert samples[("genai_requests_total", (("outcome", "ok"), ("skill", "help")))] == 1
