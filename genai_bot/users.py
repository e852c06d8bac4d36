"""Who is this? Users are upserted on first contact and keep their language, time zone and organisation."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db import Database
from genai_bot.db.models import User, utcnow
from genai_bot.i18n import Lang, normalize_lang
from genai_bot.messages import Person


class UserDirectory:
    def __init__(self, db: Database, *, default_lang: Lang, default_timezone: str) -> None:
        self._db = db
        self._lang = default_lang
        self._tz = default_timezone

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
        for _attempt in range(2):
            try:
                async with self._db.session() as s:
                    user = await self._get(s, platform, team_id, external_id)
                    if user is None:
                        user = User(
                            platform=platform,
                            team_id=team_id,
                            external_id=external_id,
                            display_name=name,
                            language=normalize_lang(lang_hint, self._lang),
                            timezone=timezone_hint or self._tz,
                        )
                    else:
                        user.last_seen_at = utcnow()
                        if name and user.display_name != name:
                            user.display_name = name
                    s.add(user)
                    return _person(user)
            except IntegrityError:
                continue  # another instance created it first; read it back
        raise RuntimeError("could not resolve user")  # pragma: no cover

    async def set_language(self, person: Person, lang: Lang) -> Person:
        async with self._db.session() as s:
            user = await self._get(s, person.platform, person.team_id, person.user_id)
            if user is None:
                raise LookupError(person.key)
            user.language = lang
            s.add(user)
            return _person(user)

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
