"""The stand-in Slack can go away and come back (same address, same state), and fail response_url posts."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.world.slack_api import FakeSlackAPI


async def test_an_outage_refuses_connections_then_the_same_address_answers_with_its_state(
    slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    await web_client.chat_postMessage(channel="C1", text="before")
    address = slack.base_url
    await slack.go_down()
    assert slack.is_down and slack.base_url == address
    with pytest.raises(aiohttp.ClientConnectorError):
        await AsyncWebClient(token="xoxb-test", base_url=address, retry_handlers=[]).chat_postMessage(
            channel="C1", text="during"
        )
    await slack.come_back()
    assert not slack.is_down and slack.base_url == address
    await web_client.chat_postMessage(channel="C1", text="after")
    assert slack.posted_texts("C1") == ["before", "after"] and slack.outages == 1


async def test_response_url_posts_can_be_made_to_fail(slack: FakeSlackAPI) -> None:
    url = slack.response_url()
    slack.fail_next("response_url", times=1, status=429, retry_after=7)
    limited = await AsyncWebhookClient(url).send(text="first")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "7"
    ok = await AsyncWebhookClient(url).send(text="second")
    assert ok.status_code == 200 and [r.body["text"] for r in slack.responses] == ["second"]
