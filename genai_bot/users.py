"""Who is this? Users are upserted on first contact and keep their language, time zone and organisation.

Every request asks, so the answer is cached in the process and the row is touched (`last_seen_at`) at most once
per `touch_seconds`: a burst of requests from one person costs one read and at most one write per interval, not
a write each. Whatever changes the row through this directory (`set_language`) updates the cache at once; the
touch itself is a conditional UPDATE, so instances sharing the database do not all write it.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db import Database
from genai_bot.db.models import User, utcnow
from genai_bot.i18n import Lang, normalize_lang
from genai_bot.messages import Person

__all__ = ["DEFAULT_TOUCH_SECONDS", "UserDirectory"]

DEFAULT_TOUCH_SECONDS = 300.0
_MAX_CACHED = 10_000  # people; the least recently seen is forgotten first

_Key = tuple[str, str, str]


@dataclass(frozen=True)
class _Seen:
    person: Person
    at: float  # monotonic seconds when the row was last read (and touched if due)


class UserDirectory:
    def __init__(
        self,
        db: Database,
        *,
        default_lang: Lang,
        default_timezone: str,
        touch_seconds: float = DEFAULT_TOUCH_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._db = db
        self._lang = default_lang
        self._tz = default_timezone
        self._touch_seconds = touch_seconds
        self._monotonic = monotonic
        self._cache: OrderedDict[_Key, _Seen] = OrderedDict()
        self._changes = 0  # bumped by every write through this directory: a read begun before it is not cached

    async def resolve(
        self,
        platform: str,
        team_id: str,
        external_id: str,
        *,
        name: str | None = None,
        lang_hint: str | None = None,
        timezone_hint: str | None = None,
    ) -> Person:
        """The person behind a platform id; creates the row the first time (race-safe across instances)."""
        key = (platform, team_id, external_id)
        seen = self._cache.get(key)
        if seen is not None and self._monotonic() - seen.at < self._touch_seconds and name in (None, seen.person.name):
            self._cache.move_to_end(key)
            return seen.person
        changes, started = self._changes, self._monotonic()
        person = await self._upsert(key, name=name, lang_hint=lang_hint, timezone_hint=timezone_hint)
        if changes == self._changes:  # nothing changed the row meanwhile through this directory
            self._remember(key, person, started)
        return person

    async def set_language(self, person: Person, lang: Lang) -> Person:
        self._changes += 1
        key = (person.platform, person.team_id, person.user_id)
        self._cache.pop(key, None)
        async with self._db.session() as s:
            user = await self._get(s, *key)
            if user is None:
                raise LookupError(person.key)
            user.language = lang
            s.add(user)
            changed = _person(user)
        self._remember(key, changed, self._monotonic())
        return changed

    async def _upsert(self, key: _Key, *, name: str | None, lang_hint: str | None, timezone_hint: str | None) -> Person:
        platform, team_id, external_id = key
        for _attempt in range(2):
            try:
                async with self._db.session() as s:
                    user = await self._get(s, *key)
                    if user is None:
                        user = User(
                            platform=platform,
                            team_id=team_id,
                            external_id=external_id,
                            display_name=name,
                            language=normalize_lang(lang_hint, self._lang),
                            timezone=timezone_hint or self._tz,
                        )
                        s.add(user)
                    elif name and user.display_name != name:
                        user.display_name = name
                        user.last_seen_at = utcnow()
                        s.add(user)
                    else:
                        await self._touch_if_due(s, user)
                    return _person(user)
            except IntegrityError:
                continue  # another instance created it first; read it back
        raise RuntimeError("could not resolve user")  # pragma: no cover

    async def _touch_if_due(self, s: AsyncSession, user: User) -> None:
        """Write last_seen_at when it is older than the interval; the WHERE makes instances racing here write once."""
        now = utcnow()
        due = now - timedelta(seconds=self._touch_seconds)
        if user.last_seen_at >= due and self._touch_seconds > 0:
            return
        touch = (
            update(User)
            .where(col(User.id) == user.id, col(User.last_seen_at) <= due)
            .values(last_seen_at=now)
            .execution_options(synchronize_session=False)
        )
        await s.exec(touch)

    def _remember(self, key: _Key, person: Person, at: float) -> None:
        self._cache[key] = _Seen(person, at)
        self._cache.move_to_end(key)
        while len(self._cache) > _MAX_CACHED:
            self._cache.popitem(last=False)

    async def language_of(self, platform: str, team_id: str, user_id: str) -> Lang:
        """The language a person chose (their row; a known person from the cache), else the default: for messages
        sent to someone who is not the one asking (an approver's DM, a reminder)."""
        seen = self._cache.get((platform, team_id, user_id))
        if seen is not None:
            return seen.person.lang
        async with self._db.session() as s:
            user = await self._get(s, platform, team_id, user_id)
        return normalize_lang(user.language if user else None, self._lang)

    @staticmethod
    async def _get(s: AsyncSession, platform: str, team_id: str, external_id: str) -> User | None:
        query = select(User).where(User.platform == platform, User.team_id == team_id, User.external_id == external_id)
        return (await s.exec(query)).first()


def _person(user: User) -> Person:
    return Person(
        platform=user.platform,
        team_id=user.team_id,
        user_id=user.external_id,
        name=user.display_name,
        lang=normalize_lang(user.language),
        timezone=user.timezone,
        organisation=user.organisation,
    )
