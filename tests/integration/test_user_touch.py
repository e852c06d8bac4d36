"""Who-is-this is cheap under load: a person's row is written at most once per GENAI_USER_TOUCH_SECONDS (on both
engines, also by two instances), while a language change shows on the very next request."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from sqlalchemy import event, update
from sqlmodel import col, select

from genai_bot.app import Core
from genai_bot.db import Database
from genai_bot.db.models import User, utcnow
from genai_bot.users import UserDirectory
from tests.conftest import make_settings


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _directory(db: Database, clock: _Clock, touch_seconds: float = 300) -> UserDirectory:
    return UserDirectory(
        db, default_lang="ja", default_timezone="Asia/Tokyo", touch_seconds=touch_seconds, monotonic=clock
    )


@contextmanager
def user_writes(db: Database) -> Iterator[list[str]]:
    """Every INSERT or UPDATE statement sent for the users table while inside."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT INTO USERS", "UPDATE USERS")):
            seen.append(statement.split()[0].upper())

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def _age_last_seen(db: Database, minutes: int) -> None:
    async with db.session() as s:
        await s.exec(update(User).values(last_seen_at=utcnow() - timedelta(minutes=minutes)))  # type: ignore[call-overload]


async def _last_seen(db: Database) -> Any:
    async with db.session() as s:
        return (await s.exec(select(col(User.last_seen_at)))).one()


def test_the_interval_is_a_setting_with_a_five_minute_default() -> None:
    assert make_settings().user_touch_seconds == 300
    assert make_settings(GENAI_USER_TOUCH_SECONDS="60").user_touch_seconds == 60


async def test_a_burst_of_requests_from_one_person_writes_the_row_once(core: Core) -> None:
    users = _directory(core.db, _Clock())
    with user_writes(core.db) as writes:
        await users.resolve("slack", "T1", "U1", name="Sato")
        for _ in range(20):
            assert (await users.resolve("slack", "T1", "U1")).name == "Sato"
    assert writes == ["INSERT"]


async def test_the_row_is_touched_again_once_the_interval_has_passed(core: Core) -> None:
    clock = _Clock()
    users = _directory(core.db, clock)
    await users.resolve("slack", "T1", "U1")
    await _age_last_seen(core.db, minutes=10)
    with user_writes(core.db) as writes:
        await users.resolve("slack", "T1", "U1")  # still inside the interval for this process: no write
        clock.now += 301
        await users.resolve("slack", "T1", "U1")
        await users.resolve("slack", "T1", "U1")
    assert writes == ["UPDATE"]
    assert utcnow() - await _last_seen(core.db) < timedelta(minutes=1)


async def test_two_instances_do_not_both_touch_a_fresh_row(core: Core) -> None:
    first, second = _directory(core.db, _Clock()), _directory(core.db, _Clock())
    await first.resolve("slack", "T1", "U1")
    with user_writes(core.db) as writes:
        await asyncio.gather(*(d.resolve("slack", "T1", "U1") for d in (first, second, first, second)))
    assert writes == []  # the second instance read a row touched within the interval


async def test_a_language_change_shows_on_the_next_request(core: Core) -> None:
    users = _directory(core.db, _Clock())
    person = await users.resolve("slack", "T1", "U1")
    assert person.lang == "ja"
    await users.set_language(person, "en")
    assert (await users.resolve("slack", "T1", "U1")).lang == "en"
    assert (await _directory(core.db, _Clock()).resolve("slack", "T1", "U1")).lang == "en"  # and in the database


async def test_a_new_display_name_is_written_at_once(core: Core) -> None:
    users = _directory(core.db, _Clock())
    await users.resolve("slack", "T1", "U1", name="Sato")
    assert (await users.resolve("slack", "T1", "U1", name="Sato Hanako")).name == "Sato Hanako"
    async with core.db.session() as s:
        assert (await s.exec(select(col(User.display_name)))).one() == "Sato Hanako"


async def test_with_no_interval_every_request_is_recorded(core: Core) -> None:
    users = _directory(core.db, _Clock(), touch_seconds=0)
    await users.resolve("slack", "T1", "U1")
    with user_writes(core.db) as writes:
        await users.resolve("slack", "T1", "U1")
        await users.resolve("slack", "T1", "U1")
    assert writes == ["UPDATE", "UPDATE"]
