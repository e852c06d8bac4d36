"""Message catalogs (ja, en). User-visible text lives here and in each skill's `messages.py`.

Skills add their own keys with `register(ja={...}, en={...})` at import time, so catalogs stay next to the
code that uses them while lookups stay in one place.
"""

from __future__ import annotations

from typing import Any, Literal

from genai_bot.i18n import en, ja

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

_CATALOGS: dict[str, dict[str, str]] = {"ja": dict(ja.MESSAGES), "en": dict(en.MESSAGES)}


def register(*, ja: dict[str, str], en: dict[str, str]) -> None:
    """Add a skill's messages. Both languages must define the same keys."""
    missing = set(ja) ^ set(en)
    if missing:
        raise ValueError(f"message keys defined in only one language: {sorted(missing)}")
    _CATALOGS["ja"].update(ja)
    _CATALOGS["en"].update(en)


def normalize_lang(value: str | None, default: Lang = "ja") -> Lang:
    if not value:
        return default
    v = value.strip().lower()
    if v.startswith("ja") or v in {"日本語", "jp"}:
        return "ja"
    if v.startswith("en") or v in {"英語", "english"}:
        return "en"
    return default


def t(lang: str, key: str, /, **args: Any) -> str:
    """Translate `key` into `lang` (falls back to ja, then to the key itself so nothing crashes)."""
    catalog = _CATALOGS.get(lang) or _CATALOGS["ja"]
    template = catalog.get(key) or _CATALOGS["ja"].get(key)
    if template is None:
        return key
    try:
        return template.format(**args)
    except (KeyError, IndexError):
        return template


def keys(lang: str) -> set[str]:
    return set(_CATALOGS[lang])


def template(lang: str, key: str) -> str:
    """The unformatted text of `key` in `lang` (KeyError when it has none): for checks that read the catalogs."""
    return _CATALOGS[lang][key]
