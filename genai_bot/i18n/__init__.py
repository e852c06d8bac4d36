"""Message catalogs (ja, en). User-visible text lives here and in each skill's `messages.py`.

Skills add their own keys with `register(ja={...}, en={...})` at import time, so catalogs stay next to the
code that uses them while lookups stay in one place.

Plurals: a text given `count=1` uses `<key>.one` where the language has one ("1 slot", not "1 slots"); Japanese
needs none, so a `.one` key may exist in English only.
"""

from __future__ import annotations

from typing import Any, Literal

from genai_bot.i18n import en, ja

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

_CATALOGS: dict[str, dict[str, str]] = {"ja": dict(ja.MESSAGES), "en": dict(en.MESSAGES)}


PLURAL_ONE = ".one"
"""The suffix of a key's singular form (used when `count` is 1)."""


def register(*, ja: dict[str, str], en: dict[str, str]) -> None:
    """Add a skill's messages. Both languages must define the same keys (singular `.one` forms excepted)."""
    missing = {key for key in set(ja) ^ set(en) if not key.endswith(PLURAL_ONE)}
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
    singular = catalog.get(key + PLURAL_ONE) if args.get("count") == 1 else None
    template = singular or catalog.get(key) or _CATALOGS["ja"].get(key)
    if template is None:
        return key
    try:
        return template.format(**args)
    except (KeyError, IndexError):
        return template


def keys(lang: str, *, singulars: bool = True) -> set[str]:
    """The keys of `lang`'s catalog; without `singulars`, the `.one` forms left out."""
    return {key for key in _CATALOGS[lang] if singulars or not key.endswith(PLURAL_ONE)}


def template(lang: str, key: str) -> str:
    """The unformatted text of `key` in `lang` (KeyError when it has none): for checks that read the catalogs."""
    return _CATALOGS[lang][key]
