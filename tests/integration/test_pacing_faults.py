"""Pacing under faults, counted in the stand-in Slack: 429s for a stretch slow delivery down without failing or
doubling anything; two instances on one PostgreSQL share one fan-out under the workspace ceiling."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from genai_bot.app import Core
from genai_bot.db.models import utcnow
from genai_bot.messages import Reply, Room
from genai_bot.notify import register_chat_posts, schedule_post
from genai_bot.outbox import Outbox
from handlers.slack.app import build_web_client
from handlers.slack.chat_port import SlackChatPort
from handlers.slack.paced import PacedWebClient
from tests.conftest import make_settings, migrate, running_core
from tests.integration.test_outbox_faults import posted_keys, rows
from tests.waiting import wait_until
from tests.world.slack_api import FakeSlackAPI


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI(ts_start=time.time()) as api:
        api.add_channel("C1", "general", members=["UBOT"])
        yield api


def paced_port(core: Core, slack: FakeSlackAPI) -> SlackChatPort:
    """The Slack port with the core's pacer, as `build_web_client` makes it."""
    return SlackChatPort(PacedWebClient(token="xoxb-test", base_url=slack.base_url, pacer=core.services.pacer))


def dm_counts(slack: FakeSlackAPI) -> Counter[str]:
    """Digest-like posts received, by recipient (their DM)."""
    return Counter(str(c.response.get("channel")) for c in slack.calls_to("chat.postMessage") if c.ok)


async def schedule_dms(core: Core, users: list[str]) -> None:
    assert core.services.outbox is not None
    for user in users:
        room = Room(platform="slack", channel_id=user, is_direct=True)
        await schedule_post(
            core.services.outbox, dedup_key=f"digest:{user}", due_at=utcnow(), room=room, reply=Reply.text("digest")
        )


async def sweep_until_done(outboxes: list[Outbox], done: object, *, workers: int = 3, within: float = 60) -> None:
    async def keep_sweeping(outbox: Outbox) -> None:
        while True:
            await outbox.sweep(limit=2)
            await asyncio.sleep(0.05)

    tasks = [asyncio.create_task(keep_sweeping(o)) for o in outboxes for _ in range(workers)]
    try:
        await wait_until(done, timeout=within, what="every post")  # type: ignore[arg-type]
        await asyncio.sleep(1.5)  # time for a second send of anything, were there one
    finally:
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
    assert all(isinstance(r, asyncio.CancelledError) for r in results), results


async def test_slack_answering_429_for_a_stretch_slows_delivery_which_completes_once(
    core: Core, slack: FakeSlackAPI
) -> None:
    core.services.chat_ports["slack"] = paced_port(core, slack)
    assert core.services.outbox is not None
    keys = ["a", "b"]
    for key in keys:
        await schedule_post(
            core.services.outbox, dedup_key=key, due_at=utcnow(), room=Room("slack", "C1"), reply=Reply.text(key)
        )
    slack.fail_next("chat.postMessage", times=12, status=429, retry_after=0)  # more tries than max_attempts
    await sweep_until_done([core.services.outbox], lambda: sum(posted_keys(slack, "C1").values()) >= 2, workers=1)
    assert posted_keys(slack, "C1") == Counter({"a": 1, "b": 1})
    held = await rows(core)
    assert {held[k].status for k in keys} == {"sent"}
    assert {held[k].attempts for k in keys} == {1}  # the 429s slowed it down; none counted as a failed try
    assert len(slack.calls_to("chat.postMessage", include_limited=True)) == 2 + 12  # no storm beyond them


async def test_a_ceiling_lower_than_the_bots_slows_everyone_and_completes_once(core: Core, slack: FakeSlackAPI) -> None:
    core.services.chat_ports["slack"] = paced_port(core, slack)
    slack.set_post_ceiling(4, burst=2)  # Slack allows less than the bot paces to (10 a second)
    users = [f"U{n:03d}" for n in range(12)]
    await schedule_dms(core, users)
    assert core.services.outbox is not None
    await sweep_until_done([core.services.outbox], lambda: len(dm_counts(slack)) >= len(users), within=90)
    assert dm_counts(slack) == Counter({f"D{u[1:]}": 1 for u in users})
    assert {r.status for r in (await rows(core)).values()} == {"sent"}


async def test_two_instances_share_one_fan_out_under_the_ceiling_without_a_429_storm(
    database_url: str, slack: FakeSlackAPI
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("instances share the pace through PostgreSQL (one SQLite file serves one instance)")
    postgres_database_url = database_url
    ceiling = 20
    settings = make_settings(
        GENAI_DATABASE_URL=postgres_database_url,
        SLACK_BOT_TOKEN="xoxb-test",
        GENAI_SLACK_API_URL=slack.base_url,
        GENAI_SLACK_MAX_POSTS_PER_SECOND=str(ceiling),
    )
    await migrate(settings)
    slack.set_post_ceiling(ceiling)  # each alone paces to the ceiling: together, unshared, they would be at twice it
    users = [f"U{n:03d}" for n in range(80)]
    async with running_core(settings) as one, running_core(settings) as two:
        await schedule_dms(one, users)
        outboxes = []
        for name, core in (("one", one), ("two", two)):
            core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))
            outbox = Outbox(core.db, instance_id=name)
            register_chat_posts(outbox, core.services.chat_ports)
            outboxes.append(outbox)
        await sweep_until_done(outboxes, lambda: len(dm_counts(slack)) >= len(users), workers=4)
        held = await rows(one)
    assert dm_counts(slack) == Counter({f"D{u[1:]}": 1 for u in users})  # everyone once
    assert {r.status for r in held.values()} == {"sent"}
    assert {r.claimed_by for r in held.values()} == {"one", "two"}  # the work was shared
    limited = slack.calls_to("chat.postMessage", include_limited=True)
    assert sum(1 for c in limited if c.limited) <= 3  # paced together: no storm of 429s
