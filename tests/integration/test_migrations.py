"""The migrations build exactly the schema the models describe, on both engines (a missing migration fails)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import genai_bot.db.tables  # noqa: F401  (every table on the metadata)
from genai_bot.app import Core


async def test_models_and_migrations_agree(core: Core) -> None:
    async with core.db.engine.connect() as conn:
        diff = await conn.run_sync(lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata))
    assert diff == []
