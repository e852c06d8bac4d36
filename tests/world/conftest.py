"""Fixtures for the Slack stand-ins (the stand-ins themselves never import pytest)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from tests.world.slack_api import FakeSlackAPI
from tests.world.socket_mode import FakeSocketModeServer


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI() as api:
        yield api


@pytest.fixture
async def socket_server(slack: FakeSlackAPI) -> AsyncIterator[FakeSocketModeServer]:
    async with FakeSocketModeServer() as server:
        slack.socket_mode_url = server.url
        yield server


@pytest.fixture
def web_client(slack: FakeSlackAPI) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
