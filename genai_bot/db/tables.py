"""Imports every core table module so SQLModel.metadata (and Alembic) sees the core's schema.

Skills keep their own tables (`skills/<name>/models.py`); the composition root imports them (genai_bot.app).
"""

from genai_bot.budget import models as budget_models
from genai_bot.db import calendar_models, feedback_models, models, secret_models

__all__ = ["budget_models", "calendar_models", "feedback_models", "models", "secret_models"]
