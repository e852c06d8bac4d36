"""/metrics: after a few commands and LLM calls, requests and latency per skill, LLM calls, tokens and errors per
provider, and the outbox's size and lag, in the Prometheus text format; GENAI_METRICS_TOKEN guards it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

from genai_bot.app import Core, build_core
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.db.models import OutboxMessage
from genai_bot.web.metrics_route import MetricsSettings, metrics_routes
from tests.conftest import TestBot, llm_settings_for, migrate
from tests.world.openai_api import FakeOpenAI

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
async def bot(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    """A core with the LLM stand-in and no timers (the outbox rows below stay pending)."""
    await migrate(settings)
    core = build_core(settings, llm_settings=llm_settings_for(fake_llm), clock=FixedClock(NOW))
    await core.start(timers=False)
    try:
        yield core
    finally:
        await core.close()


def _samples(text: str) -> Samples:
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


async def _scrape(core: Core, settings: MetricsSettings | None = None, **headers: str) -> tuple[int, str]:
    app = web.Application()
    app.add_routes(metrics_routes(core.services, settings or MetricsSettings(_env_file=None)))  # type: ignore[call-arg]
    async with TestClient(TestServer(app)) as client:
        response = await client.get("/metrics", headers=headers)
        return response.status, await response.text()


async def test_metrics_count_requests_llm_calls_tokens_errors_and_the_outbox(bot: Core, fake_llm: FakeOpenAI) -> None:
    person = await TestBot.signed_in(bot, "tanaka")
    await person.send("/genai help")
    await person.send("/genai translate en 会議は中止です")
    await person.send("/genai translate en 予算案")
    await person.send("/genai translate")  # a user error: no text
    fake_llm.fail_next(500, times=3)  # the first try and both retries fail
    await person.send("/genai translate en 失敗する")
    async with bot.db.session() as s:
        for key, due in (("late", NOW - timedelta(seconds=90)), ("later", NOW - timedelta(seconds=30))):
            s.add(OutboxMessage(dedup_key=key, due_at=due, kind="chat.post", payload={}))
        s.add(OutboxMessage(dedup_key="future", due_at=NOW + timedelta(hours=1), kind="chat.post", payload={}))
        s.add(OutboxMessage(dedup_key="done", due_at=NOW - timedelta(days=1), kind="chat.post", status="sent"))

    status, text = await _scrape(bot)
    assert status == 200
    samples = _samples(text)

    def value(name: str, **labels: str) -> float:
        return samples.get((name, frozenset(labels.items())), 0.0)

    assert value("genai_requests_total", skill="help", outcome="ok") == 1
    assert value("genai_requests_total", skill="translate", outcome="ok") == 2
    assert value("genai_requests_total", skill="translate", outcome="error") == 2  # no text; LLM down
    assert value("genai_request_duration_seconds_count", skill="translate") == 4
    assert value("genai_request_duration_seconds_bucket", skill="help", le="+Inf") == 1
    assert value("genai_llm_calls_total", provider="p1", model="model-p1") >= 3
    assert value("genai_llm_tokens_total", provider="p1", kind="prompt") > 0
    assert value("genai_llm_tokens_total", provider="p1", kind="completion") > 0
    assert sum(v for (name, labels), v in samples.items() if name == "genai_llm_errors_total") >= 1
    assert {dict(labels).get("provider") for (name, labels) in samples if name == "genai_llm_errors_total"} == {"p1"}
    assert value("genai_outbox_pending") == 3
    assert value("genai_outbox_lag_seconds") == 90


async def test_a_crashing_command_counts_as_a_skill_error(bot: Core) -> None:
    async def crash(ctx: object, args: str) -> object:
        raise RuntimeError("boom")

    from genai_bot.commands import Verb

    bot.registry.register(Verb("crash", (), crash))  # type: ignore[arg-type]
    await (await TestBot.signed_in(bot)).send("/genai crash")
    _, text = await _scrape(bot)
    samples = _samples(text)
    assert samples[("genai_skill_errors_total", frozenset({("skill", "crash")}))] == 1
    assert samples[("genai_requests_total", frozenset({("skill", "crash"), ("outcome", "failed")}))] == 1
    assert samples[("genai_outbox_lag_seconds", frozenset())] == 0


async def test_with_a_token_only_a_scrape_carrying_it_is_answered(bot: Core) -> None:
    guarded = MetricsSettings(_env_file=None, token=SecretStr("s3cret"))  # type: ignore[call-arg]
    assert (await _scrape(bot, guarded))[0] == 401
    assert (await _scrape(bot, guarded, Authorization="Bearer wrong"))[0] == 401
    status, text = await _scrape(bot, guarded, Authorization="Bearer s3cret")
    assert status == 200 and "genai_outbox_pending" in text


async def test_each_core_counts_apart(bot: Core, settings: Settings) -> None:
    other = build_core(settings, clock=FixedClock(NOW))
    await (await TestBot.signed_in(bot)).send("/genai help")
    assert other.services.metrics.registry is not bot.services.metrics.registry
    assert b'genai_requests_total{outcome="ok",skill="help"}' not in other.services.metrics.exposition()
    await other.db.dispose()
