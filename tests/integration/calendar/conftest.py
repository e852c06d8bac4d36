"""Fixtures for calendar integration tests: the Entra ID + Graph stand-in over TLS and clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from genai_bot.calendar import GraphCalendar
from genai_bot.config import Settings
from tests.conftest import make_settings
from tests.world.entra_graph import FakeEntraGraph

# Retries back off in milliseconds so failure tests stay quick.
FAST = {"backoff_seconds": 0.01, "max_backoff_seconds": 0.05}


@pytest.fixture
def entra_settings(entra: FakeEntraGraph) -> Settings:
    return make_settings(**entra.settings_env())


GraphFactory = Callable[..., GraphCalendar]


@pytest.fixture
async def make_graph(entra: FakeEntraGraph) -> AsyncIterator[GraphFactory]:
    """`make_graph(**tuning)` → a GraphCalendar on the stand-in (real msal + aiohttp); closed after the test."""
    made: list[GraphCalendar] = []

    def factory(settings: Settings | None = None, **tuning: Any) -> GraphCalendar:
        graph = GraphCalendar.from_settings(settings or make_settings(**entra.settings_env()), **{**FAST, **tuning})
        assert graph is not None
        made.append(graph)
        return graph

    yield factory
    for graph in made:
        await graph.aclose()


@pytest.fixture
def graph(make_graph: GraphFactory) -> GraphCalendar:
    return make_graph()
