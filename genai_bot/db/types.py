"""Column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field

__all__ = ["UTCDateTime", "utc_field"]


class UTCDateTime(TypeDecorator[datetime]):
    """A ``TIMESTAMP WITH TIME ZONE`` that stores UTC and always reads back an aware UTC datetime.

    PostgreSQL keeps the offset; SQLite keeps none and hands back naive values. This type makes both engines
    behave the same, so no code has to repair a naive datetime read from the database: aware values are
    converted to UTC on the way in, a naive value is taken as UTC (as it always was here), and every value
    read is aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        at = _as_utc(value)
        return at.replace(tzinfo=None) if dialect.name == "sqlite" else at

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else _as_utc(value)


def _as_utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_field(*, nullable: bool = False, index: bool = False) -> Any:
    """A model field for a moment in time, stored as `UTCDateTime` (aware UTC on both engines)."""
    return Field(sa_column=Column(UTCDateTime(), nullable=nullable, index=index))
