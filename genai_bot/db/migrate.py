"""Run Alembic migrations programmatically on an async engine (`genai-bot db upgrade`).

The core's revisions live in `genai_bot/db/migrations/versions`; each skill that owns tables keeps its revisions in
its own folder (`skills/<name>/migrations`), handed in as `locations` by the composition root (genai_bot.app),
which is the only place that knows the skills. All folders form one revision graph: the existing chain
0001 → 0002 (committee) → 0003 → … keeps its ids, so a database already at a head is recognised as such. A new
skill starts its own branch (`branch_labels`, `down_revision` the core revision it builds on), so the graph may
have several heads; `upgrade` goes to all of them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
CORE_VERSIONS = MIGRATIONS / "versions"
_PG_LOCK_ID = 7_240_915_001  # advisory lock so two instances never migrate at once

Locations = Sequence[Path]


def alembic_config(url: str | None = None, locations: Locations = ()) -> Config:
    """The Alembic configuration: the core's environment and revisions plus the skills' revision folders."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    folders = [CORE_VERSIONS, *locations]
    cfg.set_main_option("version_locations", os.pathsep.join(str(f).replace("%", "%%") for f in folders))
    if url:
        cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def head_revisions(locations: Locations = ()) -> tuple[str, ...]:
    """The revisions a fully upgraded database is at (one per branch), sorted."""
    return tuple(sorted(ScriptDirectory.from_config(alembic_config(locations=locations)).get_heads()))


async def upgrade(engine: AsyncEngine, revision: str = "heads", *, locations: Locations = ()) -> None:
    """Bring the schema to `revision`. Safe to run from several instances at once on PostgreSQL."""

    def _run(conn: Connection) -> None:
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"SELECT pg_advisory_xact_lock({_PG_LOCK_ID})"))
        cfg = alembic_config(locations=locations)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


async def current_revisions(engine: AsyncEngine) -> tuple[str, ...]:
    """The revisions the database is at (empty before the first upgrade), sorted."""

    def _get(conn: Connection) -> tuple[str, ...]:
        return tuple(sorted(MigrationContext.configure(conn).get_current_heads()))

    async with engine.connect() as conn:
        return await conn.run_sync(_get)
