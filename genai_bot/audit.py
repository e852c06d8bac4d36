"""The audit log: every state change is recorded as who / what / which thing. Never message bodies."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db import Database
from genai_bot.db.models import AuditEntry


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        *,
        actor: str,
        action: str,
        target: str | None = None,
        organisation: str | None = None,
        session: AsyncSession | None = None,
        **detail: Any,
    ) -> None:
        """Append an entry; pass `session` to commit it atomically with the change it describes."""
        entry = AuditEntry(actor=actor, action=action, target=target, organisation=organisation, detail=detail)
        if session is not None:
            session.add(entry)
            return
        async with self._db.session() as s:
            s.add(entry)

    async def recent(self, limit: int = 50, action: str | None = None) -> list[AuditEntry]:
        async with self._db.session() as s:
            query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
            if action:
                query = query.where(AuditEntry.action == action)
            return list((await s.exec(query)).all())
