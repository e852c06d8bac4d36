"""Fixtures for the LLM gateway: stand-in OpenAI APIs, a SQLite database, and a gateway factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from genai_bot.app import upgrade_database
from genai_bot.db import make_engine
from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent
from genai_bot.llm import LLMGateway
from tests.conftest import llm_settings_from
from tests.world.openai_api import FakeOpenAI


@pytest.fixture
def llm(fake_llm: FakeOpenAI) -> FakeOpenAI:
    """The first stand-in: the shared `fake_llm`."""
    return fake_llm


@pytest.fixture
async def llm2() -> AsyncIterator[FakeOpenAI]:
    """A second, independent stand-in."""
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/t.db")
    await upgrade_database(engine)
    try:
        yield Database(engine)
    finally:
        await engine.dispose()


GatewayFactory = Callable[..., LLMGateway]


@pytest.fixture
async def make_gateway(db: Database) -> AsyncIterator[GatewayFactory]:
    """`make_gateway(providers, **settings)` (settings by env name, dicts/lists as JSON); retries back off in
    milliseconds; every gateway is closed after the test."""
    made: list[LLMGateway] = []

    def factory(providers: list[dict[str, Any]], *, with_db: bool = True, **values: Any) -> LLMGateway:
        gateway = LLMGateway(llm_settings_from(providers, **values), db if with_db else None, backoff_seconds=0.01)
        made.append(gateway)
        return gateway

    yield factory
    for gateway in made:
        await gateway.aclose()


UsageReader = Callable[[LLMGateway], Awaitable[list[UsageEvent]]]


@pytest.fixture
def usage(db: Database) -> UsageReader:
    """`await usage(gateway)`: flush the gateway's usage rows and read them back, oldest first."""

    async def read(gateway: LLMGateway) -> list[UsageEvent]:
        await gateway.flush_usage()
        async with db.session() as session:
            rows = await session.exec(select(UsageEvent).order_by(UsageEvent.id))  # type: ignore[arg-type]
            return list(rows.all())

    return read
