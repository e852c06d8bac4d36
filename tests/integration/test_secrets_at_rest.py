"""Secrets at rest on both engines: the Graph app token is kept in the database sealed with the data key — a raw
SELECT shows only ciphertext, yet a restarted bot uses it without asking Entra ID again; a changed key stops the
start with one line; the old key kept behind a new one still opens it; without a key nothing is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from genai_bot.app import Core
from genai_bot.config import Settings
from genai_bot.db.encrypted import MissingDataKey
from genai_bot.errors import ConfigError
from genai_bot.secrets import SecretStore
from tests.conftest import make_settings, running_core
from tests.world.entra_graph import FakeEntraGraph

T0 = datetime(2026, 12, 1, tzinfo=UTC)
TARO = "taro@example.go.jp"


def _with(settings: Settings, entra: FakeEntraGraph, **keys: str) -> Settings:
    return make_settings(GENAI_DATABASE_URL=settings.database_url, **entra.settings_env(), **keys)


async def _busy(core: Core) -> list[tuple[datetime, datetime]]:
    assert core.services.calendar is not None
    result = await core.services.calendar.busy([TARO], T0, T0 + timedelta(days=1))
    assert result.sources == {TARO: "graph"}
    return result.busy[TARO]


async def _raw(core: Core) -> list[str]:
    async with core.db.engine.connect() as conn:
        return [str(v) for v in (await conn.execute(text("SELECT value FROM stored_secrets"))).scalars()]


async def test_the_graph_token_is_stored_sealed_and_used_after_a_restart(
    settings: Settings, entra: FakeEntraGraph
) -> None:
    entra.add_busy(TARO, T0 + timedelta(hours=1), T0 + timedelta(hours=2), subject="局議")
    keyed = _with(settings, entra, GENAI_SECRET_KEY="庁内の鍵-1")
    async with running_core(keyed) as core:
        assert await _busy(core) == [(T0 + timedelta(hours=1), T0 + timedelta(hours=2))]
        [sealed] = await _raw(core)
    assert entra.token_requests == 1
    assert sealed.startswith("gAAAAA")  # a Fernet token
    assert "access_token" not in sealed.lower() and "AccessToken" not in sealed and "Bearer" not in sealed
    assert not any(token in sealed for token in entra._tokens)

    async with running_core(keyed) as core:  # a restart (or another instance): the stored token is used
        assert await _busy(core) == [(T0 + timedelta(hours=1), T0 + timedelta(hours=2))]
    assert entra.token_requests == 1

    rotated = _with(settings, entra, GENAI_DATA_KEY="新しい鍵, 庁内の鍵-1")  # the old key kept behind the new one
    async with running_core(rotated) as core:
        assert len(await _busy(core)) == 1
    assert entra.token_requests == 1


async def test_a_changed_key_stops_the_start_with_one_line(settings: Settings, entra: FakeEntraGraph) -> None:
    entra.add_user(TARO)
    async with running_core(_with(settings, entra, GENAI_SECRET_KEY="庁内の鍵-1")) as core:
        await _busy(core)
    for keys in ({"GENAI_SECRET_KEY": "別の鍵"}, {}):
        with pytest.raises(ConfigError) as caught:
            async with running_core(_with(settings, entra, **keys)):
                pass
        message = str(caught.value)
        assert "\n" not in message and "GENAI_DATA_KEY" in message


async def test_without_a_key_nothing_is_stored_and_calendars_still_work(
    settings: Settings, entra: FakeEntraGraph
) -> None:
    entra.add_busy(TARO, T0, T0 + timedelta(hours=1))
    async with running_core(_with(settings, entra)) as core:
        assert await _busy(core) == [(T0, T0 + timedelta(hours=1))]
        assert await _raw(core) == []  # never plain text
        store = SecretStore(core.db)
        assert not store.available
        with pytest.raises(MissingDataKey, match="GENAI_DATA_KEY"):
            await store.put("webhook", "https://hooks.example/secret")
        assert await _raw(core) == []
    async with running_core(_with(settings, entra)) as core:  # so a restart has to ask Entra ID again
        await _busy(core)
    assert entra.token_requests == 2
