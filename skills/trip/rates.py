"""The travel-expense rate table (a data file, skills/trip/data/rates_2025.yaml): prefecture → 宿泊費基準額 per night
per grade class, the 宿泊手当 per night, grade names → class, destination aliases, and the date it applies from.

`load_rates(path)` reads one file, or every `*.yaml` in a folder (one table per revision, each with its own
`valid_from`; a trip uses the table in force on its departure date). A malformed file raises `RatesFileError`, a
`ConfigError` with one line naming the file and the entry. `RateTable.resolve("大阪市")` → "大阪府" (full-width, case,
the suffixes 都/府/県/市 and -shi/-fu/-ken/city/prefecture folded); an unknown destination raises
`UnknownDestination` with close matches as suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import fuzz, process

from genai_bot.errors import ConfigError, FieldError
from genai_bot.services import Services
from genai_bot.text import fold
from genai_bot.yaml_model import read_yaml_model

__all__ = [
    "SHIPPED_RATES",
    "EstimateError",
    "GradeClass",
    "Prefecture",
    "RateEdition",
    "RateTable",
    "RatesFileError",
    "UnknownDestination",
    "cached_rates",
    "load_rates",
    "parse_rates",
    "trip_rates",
]

SHIPPED_RATES = Path(__file__).resolve().parent / "data" / "rates_2025.yaml"
"""The rate table shipped with the skill (the default of GENAI_TRIP_RATES_FILE)."""


class RatesFileError(ConfigError):
    """The rate table file is missing or malformed (one line naming the file and the entry); `detail` is the
    problem without the advice."""

    def __init__(self, message: str, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


class EstimateError(FieldError):
    """Invalid estimate input: `field` names the input field (destination, grade, depart, return, transport_fare,
    lodging_per_night); the text is the i18n key `trip.error.<code>` with `args`."""

    def __init__(self, field: str, code: str, **args: Any) -> None:
        super().__init__(field, f"trip.error.{code}", **args)
        self.code = code


class UnknownDestination(EstimateError):
    """A destination the table does not know; `suggestions` are close matches (names as written in the table)."""

    def __init__(self, destination: str, suggestions: tuple[str, ...]) -> None:
        code = "unknown_destination" if suggestions else "unknown_destination_no_match"
        super().__init__("destination", code, destination=destination, suggestions=", ".join(suggestions))
        self.destination = destination
        self.suggestions = suggestions


@dataclass(frozen=True)
class GradeClass:
    code: str
    name: str
    name_en: str
    lodging_allowance: int
    illustrative: bool = False


@dataclass(frozen=True)
class Prefecture:
    name: str
    name_en: str
    caps: Mapping[str, int]
    """宿泊費基準額 per night by grade class code."""
    checked: bool


@dataclass(frozen=True)
class RateEdition:
    """One revision of the table, in force from `valid_from`."""

    valid_from: date
    classes: Mapping[str, GradeClass]
    grades: Mapping[str, str]
    """Folded grade name → class code."""
    prefectures: Mapping[str, Prefecture]
    aliases: Mapping[str, str]
    source: str = ""


# --- destination names -------------------------------------------------------------------------------------------

_JA_SUFFIX = re.compile(r"(?<=.)[都府県市]$")
_EN_SUFFIX = re.compile(r"[\s\-_.]+(prefecture|pref|city|metropolis|shi|ken|fu|to)\.?$")
_SEPARATORS = re.compile(r"[\s\-_.・,、]+")
_MACRONS = str.maketrans("āēīōūâêîôûĀĒĪŌŪÂÊÎÔÛ", "aeiouaeiouaeiouaeiou")


def _key(text: str) -> str:
    """A destination ready for comparison: width and case folded, macrons dropped, separators removed."""
    return _SEPARATORS.sub("", fold(text).translate(_MACRONS))


def _candidates(text: str) -> list[str]:
    """`text` as typed, then without one ja suffix (都府県市) or English suffix (-shi, city, prefecture...)."""
    folded = fold(text).translate(_MACRONS)
    found = [_key(folded)]
    for pattern in (_EN_SUFFIX, _JA_SUFFIX):
        stripped = pattern.sub("", folded)
        if stripped != folded and stripped.strip():
            found.append(_key(stripped))
    return found


def _index(editions: tuple[RateEdition, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """(comparison key → prefecture, display name → prefecture) over every edition, newest last (wins)."""
    keys: dict[str, str] = {}
    names: dict[str, str] = {}
    for edition in editions:
        for pref in edition.prefectures.values():
            for name in (pref.name, pref.name_en):
                names[name] = pref.name
                for key in _candidates(name):
                    keys.setdefault(key, pref.name)
        for alias, pref_name in edition.aliases.items():
            names[alias] = pref_name
            for key in _candidates(alias):
                keys.setdefault(key, pref_name)
    return keys, names


@dataclass
class RateTable:
    """Every revision of the rate table (oldest first) and the destination index over them."""

    editions: tuple[RateEdition, ...]
    _keys: dict[str, str] = field(init=False, repr=False)
    _names: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.editions = tuple(sorted(self.editions, key=lambda e: e.valid_from))
        self._keys, self._names = _index(self.editions)

    @property
    def latest(self) -> RateEdition:
        return self.editions[-1]

    def edition_for(self, day: date) -> RateEdition | None:
        """The revision in force on `day` (None before the first one's valid_from)."""
        found = [e for e in self.editions if e.valid_from <= day]
        return found[-1] if found else None

    def resolve(self, destination: str) -> str:
        """The prefecture (as named in the table, e.g. 大阪府) of a prefecture or city name in Japanese or English;
        raises UnknownDestination with up to three close matches."""
        for key in _candidates(destination):
            if key and key in self._keys:
                return self._keys[key]
        whole = _key(destination)
        for name in self.latest.prefectures:  # an address: 大阪府大阪市北区…, 北海道札幌市…
            if name.endswith(("都", "道", "府", "県")) and whole.startswith(_key(name)):
                return name
        raise UnknownDestination(destination.strip(), self.suggest(destination))

    def suggest(self, destination: str, limit: int = 3) -> tuple[str, ...]:
        """Names in the table close to `destination` (best first; at most one per prefecture)."""
        query = _key(destination)
        if not query:
            return ()
        by_key = {_key(name): name for name in self._names}
        matches = process.extract(query, list(by_key), scorer=fuzz.WRatio, limit=12, score_cutoff=60)
        seen: set[str] = set()
        found: list[str] = []
        for key, _score, _ in matches:
            name = by_key[key]
            if self._names[name] in seen:
                continue
            seen.add(self._names[name])
            found.append(name)
        return tuple(found[:limit])

    def grade_class(self, edition: RateEdition, grade: str) -> GradeClass:
        """The class of `grade` (名称 as in the table, any width or case) in `edition`; EstimateError when unknown."""
        code = edition.grades.get(fold(grade))
        if code is None:
            known = ", ".join(list(edition.grades)[:12])
            raise EstimateError("grade", "unknown_grade", grade=grade.strip(), known=known)
        return edition.classes[code]


# --- loading -----------------------------------------------------------------------------------------------------


class _ClassIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    name_en: str = Field(min_length=1)
    lodging_allowance: int = Field(ge=0)
    illustrative: bool = False


class _TableIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    valid_from: date
    currency: Literal["JPY"] = "JPY"
    classes: dict[str, _ClassIn] = Field(min_length=1)
    grades: dict[str, str] = Field(min_length=1)
    prefectures: dict[str, dict[str, Any]] = Field(min_length=1)
    aliases: dict[str, str] = {}


def _bad(source: str, detail: str) -> RatesFileError:
    one_line = f"rate table {source}: {' '.join(detail.split())}"
    return RatesFileError(f"Setting GENAI_TRIP_RATES_FILE is invalid: {one_line}. Fix it and start again.", one_line)


def parse_rates(text: str, *, source: str = "<text>") -> RateEdition:
    """One revision of the table from its YAML text; the first problem raises RatesFileError (one line)."""
    data = read_yaml_model(text, _TableIn, lambda detail: _bad(source, detail))
    classes = {
        code: GradeClass(code, c.name, c.name_en, c.lodging_allowance, c.illustrative)
        for code, c in data.classes.items()
    }
    grades: dict[str, str] = {}
    for grade, code in data.grades.items():
        if code not in classes:
            raise _bad(source, f"grades.{grade}: unknown class {code!r} (classes: {', '.join(classes)})")
        grades[fold(str(grade))] = code
    prefectures = {name: _prefecture(str(name), entry, classes, source) for name, entry in data.prefectures.items()}
    aliases: dict[str, str] = {}
    for alias, target in data.aliases.items():
        if target not in prefectures:
            raise _bad(source, f"aliases.{alias}: unknown prefecture {target!r}")
        aliases[str(alias)] = target
    return RateEdition(data.valid_from, classes, grades, prefectures, aliases, source)


def _prefecture(name: str, entry: dict[str, Any], classes: Mapping[str, GradeClass], source: str) -> Prefecture:
    caps: dict[str, int] = {}
    for code in classes:
        value = entry.get(code)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _bad(source, f"prefectures.{name}.{code}: a lodging cap in yen (a whole number ≥ 0) is required")
        caps[code] = value
    unknown = set(entry) - set(classes) - {"en", "checked"}
    if unknown:
        raise _bad(source, f"prefectures.{name}: unknown key {sorted(unknown)[0]!r}")
    name_en = entry.get("en")
    if not isinstance(name_en, str) or not name_en.strip():
        raise _bad(source, f"prefectures.{name}.en: the English name is required")
    return Prefecture(name, name_en.strip(), caps, bool(entry.get("checked", False)))


def load_rates(path: Path) -> RateTable:
    """The rate table at `path`: one YAML file, or every *.yaml in a folder (RatesFileError when none or broken)."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    if not files:
        raise _bad(str(path), "the folder holds no *.yaml rate table")
    editions: list[RateEdition] = []
    for file in files:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _bad(str(file), "no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise _bad(str(file), f"cannot be read ({exc.__class__.__name__})") from None
        editions.append(parse_rates(text, source=str(file)))
    dates = [e.valid_from for e in editions]
    if len(set(dates)) != len(dates):
        raise _bad(str(path), "two tables have the same valid_from")
    return RateTable(tuple(editions))


_LOADED: dict[Path, RateTable] = {}


def cached_rates(path: Path) -> RateTable:
    """`load_rates(path)`, read once per path for the life of the process (the table changes with a restart)."""
    key = path.resolve()
    if key not in _LOADED:
        _LOADED[key] = load_rates(key)
    return _LOADED[key]


def trip_rates(services: Services) -> RateTable:
    """The rate table of `TripSettings.rates_file` (checked when the settings were read: at start-up once the skill
    asked for them with host.settings(TripSettings), else now)."""
    from skills.trip.settings import TripSettings

    return cached_rates(services.skill_settings.load(TripSettings).rates_file)
