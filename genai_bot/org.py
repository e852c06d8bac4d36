"""The organisation file (`GENAI_ORG_FILE`, YAML): units (ministry → bureau → division), their members with grades,
and the approvers and delegates of each unit.

Shape (see examples/org.example.yaml)::

    units:
      - id: mof                      # path-like; the parent defaults to the part before the last "/"
        name: 財務省
        name_en: Ministry of Finance
        approvers: [U0KYOKU01]       # member identifiers (Slack user id, console name or e-mail)
        delegates: []
        admins: [U0KANBO001]         # optional: who may raise the unit's AI budget (member ids)
    members:
      - name: 山田 太郎
        grade: 課長
        unit: mof/budget/research
        ids: [U0YAMADA01, yamada, yamada@mof.example.go.jp]

Any of a member's ids finds them (case-insensitive, full-width folded). Loading checks the file and raises
`ConfigError` with one line naming the first problem (unknown approver or delegate, a member in two units, a unit
cycle, an unknown parent, a duplicate id). `OrgFile(path).current()` re-reads the file when it changes; a broken
edit keeps the last good organisation and logs one warning.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import structlog
from pydantic import BaseModel, ConfigDict, Field, field_validator

from genai_bot.errors import ConfigError
from genai_bot.text import fold
from genai_bot.yaml_model import read_yaml_model

__all__ = ["Member", "OrgFile", "Organisation", "Unit", "load_org", "parse_org"]

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    name_en: str | None
    parent: str | None
    approvers: tuple[str, ...]
    delegates: tuple[str, ...]
    admins: tuple[str, ...] = ()
    """Optional: the unit's administrators (member ids as written), e.g. who may raise its AI budget."""


@dataclass(frozen=True)
class Member:
    key: str
    """The member's first identifier (as written in the file)."""
    name: str
    grade: str
    unit: str
    ids: tuple[str, ...]


class Organisation:
    """A checked organisation: look-ups by member identifier and unit id (build it with `parse_org`)."""

    def __init__(self, units: Iterable[Unit], members: Iterable[Member]) -> None:
        self._units: dict[str, Unit] = {u.id: u for u in units}
        self._members: tuple[Member, ...] = tuple(members)
        self._by_id: dict[str, Member] = {fold(i): m for m in self._members for i in m.ids}

    @property
    def units(self) -> tuple[Unit, ...]:
        return tuple(self._units.values())

    @property
    def members(self) -> tuple[Member, ...]:
        return self._members

    def member(self, who: str) -> Member | None:
        """The member `who` (a Slack user id, console name or e-mail; case-insensitive) is, if any."""
        return self._by_id.get(fold(who))

    def unit(self, unit_id: str) -> Unit | None:
        return self._units.get(unit_id.strip().strip("/"))

    def find_unit(self, text: str) -> Unit | None:
        """A unit by its id or its Japanese or English name (full-width and case folded)."""
        wanted = fold(text).strip("/")
        for unit in self._units.values():
            names = (unit.id, unit.name, unit.name_en or "")
            if any(fold(n) == wanted for n in names if n):
                return unit
        return None

    def path(self, unit_id: str) -> tuple[Unit, ...]:
        """The unit and its ancestors, root first (empty for an unknown unit)."""
        chain: list[Unit] = []
        unit = self.unit(unit_id)
        while unit is not None:
            chain.append(unit)
            unit = self._units.get(unit.parent) if unit.parent else None
        return tuple(reversed(chain))

    def members_of(self, unit_id: str, *, recursive: bool = True) -> list[Member]:
        """The members of a unit (and, when `recursive`, of the units under it), in file order."""
        unit = self.unit(unit_id)
        if unit is None:
            return []
        if not recursive:
            return [m for m in self._members if m.unit == unit.id]
        return [m for m in self._members if unit in self.path(m.unit)]

    def ministry_of(self, who: str) -> Unit | None:
        """The top-level unit of `who`'s unit (the ministry), if `who` is a member."""
        found = self.member(who)
        if found is None:
            return None
        chain = self.path(found.unit)
        return chain[0] if chain else None

    def approvers_for(self, who: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(approvers, delegates) for `who`'s requests: their unit's, walking up to the parent unit while a unit has
        no approvers or `who` is one of its approvers; the ids as written in the file. ((), ()) when unknown."""
        traveller = self.member(who)
        if traveller is None:
            return (), ()
        for unit in reversed(self.path(traveller.unit)):
            approvers = tuple(a for a in unit.approvers if self.member(a) != traveller)
            if not approvers or len(approvers) < len(unit.approvers):
                continue
            delegates = tuple(d for d in unit.delegates if self.member(d) != traveller)
            return approvers, delegates
        return (), ()

    def may_approve(self, actor: str, traveller: str) -> bool:
        """Whether `actor` is an approver or delegate for `traveller`'s requests (never for their own)."""
        approvers, delegates = self.approvers_for(traveller)
        acting = self.member(actor)
        if acting is None or acting == self.member(traveller):
            return False
        return any(self.member(i) == acting for i in (*approvers, *delegates))


# --- loading -----------------------------------------------------------------------------------------------------


class _UnitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    name_en: str | None = None
    parent: str | None = None
    approvers: list[str] = []
    delegates: list[str] = []
    admins: list[str] = []

    @field_validator("id", "parent")
    @classmethod
    def _trim(cls, value: str | None) -> str | None:
        return value.strip().strip("/") if value is not None else None


class _MemberIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    grade: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    ids: list[str] = Field(min_length=1)

    @field_validator("ids")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        ids = [str(i).strip() for i in value]
        if any(not i for i in ids):
            raise ValueError("an id is empty")
        return ids


class _OrgIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    units: list[_UnitIn] = Field(min_length=1)
    members: list[_MemberIn] = []


def _bad(source: str, detail: str) -> ConfigError:
    one_line = " ".join(detail.split())
    return ConfigError(f"Organisation file {source} is invalid: {one_line}. Fix it (GENAI_ORG_FILE) and start again.")


def parse_org(text: str, *, source: str = "<text>") -> Organisation:
    """Read and check an organisation file's text; the first problem raises ConfigError (one line)."""
    data = read_yaml_model(text, _OrgIn, lambda detail: _bad(source, detail))
    units = _units(data.units, source)
    members = _members(data.members, units, source)
    org = Organisation(units.values(), members)
    for unit in units.values():
        for role, ids in (("approver", unit.approvers), ("delegate", unit.delegates), ("admin", unit.admins)):
            for who in ids:
                if org.member(who) is None:
                    raise _bad(source, f"unknown {role} {who!r} in unit {unit.id} (add them under members)")
    return org


def _units(given: list[_UnitIn], source: str) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for u in given:
        if u.id in units:
            raise _bad(source, f"duplicate unit id {u.id!r}")
        parent = u.parent if u.parent is not None else (u.id.rsplit("/", 1)[0] if "/" in u.id else None)
        units[u.id] = Unit(
            id=u.id,
            name=u.name.strip(),
            name_en=(u.name_en or "").strip() or None,
            parent=parent or None,
            approvers=tuple(a.strip() for a in u.approvers),
            delegates=tuple(d.strip() for d in u.delegates),
            admins=tuple(a.strip() for a in u.admins),
        )
    for unit in units.values():
        if unit.parent is not None and unit.parent not in units:
            raise _bad(source, f"unit {unit.id} has unknown parent {unit.parent!r}")
    for unit in units.values():
        seen = [unit.id]
        parent = unit.parent
        while parent is not None:
            if parent in seen:
                raise _bad(source, f"unit cycle: {' → '.join([*seen, parent])}")
            seen.append(parent)
            parent = units[parent].parent
    return units


def _members(given: list[_MemberIn], units: dict[str, Unit], source: str) -> list[Member]:
    members: list[Member] = []
    owner: dict[str, Member] = {}
    for m in given:
        unit_id = m.unit.strip().strip("/")
        if unit_id not in units:
            raise _bad(source, f"member {m.ids[0]!r} is in unknown unit {m.unit!r}")
        member = Member(key=m.ids[0], name=m.name.strip(), grade=m.grade.strip(), unit=unit_id, ids=tuple(m.ids))
        for ident in member.ids:
            other = owner.get(fold(ident))
            if other is not None and other.unit != unit_id:
                raise _bad(source, f"member {ident!r} is in two units: {other.unit} and {unit_id}")
            if other is not None:
                raise _bad(source, f"duplicate member id {ident!r} in unit {unit_id}")
            owner[fold(ident)] = member
        members.append(member)
    return members


def load_org(path: Path) -> Organisation:
    """Read and check the organisation file at `path` (ConfigError, one line, when missing or invalid)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"Setting GENAI_ORG_FILE is invalid: no file at {path}. Fix it and start again.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(str(path), f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    return parse_org(text, source=str(path))


class OrgFile:
    """The organisation file, re-read when its modification time (or size) changes. `current()` on a broken edit
    keeps the last good organisation and logs one warning per broken version; with no good version yet it raises."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._good: Organisation | None = None
        self._warned: tuple[int, int] | None = None

    def _stat(self) -> tuple[int, int]:
        try:
            st = os.stat(self.path)
        except OSError:
            return -1, -1  # missing: a version of its own (warned about once)
        return st.st_mtime_ns, st.st_size

    def current(self) -> Organisation:
        with self._lock:
            stamp = self._stat()
            if self._good is not None and stamp == self._stamp:
                return self._good
            if self._good is not None and stamp == self._warned:
                return self._good
            try:
                org = load_org(self.path)
            except ConfigError as exc:
                if self._good is None:
                    raise
                if stamp != self._warned:
                    self._warned = stamp
                    log.warning("organisation file not reloaded; keeping the last good one", problem=str(exc))
                return self._good
            self._good, self._stamp, self._warned = org, stamp, None
            return org

    def __repr__(self) -> str:
        return f"OrgFile({str(self.path)!r})"
