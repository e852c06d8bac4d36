"""The outbox on both engines: due-only delivery, idempotent scheduling, racing instances, a killed instance."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from collections import Counter
from datetime import timedelta
from pathlib import Path

from sqlmodel import select

from genai_bot.app import Core
from genai_bot.db import Database, make_engine
from genai_bot.db.models import OutboxMessage, utcnow
from genai_bot.messages import Reply, Room
from genai_bot.notify import schedule_post
from genai_bot.outbox import Outbox, PermanentDeliveryError, RetryLater

ROOM = Room(platform="console", channel_id="C-rem")


async def _rows(db: Database) -> dict[str, OutboxMessage]:
    async with db.session() as s:
        return {r.dedup_key: r for r in (await s.exec(select(OutboxMessage))).all()}


def recording_outbox(db: Database, name: str, delivered: list[str], **kw: float) -> Outbox:
    outbox = Outbox(db, instance_id=name, **kw)  # type: ignore[arg-type]

    async def deliver(message: OutboxMessage) -> None:
        await asyncio.sleep(0.01)
        delivered.append(message.dedup_key)

    outbox.register("test", deliver)
    return outbox


async def test_only_due_messages_are_sent_and_scheduling_is_idempotent(core: Core) -> None:
    delivered: list[str] = []
    outbox = recording_outbox(core.db, "a", delivered)
    now = utcnow()
    assert await outbox.schedule(dedup_key="m:1", due_at=now - timedelta(seconds=1), kind="test", payload={})
    assert not await outbox.schedule(dedup_key="m:1", due_at=now, kind="test", payload={})  # same key: no-op
    await outbox.schedule(dedup_key="m:2", due_at=now + timedelta(hours=1), kind="test", payload={})
    result = await outbox.sweep(now)
    assert result.sent == 1 and delivered == ["m:1"]
    rows = await _rows(core.db)
    assert rows["m:1"].status == "sent" and rows["m:1"].sent_at is not None
    assert rows["m:2"].status == "pending"
    assert (await outbox.sweep(now)).sent == 0  # nothing is sent twice


async def test_racing_instances_send_each_message_exactly_once(core: Core, database_url: str) -> None:
    delivered: list[str] = []
    engines = [make_engine(database_url) for _ in range(3)]
    try:
        instances = [recording_outbox(Database(e), f"i{n}", delivered) for n, e in enumerate(engines)]
        now = utcnow()
        for n in range(60):
            await instances[0].schedule(dedup_key=f"r:{n}", due_at=now - timedelta(seconds=n), kind="test", payload={})
        for _ in range(4):
            await asyncio.gather(*(i.sweep(now, limit=7) for i in instances))
        assert Counter(delivered) == Counter({f"r:{n}": 1 for n in range(60)})
        claimed_by = Counter(r.claimed_by for r in (await _rows(core.db)).values())
        assert sum(claimed_by.values()) == 60
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_killed_instance_loses_nothing_its_lease_expires_and_another_sends(
    core: Core, database_url: str, tmp_path: Path
) -> None:
    await schedule_post(
        core.services.outbox,
        dedup_key="k:1",
        due_at=utcnow() - timedelta(seconds=1),  # type: ignore[arg-type]
        room=ROOM,
        reply=Reply.text("資料の提出期限は明日です"),
    )
    script = tmp_path / "victim.py"
    script.write_text(
        textwrap.dedent(f"""
        import asyncio, sys
        from genai_bot.db import Database, make_engine
        from genai_bot.outbox import Outbox
        async def main():
            outbox = Outbox(Database(make_engine({database_url!r})), instance_id="victim", lease_seconds=60)
            async def hang(message):
                print("claimed", flush=True)
                await asyncio.sleep(3600)
            outbox.register("chat.post:console", hang)
            await outbox.sweep()
        asyncio.run(main())
    """)
    )
    victim = await asyncio.create_subprocess_exec(sys.executable, str(script), stdout=asyncio.subprocess.PIPE)
    try:
        assert victim.stdout is not None
        assert (await asyncio.wait_for(victim.stdout.readline(), 30)).strip() == b"claimed"
    finally:
        victim.kill()  # SIGKILL mid-send: no clean-up runs
        await victim.wait()
    row = (await _rows(core.db))["k:1"]
    assert row.status == "sending" and row.claimed_by == "victim"

    delivered: list[str] = []
    survivor = recording_outbox(core.db, "survivor", delivered)
    survivor.register("chat.post:console", survivor._deliverers["test"])
    assert (await survivor.sweep()).sent == 0  # still leased to the dead instance
    assert (await survivor.sweep(utcnow() + timedelta(seconds=61))).sent == 1
    assert delivered == ["k:1"]
    row = (await _rows(core.db))["k:1"]
    assert row.status == "sent" and row.attempts == 2 and row.claimed_by == "survivor"
    assert row.first_attempt_at is not None  # the victim had begun: a chat deliverer looks before re-sending


async def test_a_slow_instance_whose_lease_expired_cannot_overwrite_the_new_owner(core: Core) -> None:
    slow = recording_outbox(core.db, "slow", [], lease_seconds=10)
    fast_delivered: list[str] = []
    fast = recording_outbox(core.db, "fast", fast_delivered)
    now = utcnow()
    await slow.schedule(dedup_key="s:1", due_at=now, kind="test", payload={})
    [claimed] = await slow.claim_due(now)
    assert (await fast.sweep(now + timedelta(seconds=11))).sent == 1
    await slow._finish(claimed, status="pending", error="late")  # the slow one wakes up and tries to retry it
    assert (await _rows(core.db))["s:1"].status == "sent"
    # and before sending it checks the row is still its own, so it does not post a second time
    assert not await slow._start(claimed, now + timedelta(seconds=12))


async def test_a_row_waiting_behind_a_slow_send_is_not_taken_again_by_another_worker_of_the_same_instance(
    core: Core,
) -> None:
    delivered: list[str] = []
    outbox = recording_outbox(core.db, "busy", delivered, lease_seconds=15)
    now = utcnow()
    for n in range(2):
        await outbox.schedule(dedup_key=f"b:{n}", due_at=now, kind="test", payload={})
    batch = await outbox.claim_due(now, limit=2)  # one worker holds both and sends the first one slowly …
    later = now + timedelta(seconds=16)  # … so long that the second one's lease runs out meanwhile
    assert (await outbox.sweep(later)).sent == 0  # another worker of this process: not its to take
    for message in batch:
        assert await outbox._attempt(message, later) == "sent"
    assert Counter(delivered) == Counter({"b:0": 1, "b:1": 1})
    assert {r.status for r in (await _rows(core.db)).values()} == {"sent"}


async def test_failures_back_off_then_give_up_and_permanent_errors_fail_at_once(core: Core) -> None:
    outbox = Outbox(core.db, instance_id="x", max_attempts=3, backoff_seconds=60)
    attempts: list[int] = []

    async def flaky(message: OutboxMessage) -> None:
        attempts.append(message.attempts)
        raise ConnectionError("slack down")

    async def gone(message: OutboxMessage) -> None:
        raise PermanentDeliveryError("channel_not_found")

    outbox.register("flaky", flaky)
    outbox.register("gone", gone)
    now = utcnow()
    await outbox.schedule(dedup_key="f:1", due_at=now, kind="flaky", payload={})
    await outbox.schedule(dedup_key="g:1", due_at=now, kind="gone", payload={})
    first = await outbox.sweep(now)
    assert (first.retried, first.failed) == (1, 1)
    assert (await outbox.sweep(now + timedelta(seconds=59))).retried == 0  # backing off
    assert (await outbox.sweep(now + timedelta(seconds=61))).retried == 1
    assert (await outbox.sweep(now + timedelta(seconds=61 + 121))).failed == 1
    assert attempts == [1, 2, 3]
    rows = await _rows(core.db)
    assert rows["f:1"].status == "failed" and rows["g:1"].last_error == "channel_not_found"


async def test_a_retry_after_from_the_other_side_sets_the_next_attempt_instead_of_the_backoff(core: Core) -> None:
    outbox = Outbox(core.db, instance_id="x", backoff_seconds=5)
    attempts: list[int] = []

    async def limited(message: OutboxMessage) -> None:
        attempts.append(message.attempts)
        if message.attempts == 1:
            raise RetryLater("ratelimited", retry_after=90)

    outbox.register("limited", limited)
    now = utcnow()
    await outbox.schedule(dedup_key="r:1", due_at=now, kind="limited", payload={})
    assert (await outbox.sweep(now)).retried == 1
    assert (await outbox.sweep(now + timedelta(seconds=30))).sent == 0  # the backoff (5 s) would have allowed it
    assert (await outbox.sweep(now + timedelta(seconds=91))).sent == 1
    assert attempts == [1, 2]


async def test_cancel_stops_pending_reminders(core: Core) -> None:
    delivered: list[str] = []
    outbox = recording_outbox(core.db, "c", delivered)
    now = utcnow()
    for key in ("meeting:7:t-7d", "meeting:7:t-1d", "meeting:8:t-1d"):
        await outbox.schedule(dedup_key=key, due_at=now, kind="test", payload={})
    assert await outbox.cancel("meeting:7:") == 2
    await outbox.sweep(now)
    assert delivered == ["meeting:8:t-1d"]


async def test_scheduled_post_reaches_the_console_through_the_chat_port(core: Core) -> None:
    import io

    from handlers.console.chat_port import ConsoleChatPort

    out = io.StringIO()
    core.services.chat_ports["console"] = ConsoleChatPort(core.db, out)
    assert core.services.outbox is not None
    await schedule_post(
        core.services.outbox,
        dedup_key="p:1",
        due_at=utcnow(),
        room=ROOM,
        reply=Reply.text("*リマインダー*: 明日 10:00 委員会"),
    )
    assert (await core.services.outbox.sweep()).sent == 1
    assert "リマインダー: 明日 10:00 委員会" in out.getvalue()


async def test_due_times_in_other_zones_fire_at_the_same_instant(core: Core) -> None:
    from zoneinfo import ZoneInfo

    delivered: list[str] = []
    outbox = recording_outbox(core.db, "tz", delivered)
    jst = ZoneInfo("Asia/Tokyo")
    due = utcnow().astimezone(jst) + timedelta(minutes=30)  # 30 minutes from now, written in JST
    await outbox.schedule(dedup_key="tz:1", due_at=due, kind="test", payload={})
    assert (await outbox.sweep(due - timedelta(minutes=1))).sent == 0
    assert (await outbox.sweep((due + timedelta(minutes=1)).astimezone(jst))).sent == 1


async def test_an_instance_leaves_posts_for_platforms_it_does_not_run(core: Core) -> None:
    outbox = core.services.outbox
    assert outbox is not None
    slack_room = Room(platform="slack", channel_id="C1")
    await schedule_post(outbox, dedup_key="pl:1", due_at=utcnow(), room=slack_room, reply=Reply.text("x"))
    core.services.chat_ports.pop("slack", None)
    for _ in range(6):  # far more sweeps than max_attempts: the row must not be burnt
        assert (await outbox.sweep(utcnow() + timedelta(hours=1))).failed == 0
    row = (await _rows(core.db))["pl:1"]
    assert row.status == "pending" and row.attempts == 0


async def test_graceful_shutdown_hands_rows_not_begun_back_at_once(core: Core) -> None:
    leaving = recording_outbox(core.db, "leaving", [])
    now = utcnow()
    for n in range(3):
        await leaving.schedule(dedup_key=f"g:{n}", due_at=now, kind="test", payload={})
    assert len(await leaving.claim_due(now)) == 3
    assert await leaving.release() == 3
    assert await leaving.claim_due(now) == []  # a closing instance claims nothing more
    rows = await _rows(core.db)
    assert {(r.status, r.attempts, r.claimed_by) for r in rows.values()} == {("pending", 0, None)}
    delivered: list[str] = []
    assert (await recording_outbox(core.db, "staying", delivered).sweep(now)).sent == 3  # no lease to wait for
    assert sorted(delivered) == ["g:0", "g:1", "g:2"]


async def test_a_restarted_instance_takes_its_own_rows_back_at_once(core: Core) -> None:
    before = recording_outbox(core.db, "host-a-0", [], lease_seconds=600)
    now = utcnow()
    for n in range(2):
        await before.schedule(dedup_key=f"own:{n}", due_at=now, kind="test", payload={})
    assert len(await before.claim_due(now)) == 2  # … and the process dies here
    other: list[str] = []
    assert (await recording_outbox(core.db, "host-b-0", other).sweep(now)).sent == 0  # leased for 10 minutes
    delivered: list[str] = []
    after = recording_outbox(core.db, "host-a-0", delivered, lease_seconds=600)  # the same name after a restart
    assert (await after.sweep(now)).sent == 2
    assert sorted(delivered) == ["own:0", "own:1"] and other == []


async def test_a_long_delivery_keeps_its_lease_so_no_other_instance_takes_the_row(
    core: Core, database_url: str
) -> None:
    slow = Outbox(core.db, instance_id="slow", lease_seconds=0.6, heartbeat_seconds=0.15)
    sent: list[str] = []

    async def waits_out_retry_after(message: OutboxMessage) -> None:
        await asyncio.sleep(2.0)  # four leases long, as a send waiting out a long Retry-After
        sent.append(message.dedup_key)

    slow.register("test", waits_out_retry_after)
    await slow.schedule(dedup_key="long:1", due_at=utcnow(), kind="test", payload={})
    engine = make_engine(database_url)
    try:
        eager = Outbox(Database(engine), instance_id="eager", lease_seconds=0.6, heartbeat_seconds=0.15)
        eager.register("test", waits_out_retry_after)
        sweeping = asyncio.create_task(slow.sweep())
        taken = 0
        while not sweeping.done():
            taken += (await eager.sweep()).sent
            await asyncio.sleep(0.05)
        assert (await sweeping).sent == 1 and taken == 0
    finally:
        await engine.dispose()
    assert sent == ["long:1"]
    row = (await _rows(core.db))["long:1"]
    assert row.status == "sent" and row.attempts == 1 and row.claimed_by == "slow"


async def test_a_delivery_whose_row_was_taken_over_is_stopped_before_it_sends(core: Core) -> None:
    outbox = Outbox(core.db, instance_id="paused", lease_seconds=0.6, heartbeat_seconds=0.15)
    sent: list[str] = []

    async def slow(message: OutboxMessage) -> None:
        await asyncio.sleep(2.0)
        sent.append(message.dedup_key)

    outbox.register("test", slow)
    await outbox.schedule(dedup_key="t:1", due_at=utcnow(), kind="test", payload={})
    sweeping = asyncio.create_task(outbox.sweep())
    await asyncio.sleep(0.3)
    async with core.db.session() as s:  # as if the lease had run out while this instance was frozen
        row = (await s.exec(select(OutboxMessage))).one()
        row.claimed_by = "other"
        s.add(row)
    result = await sweeping
    assert result.lost == 1 and result.sent == 0 and sent == []
    assert (await _rows(core.db))["t:1"].claimed_by == "other"


async def test_a_delivery_cut_off_at_shutdown_goes_back_at_once(core: Core) -> None:
    outbox = Outbox(core.db, instance_id="closing")
    begun = asyncio.Event()

    async def hangs(message: OutboxMessage) -> None:
        begun.set()
        await asyncio.sleep(3600)

    outbox.register("test", hangs)
    await outbox.schedule(dedup_key="c:1", due_at=utcnow(), kind="test", payload={})
    sweeping = asyncio.create_task(outbox.sweep())
    await asyncio.wait_for(begun.wait(), 10)
    await outbox.release()
    sweeping.cancel()  # the shutdown grace period ran out
    await asyncio.gather(sweeping, return_exceptions=True)
    row = (await _rows(core.db))["c:1"]
    assert (row.status, row.claimed_by, row.attempts) == ("pending", None, 1)
    assert row.first_attempt_at is not None  # it may be out: the next instance looks before sending
