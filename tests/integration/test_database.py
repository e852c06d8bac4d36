"""The database on both engines: migrations, event de-duplication, users, audit, pruning."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import inspect
from sqlmodel import select

from genai_bot.app import Core, migration_locations, schema_heads, upgrade_database
from genai_bot.db import make_engine
from genai_bot.db.migrate import current_revisions, upgrade
from genai_bot.db.models import ProcessedEvent, User, utcnow
from genai_bot.dedup import claim_event, prune_events


async def test_schema_is_at_head_and_upgrade_is_idempotent(core: Core) -> None:
    assert await current_revisions(core.db.engine) == schema_heads() == ("0015_secrets",)
    await upgrade_database(core.db.engine)  # a second upgrade changes nothing and does not fail
    assert await current_revisions(core.db.engine) == schema_heads()


async def test_a_database_at_the_old_head_upgrades_with_the_skills_revisions(database_url: str) -> None:
    """0003 was the head while the committee's revision 0002 still lived in the core: such a database is
    recognised (revision ids and chain kept) and upgraded, and the unused installations table is dropped."""
    engine = make_engine(database_url)
    try:
        await upgrade(engine, "0003", locations=migration_locations())
        assert await current_revisions(engine) == ("0003",)
        await upgrade_database(engine)
        assert await current_revisions(engine) == schema_heads()
        async with engine.connect() as conn:
            tables = set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
        assert {"committees", "meetings", "busy_blocks", "channel_visits"} <= tables
        assert "installations" not in tables
    finally:
        await engine.dispose()


async def test_an_event_id_is_claimed_once_even_when_instances_race(core: Core, database_url: str) -> None:
    other_engine = make_engine(database_url)  # a second instance: its own engine, same database
    try:
        from genai_bot.db import Database

        other = Database(other_engine)
        results = await asyncio.gather(*[claim_event(db, "Ev123") for db in (core.db, other) * 5])
        assert results.count(True) == 1
        assert not await claim_event(core.db, "Ev123")  # and after a restart it is still known
        assert await claim_event(other, "Ev456")
    finally:
        await other_engine.dispose()


async def test_old_event_ids_are_pruned(core: Core) -> None:
    assert await claim_event(core.db, "old")
    async with core.db.session() as s:
        row = (await s.exec(select(ProcessedEvent).where(ProcessedEvent.event_id == "old"))).one()
        row.received_at = utcnow() - timedelta(days=10)
        s.add(row)
    assert await claim_event(core.db, "new")
    assert await prune_events(core.db, older_than=timedelta(days=3)) == 1
    assert await claim_event(core.db, "old")  # forgotten, so it counts as new again
    assert not await claim_event(core.db, "new")


async def test_users_are_created_once_and_keep_their_language(core: Core) -> None:
    users = core.services.users
    first, second = await asyncio.gather(
        users.resolve("slack", "T1", "U1", name="Sato"), users.resolve("slack", "T1", "U1", name="Sato")
    )
    assert first.key == second.key == "slack:T1:U1"
    assert first.lang == "ja"  # GENAI_LANGUAGE default
    await users.set_language(first, "en")
    again = await users.resolve("slack", "T1", "U1")
    assert again.lang == "en" and again.name == "Sato"
    async with core.db.session() as s:
        assert len((await s.exec(select(User))).all()) == 1


async def test_audit_log_records_state_changes(testbot: object, core: Core) -> None:
    from tests.conftest import TestBot

    assert isinstance(testbot, TestBot)
    await testbot.send("/genai lang en")
    entries = await core.services.audit.recent(action="user.language_changed")
    assert len(entries) == 1
    assert entries[0].actor == "console:T-test:U-test" and entries[0].detail == {"lang": "en"}


async def test_old_chat_memory_is_pruned_by_the_daily_retention_job(core: Core) -> None:
    from genai_bot.db.models import ChannelMessage
    from genai_bot.retention_job import run_retention

    async with core.db.session() as s:
        s.add(
            ChannelMessage(
                platform="slack",
                channel_id="C1",
                thread_id="1.0",
                author="U1",
                text="old",
                created_at=utcnow() - timedelta(days=31),
            )
        )
        s.add(ChannelMessage(platform="slack", channel_id="C1", thread_id="1.0", author="U1", text="new"))
    report = await run_retention(core.services)
    assert report.pruned["chat_memory"] == 1  # registered by the assist skill
    async with core.db.session() as s:
        assert [m.text for m in (await s.exec(select(ChannelMessage))).all()] == ["new"]
