"""Named secrets kept in the database, sealed with the data key (genai_bot.db.encrypted).

`SecretStore.available` is False when no key is configured: a feature that can do without storing its secret
checks it and keeps the secret in memory; `put` without a key raises MissingDataKey (never plain text).
`check_data_key(db)` at start-up turns a changed key into one clear line before anything uses a secret.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import StatementError

from genai_bot.db import Database
from genai_bot.db.encrypted import NoDataKey, data_keys_of
from genai_bot.db.models import utcnow
from genai_bot.db.secret_models import StoredSecret
from genai_bot.errors import ConfigError

__all__ = ["SecretStore", "check_data_key"]


class SecretStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    @property
    def available(self) -> bool:
        """A key is configured, so secrets can be stored (encrypted)."""
        return data_keys_of(self._db.engine) is not None

    async def get(self, name: str) -> str | None:
        async with self._db.session() as s:
            row = await s.get(StoredSecret, name)
            return None if row is None else row.value

    async def put(self, name: str, value: str) -> None:
        try:
            async with self._db.session() as s:
                row = await s.get(StoredSecret, name)
                if row is None:
                    s.add(StoredSecret(name=name, value=value))
                else:
                    row.value, row.updated_at = value, utcnow()
        except StatementError as exc:  # the column's bind processing refused: say why in one line
            if isinstance(exc.orig, ConfigError):
                raise exc.orig from None
            raise

    async def delete(self, name: str) -> None:
        async with self._db.session() as s:
            row = await s.get(StoredSecret, name)
            if row is not None:
                await s.delete(row)


async def check_data_key(db: Database) -> None:
    """Raise ConfigError (one line) when stored secrets do not open with the configured keys, or no key is set."""
    async with db.engine.connect() as conn:
        sealed = (await conn.execute(text("SELECT value FROM stored_secrets LIMIT 1"))).scalar()
    if sealed is None:
        return
    keys = data_keys_of(db.engine)
    if keys is None:
        raise NoDataKey()
    keys.open(str(sealed))  # WrongDataKey (one line) when the key changed
