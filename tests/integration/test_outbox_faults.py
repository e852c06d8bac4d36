"""The outbox under faults, counted where a person would see it: the messages in the stand-in Slack channel.

A bot process SIGKILLed between Slack's answer and its database write; two instances racing through 429 bursts
whose Retry-After outlasts the lease; PostgreSQL restarted under a running bot. Every row is posted exactly once.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager, suppress
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from genai_bot.app import Core
from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.messages import Reply, Room
from genai_bot.notify import register_chat_posts, schedule_post
from genai_bot.outbox import Outbox
from handlers.slack.app import build_web_client
from handlers.slack.chat_port import OUTBOX_EVENT_TYPE, SlackChatPort
from tests.conftest import _fresh_postgres_database, make_settings, migrate, running_core
from tests.postgres_guard import missing_server
from tests.waiting import wait_until
from tests.world import postgres
from tests.world.slack_api import FakeSlackAPI

ROOT = Path(__file__).resolve().parents[2]
CHANNEL = "C1"


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlackAPI]:
    async with FakeSlackAPI(ts_start=time.time()) as api:  # message ts on the real clock, as Slack's are
        api.add_channel(CHANNEL, "general", members=["UBOT"])
        yield api


def posted_keys(slack: FakeSlackAPI, channel: str = CHANNEL) -> Counter[str]:
    """How many messages in the channel carry each outbox key (in their Slack metadata)."""
    keys: Counter[str] = Counter()
    for message in slack.messages(channel):
        meta = message.get("metadata") or {}
        if meta.get("event_type") == OUTBOX_EVENT_TYPE:
            keys[str(meta["event_payload"]["key"])] += 1
    return keys


async def schedule_posts(core: Core, keys: Iterable[str], *, in_seconds: float = -60) -> None:
    assert core.services.outbox is not None
    start = utcnow() + timedelta(seconds=in_seconds)
    for n, key in enumerate(keys):  # due one after another, so they are sent in this order
        await schedule_post(
            core.services.outbox,
            dedup_key=key,
            due_at=start + timedelta(seconds=n),
            room=Room(platform="slack", channel_id=CHANNEL),
            reply=Reply.text(f"お知らせ {key}"),
        )


async def rows(core: Core) -> dict[str, OutboxMessage]:
    async with core.db.session() as s:
        return {r.dedup_key: r for r in (await s.exec(select(OutboxMessage))).all()}


class Worker:
    """A bot process delivering the outbox (tests/integration/outbox_worker.py)."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path) -> None:
        self.process, self.log = process, log

    async def line(self, prefix: str, timeout: float = 60.0) -> str:  # noqa: ASYNC109
        assert self.process.stdout is not None
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.process.stdout.readline()
                if not raw:
                    raise AssertionError(f"worker ended before {prefix!r}: {self.log.read_text()[-2000:]}")
                if raw.decode().startswith(prefix):
                    return raw.decode().strip()

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            self.process.kill()


@asynccontextmanager
async def worker(slack: FakeSlackAPI, database_url: str, log: Path, **env: str) -> AsyncIterator[Worker]:
    environ = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "GENAI_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "GENAI_SLACK_API_URL": slack.base_url,
        **env,
    }
    if not env.get("GENAI_INSTANCE_ID"):
        environ.pop("GENAI_INSTANCE_ID", None)
    with log.open("a") as errors:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.integration.outbox_worker",
            env=environ,
            cwd=ROOT,
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
        )
    running = Worker(process, log)
    try:
        yield running
    finally:
        running.kill()
        await process.wait()


@pytest.mark.parametrize("comes_back_as", ["the same instance, restarted", "another instance"])
async def test_sigkill_mid_sweep_the_post_in_flight_is_sent_once_and_the_rest_within_seconds(
    core: Core, database_url: str, slack: FakeSlackAPI, tmp_path: Path, comes_back_as: str
) -> None:
    keys = [f"kill:{n}" for n in range(5)]
    await schedule_posts(core, keys)
    restarted = comes_back_as.startswith("the same")
    # restarted: a long lease, so only the stable instance name can bring the rows back in time;
    # another instance: a short lease, which runs out
    lease = "120" if restarted else "2"
    log = tmp_path / "workers.log"
    async with worker(slack, database_url, log, OUTBOX_TEST_LEASE=lease, OUTBOX_TEST_FREEZE="kill:0") as victim:
        name = (await victim.line("ready")).split()[1]
        await victim.line("posted kill:0")  # Slack has it; the database does not know yet
        victim.kill()  # SIGKILL: nothing runs on the way out
        await victim.process.wait()
    assert posted_keys(slack) == Counter({"kill:0": 1})
    held = await rows(core)
    assert {k: (r.status, r.claimed_by) for k, r in held.items()} == {k: ("sending", name) for k in keys}

    again = {} if restarted else {"GENAI_INSTANCE_ID": "survivor"}
    async with worker(slack, database_url, log, OUTBOX_TEST_LEASE=lease, **again) as successor:
        assert (await successor.line("ready")).split()[1] == (name if restarted else "survivor")
        started = time.monotonic()
        await wait_until(lambda: sum(posted_keys(slack).values()) >= 5, timeout=30, what="the other 4 posts")
        assert time.monotonic() - started < 15  # seconds, not the 120 s lease
        for _ in range(50):
            if all(r.status == "sent" for r in (await rows(core)).values()):
                break
            await asyncio.sleep(0.1)
    assert posted_keys(slack) == Counter({k: 1 for k in keys})
    assert len(slack.calls_to("chat.postMessage")) == 5  # kill:0 was found in the channel, not posted again
    assert all(r.status == "sent" for r in (await rows(core)).values())
    assert [c for c in slack.calls_to("conversations.history") if c.params.get("include_all_metadata")]


async def test_429_bursts_longer_than_the_lease_two_instances_each_post_once(
    database_url: str, slack: FakeSlackAPI
) -> None:
    settings = make_settings(
        GENAI_DATABASE_URL=database_url, SLACK_BOT_TOKEN="xoxb-test", GENAI_SLACK_API_URL=slack.base_url
    )
    await migrate(settings)
    keys = [f"burst:{n}" for n in range(4)]
    async with running_core(settings) as one, running_core(settings) as two:
        await schedule_posts(one, keys)
        outboxes = []
        for name, core in (("one", one), ("two", two)):
            core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))
            outbox = Outbox(core.db, instance_id=name, lease_seconds=1.0, heartbeat_seconds=0.25)
            register_chat_posts(outbox, core.services.chat_ports)
            outboxes.append(outbox)
        # Slack answers 429 with Retry-After 2 s (twice the lease) to the next six posts, whoever sends them
        slack.fail_next("chat.postMessage", times=6, status=429, retry_after=2)

        async def keep_sweeping(outbox: Outbox) -> None:
            while True:
                await outbox.sweep()
                await asyncio.sleep(0.05)

        sweepers = [asyncio.create_task(keep_sweeping(o)) for o in outboxes]
        try:
            await wait_until(
                lambda: sum(posted_keys(slack).values()) >= len(keys) and all(not s.done() for s in sweepers),
                timeout=60,
                what="every post",
            )
            await asyncio.sleep(3)  # time for a second send of anything, were there one
        finally:
            for s in sweepers:
                s.cancel()
            results = await asyncio.gather(*sweepers, return_exceptions=True)
        assert all(isinstance(r, asyncio.CancelledError) for r in results), results
        assert posted_keys(slack) == Counter({k: 1 for k in keys})
        assert len(slack.calls_to("chat.postMessage", include_limited=True)) == len(keys) + 6
        assert {r.status for r in (await rows(one)).values()} == {"sent"}


async def test_a_post_whose_answer_was_lost_on_the_way_back_is_not_sent_again(
    database_url: str, slack: FakeSlackAPI
) -> None:
    settings = make_settings(
        GENAI_DATABASE_URL=database_url, SLACK_BOT_TOKEN="xoxb-test", GENAI_SLACK_API_URL=slack.base_url
    )
    await migrate(settings)
    async with running_core(settings) as core:
        core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))  # with its retry handlers
        outbox = Outbox(core.db, instance_id="one")
        register_chat_posts(outbox, core.services.chat_ports)
        await schedule_posts(core, ["answer-lost:1"])
        slack.drop_answer_next("chat.postMessage")  # Slack posts it, then the connection drops before its answer
        assert (await outbox.sweep()).retried == 1
        assert posted_keys(slack) == Counter({"answer-lost:1": 1})  # not re-sent blindly on the dropped connection
        assert (await outbox.sweep(utcnow() + timedelta(hours=1))).sent == 1  # the retry looks first: it is out
        assert posted_keys(slack) == Counter({"answer-lost:1": 1})
        assert (await rows(core))["answer-lost:1"].status == "sent"


@pytest.fixture
async def own_postgres() -> AsyncIterator[tuple[Path, str]]:
    """A PostgreSQL server of this test's own (it is stopped and started again) and a fresh database on it."""
    if not postgres.server_available():
        missing_server("no PostgreSQL server binary (install postgresql or set GENAI_TEST_POSTGRES_URL)")
    directory = Path(tempfile.mkdtemp(prefix="genai-pg-restart-"))
    try:
        server = await asyncio.to_thread(postgres.start, directory)
        yield directory, await _fresh_postgres_database(server)
    finally:
        await asyncio.to_thread(postgres.stop, directory)


async def all_sent(core: Core, count: int) -> bool:
    try:
        held = await rows(core)
    except Exception:  # the database is still coming back
        return False
    return len(held) == count and all(r.status == "sent" for r in held.values())


@pytest.mark.postgres
async def test_postgres_restarted_under_a_running_bot_every_post_once_without_a_restart(
    own_postgres: tuple[Path, str], slack: FakeSlackAPI
) -> None:
    directory, url = own_postgres
    settings = make_settings(
        GENAI_DATABASE_URL=url,
        SLACK_BOT_TOKEN="xoxb-test",
        GENAI_SLACK_API_URL=slack.base_url,
        GENAI_OUTBOX_INTERVAL_SECONDS="0.2",
        GENAI_INSTANCE_ID="bot-1",
    )
    async with running_core(settings) as core:  # its own scheduler sweeps its own outbox, as deployed
        core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))
        slack.latency["chat.postMessage"] = 2.0  # the first post is on its way when the database goes
        await schedule_posts(core, ["pg:0"])
        await schedule_posts(core, ["pg:1", "pg:2"], in_seconds=4)  # due while the database is down
        for _ in range(300):
            if (await rows(core))["pg:0"].first_attempt_at is not None:
                break
            await asyncio.sleep(0.02)
        await asyncio.to_thread(postgres.pause, directory)
        await asyncio.sleep(4)  # Slack takes the post meanwhile; the bot cannot record it
        assert posted_keys(slack) == Counter({"pg:0": 1})
        slack.latency.clear()
        await asyncio.to_thread(postgres.resume, directory)
        for _ in range(300):
            if await all_sent(core, 3):
                break
            await asyncio.sleep(0.1)
        assert await all_sent(core, 3)
    assert posted_keys(slack) == Counter({"pg:0": 1, "pg:1": 1, "pg:2": 1})
    assert len(slack.calls_to("chat.postMessage")) == 3
