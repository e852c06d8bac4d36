"""Imports every table module so SQLModel.metadata (and Alembic) sees the whole schema."""

from genai_bot.db import committee_models, models

__all__ = ["committee_models", "models"]
