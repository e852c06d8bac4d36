"""Revisions of the committee skill's tables (an Alembic version location, found by genai_bot.app)."""
