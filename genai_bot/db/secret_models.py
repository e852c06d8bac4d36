"""Secrets the bot keeps in the database, encrypted at rest (see genai_bot.db.encrypted and genai_bot.secrets)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from genai_bot.db.encrypted import EncryptedText
from genai_bot.db.models import _ts

__all__ = ["StoredSecret"]


class StoredSecret(SQLModel, table=True):
    """One named secret (e.g. the Entra ID token cache of the Graph calendar), sealed with the data key."""

    __tablename__ = "stored_secrets"
    name: str = Field(primary_key=True, max_length=200)
    value: str = Field(sa_column=Column(EncryptedText(), nullable=False))
    updated_at: datetime = _ts()
