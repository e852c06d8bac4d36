"""Fixtures for the LLM gateway: stand-in OpenAI APIs, a SQLite database, and a gateway factory."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from genai_bot.db import make_engine
from genai_bot.db.engine import Database
from genai_bot.db.migrate import upgrade
from genai_bot.db.models import UsageEvent
from genai_bot.llm import LLMGateway, LLMSettings
from tests.world.openai_api import FakeOpenAI

_LLM_ENV = (
    "GENAI_LLM_PROVIDERS",
    "GENAI_LLM_ROUTES",
    "GENAI_LLM_PRICES",
    "GENAI_MASK_PATTERNS",
    "GENAI_MASK_TERMS",
    "GENAI_DEFAULT_CLASSIFICATION",
    "GENAI_LLM_MODEL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "OPENAI_API_VERSION",
)


@pytest.fixture(autouse=True)
def _no_llm_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _LLM_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
async def llm() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def llm2() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path}/t.db")
    await upgrade(engine)
    try:
        yield Database(engine)
    finally:
        await engine.dispose()


def llm_settings(providers: list[dict[str, Any]], **values: Any) -> LLMSettings:
    encoded: dict[str, Any] = {
        k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in values.items()
    }
    return LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS=json.dumps(providers), **encoded)


GatewayFactory = Callable[..., LLMGateway]


@pytest.fixture
async def make_gateway(db: Database) -> AsyncIterator[GatewayFactory]:
    """`make_gateway(providers, **settings)` (settings by env name, dicts/lists as JSON); retries back off in
    milliseconds; every gateway is closed after the test."""
    made: list[LLMGateway] = []

    def factory(providers: list[dict[str, Any]], *, with_db: bool = True, **values: Any) -> LLMGateway:
        gateway = LLMGateway(llm_settings(providers, **values), db if with_db else None, backoff_seconds=0.01)
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
