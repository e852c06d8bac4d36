"""Secrets at rest: `EncryptedText`, a column stored as a Fernet token (AES-128-CBC + HMAC-SHA256).

The keys come from settings: GENAI_DATA_KEY (comma-separated; the first encrypts, every one decrypts, so a key
is rotated by putting the new one first and keeping the old one behind it until every row was written again),
else GENAI_SECRET_KEY. Each is stretched with HKDF for this purpose only, so the cookie key and the data key never
coincide. The composition root installs the keys on its engine (`install_data_keys`): the column reads them from
the engine's dialect, so two cores in one process may use different keys.

No key: a secret is never stored in plain text — writing one raises MissingDataKey (one line naming the settings);
features that can live without storing (the Graph token cache) check `data_keys_of(engine)` first and keep their
secret in memory. Reading one without a key raises NoDataKey; a value that does not open with the keys raises
WrongDataKey (one line: the key changed).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.types import TypeDecorator

from genai_bot.config import Settings
from genai_bot.errors import ConfigError

__all__ = [
    "DataKeys",
    "EncryptedText",
    "MissingDataKey",
    "NoDataKey",
    "WrongDataKey",
    "data_keys_of",
    "install_data_keys",
]

_INFO = b"genai-bot data at rest v1"
_ATTRIBUTE = "genai_data_keys"


class MissingDataKey(ConfigError):
    def __init__(self) -> None:
        super().__init__(
            "A secret cannot be stored without a key: set GENAI_DATA_KEY (or GENAI_SECRET_KEY) and start again."
        )


class NoDataKey(ConfigError):
    def __init__(self) -> None:
        super().__init__(
            "Secrets are stored in the database but no key is set: set GENAI_DATA_KEY (or GENAI_SECRET_KEY) as "
            "before and start again."
        )


class WrongDataKey(ConfigError):
    def __init__(self) -> None:
        super().__init__(
            "Stored secrets do not open with GENAI_DATA_KEY / GENAI_SECRET_KEY: the key changed. Put the old key "
            "after the new one in GENAI_DATA_KEY (comma-separated) and start again."
        )


class DataKeys:
    """The keys secrets at rest are sealed with: the first seals, every one opens."""

    def __init__(self, secrets: Sequence[str]) -> None:
        if not secrets:
            raise ValueError("at least one key")
        self._fernet = MultiFernet([Fernet(_derive(secret)) for secret in secrets])

    @classmethod
    def from_settings(cls, settings: Settings) -> DataKeys | None:
        """GENAI_DATA_KEY's keys, else GENAI_SECRET_KEY; None when neither is set."""
        if settings.data_key is not None:
            keys = [k.strip() for k in settings.data_key.get_secret_value().split(",") if k.strip()]
            if keys:
                return cls(keys)
        if settings.secret_key is not None and settings.secret_key.get_secret_value().strip():
            return cls([settings.secret_key.get_secret_value()])
        return None

    def seal(self, value: str) -> str:
        return self._fernet.encrypt(value.encode("utf-8")).decode("ascii")

    def open(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise WrongDataKey() from exc


def _derive(secret: str) -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret.encode("utf-8"))
    return base64.urlsafe_b64encode(key)


def install_data_keys(engine: AsyncEngine, keys: DataKeys | None) -> None:
    """Let `EncryptedText` columns read and written through `engine` use `keys` (None: no key configured)."""
    setattr(engine.sync_engine.dialect, _ATTRIBUTE, keys)


def data_keys_of(engine: AsyncEngine) -> DataKeys | None:
    return _keys(engine.sync_engine.dialect)


def _keys(dialect: Dialect) -> DataKeys | None:
    keys = getattr(dialect, _ATTRIBUTE, None)
    return keys if isinstance(keys, DataKeys) else None


class EncryptedText(TypeDecorator[str]):
    """Text stored as a Fernet token sealed with the engine's data keys (see the module's doc)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        keys = _keys(dialect)
        if keys is None:
            raise MissingDataKey()
        return keys.seal(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        keys = _keys(dialect)
        if keys is None:
            raise NoDataKey()
        return keys.open(str(value))
