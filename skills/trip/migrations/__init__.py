"""Revisions of the trip skill's tables (an Alembic version location, found by genai_bot.app)."""
