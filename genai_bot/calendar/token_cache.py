"""The Graph app token shared through the database, encrypted at rest (genai_bot.secrets).

msal keeps the client-credentials token in memory; with a data key configured its cache is also kept in
`stored_secrets`, sealed: a restarted instance, or another one, uses the token still valid instead of asking Entra
ID again. Without a key nothing is stored (the token stays in memory, as before), never in plain text. Failures
to read or write the shared copy are logged and the token is simply fetched, as it would be without one.
"""

from __future__ import annotations

import hashlib

import msal
import structlog
from sqlalchemy.exc import SQLAlchemyError

from genai_bot.errors import ConfigError
from genai_bot.secrets import SecretStore

__all__ = ["SharedTokenCache"]

log = structlog.get_logger(__name__)


class SharedTokenCache:
    def __init__(self, store: SecretStore, *, client_id: str, authority: str, scope: str) -> None:
        self.cache = msal.SerializableTokenCache()
        self._store = store
        digest = hashlib.sha256(f"{authority}\n{client_id}\n{scope}".encode()).hexdigest()[:24]
        self.name = f"graph_token_cache:{digest}"

    async def load(self) -> None:
        """Take the shared copy, if any (before msal first looks in its cache)."""
        if not self._store.available:
            return
        try:
            state = await self._store.get(self.name)
        except (SQLAlchemyError, ConfigError) as exc:
            log.warning("calendar.token_cache_unreadable", error=type(exc).__name__)
            return
        if state:
            self.cache.deserialize(state)

    async def save(self) -> None:
        """Write msal's cache back when it changed (a new token, or tokens dropped after a 401)."""
        if not self._store.available or not self.cache.has_state_changed:
            return
        try:
            await self._store.put(self.name, self.cache.serialize())
            self.cache.has_state_changed = False
        except (SQLAlchemyError, ConfigError) as exc:
            log.warning("calendar.token_cache_unwritable", error=type(exc).__name__)
