"""Database: SQLModel tables, async engine, Alembic migrations."""

from genai_bot.db.engine import Database, make_engine

__all__ = ["Database", "make_engine"]
