"""Alembic environment: uses the connection handed in by genai_bot.db.migrate (async engine, run_sync)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import genai_bot.db.tables  # noqa: F401  (registers every table on SQLModel.metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `genai-bot db upgrade`, which provides the connection")
context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
