"""The shared pacer: instances on one database take turns on one schedule, and a 429 seen by one slows all."""

from __future__ import annotations

import pytest

from genai_bot.app import Core, engine_for
from genai_bot.db import Database
from genai_bot.pacing import Budget, DatabasePaceStore, LocalPaceStore, Pacer, PaceTooSlow

TEN_A_SECOND = Budget(10.0)
NOW = 1_000_000.0


async def test_two_instances_on_one_database_take_turns_on_one_schedule(core: Core) -> None:
    other = Database(engine_for(core.settings.database_url))  # a second instance's connection
    try:
        one, two = DatabasePaceStore(core.db), DatabasePaceStore(other)
        waits = [await store.claim("chat.postMessage", TEN_A_SECOND, NOW) for store in (one, two, one, two)]
        assert waits == pytest.approx([0.0, 0.1, 0.2, 0.3])  # evenly spaced across both, never together
        await two.pause("chat.postMessage", NOW + 30)  # Slack said "Retry-After: 30" to the second
        assert await one.claim("chat.postMessage", TEN_A_SECOND, NOW) == pytest.approx(30.0)
        assert await one.claim("users.info", TEN_A_SECOND, NOW) == 0.0  # other methods go on
    finally:
        await other.engine.dispose()


async def test_a_wait_longer_than_the_caller_may_wait_is_refused_at_once() -> None:
    pacer = Pacer(LocalPaceStore(), posts_per_second=1.0, max_wait=0.5, clock=lambda: NOW)
    assert await pacer.permit("chat.postMessage", "D1") == 0.0
    with pytest.raises(PaceTooSlow) as refused:
        await pacer.permit("chat.postMessage", "D2")
    assert refused.value.retry_after == pytest.approx(1.0)


async def test_one_conversation_takes_about_a_message_a_second_after_a_short_burst() -> None:
    pacer = Pacer(LocalPaceStore(), posts_per_second=1000.0, max_wait=0.0, clock=lambda: NOW)
    for _ in range(3):  # a long answer's continuations
        await pacer.permit("chat.postMessage", "C1")
    with pytest.raises(PaceTooSlow):
        await pacer.permit("chat.postMessage", "C1")
    assert await pacer.permit("chat.postMessage", "C2") == 0.0  # another conversation is not held up
