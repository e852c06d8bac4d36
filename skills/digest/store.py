"""Reading and writing subscriptions, quiet hours and followed channels."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, select

from genai_bot.db import Database
from genai_bot.messages import Person
from skills.digest.models import DigestFollow, DigestPreference, DigestSubscription
from skills.digest.schedule import Schedule, next_occurrence, parse_time

__all__ = [
    "advance",
    "follow",
    "follows_of",
    "get_subscription",
    "quiet_hours",
    "schedule_of",
    "set_quiet_hours",
    "subscriptions_of",
    "unfollow",
    "upsert_subscription",
]


def schedule_of(sub: DigestSubscription) -> Schedule:
    at = parse_time(sub.at_time)
    assert at is not None  # stored as written by parse_schedule
    return Schedule(sub.frequency, at, sub.weekday, sub.include_holidays)


async def get_subscription(db: Database, sub_id: int) -> DigestSubscription | None:
    async with db.session() as s:
        return await s.get(DigestSubscription, sub_id)


async def subscriptions_of(db: Database, person: Person) -> list[DigestSubscription]:
    """The person's active subscriptions: personal ones and the channel digests they set up."""
    query = (
        select(DigestSubscription)
        .where(
            DigestSubscription.platform == person.platform,
            DigestSubscription.team_id == person.team_id,
            DigestSubscription.owner == person.user_id,
            col(DigestSubscription.active).is_(True),
        )
        .order_by(col(DigestSubscription.id))
    )
    async with db.session() as s:
        return list((await s.exec(query)).all())


async def upsert_subscription(
    db: Database,
    person: Person,
    schedule: Schedule,
    *,
    tz: ZoneInfo,
    now: datetime,
    channel_id: str | None = None,
    channel_name: str | None = None,
) -> tuple[DigestSubscription, bool]:
    """One personal digest per frequency, one per channel and frequency: subscribing again changes its time.
    Returns the subscription and whether it is new."""
    due = next_occurrence(now, schedule, tz)
    query = select(DigestSubscription).where(
        DigestSubscription.platform == person.platform,
        DigestSubscription.team_id == person.team_id,
        DigestSubscription.frequency == schedule.frequency,
        col(DigestSubscription.active).is_(True),
    )
    if channel_id is None:
        query = query.where(DigestSubscription.owner == person.user_id, col(DigestSubscription.channel_id).is_(None))
    else:
        query = query.where(DigestSubscription.channel_id == channel_id)
    async with db.session() as s:
        sub = (await s.exec(query)).first()
        created = sub is None
        if sub is None:
            sub = DigestSubscription(
                platform=person.platform,
                team_id=person.team_id,
                owner=person.user_id,
                channel_id=channel_id,
                channel_name=channel_name,
                frequency=schedule.frequency,
                at_time=schedule.at_text,
                next_due_at=now,
            )
        sub.weekday, sub.at_time, sub.include_holidays = schedule.weekday, schedule.at_text, schedule.include_holidays
        sub.timezone, sub.snoozed_until = tz.key, None
        sub.active = due is not None
        sub.next_due_at = due or now
        s.add(sub)
        await s.flush()
        await s.refresh(sub)
        s.expunge(sub)
    return sub, created


async def advance(db: Database, sub_id: int, was: datetime, to: datetime | None) -> bool:
    """Move a subscription's next due time on from `was` (compare-and-set: every instance runs the due job, and
    only the first move counts). `to` None: it never falls due again."""
    values: dict[str, object] = {"next_due_at": to} if to is not None else {"active": False}
    async with db.session() as s:
        result = await s.exec(
            update(DigestSubscription)
            .where(col(DigestSubscription.id) == sub_id, col(DigestSubscription.next_due_at) == was)
            .values(**values)
        )
        return bool(result.rowcount)


async def quiet_hours(db: Database, platform: str, team_id: str, user_id: str) -> tuple[time, time] | None:
    async with db.session() as s:
        row = (
            await s.exec(
                select(DigestPreference).where(
                    DigestPreference.platform == platform,
                    DigestPreference.team_id == team_id,
                    DigestPreference.user_id == user_id,
                )
            )
        ).first()
    if row is None or row.quiet_start is None or row.quiet_end is None:
        return None
    start, end = parse_time(row.quiet_start), parse_time(row.quiet_end)
    return (start, end) if start is not None and end is not None else None


async def set_quiet_hours(db: Database, person: Person, quiet: tuple[time, time] | None) -> None:
    async with db.session() as s:
        row = (
            await s.exec(
                select(DigestPreference).where(
                    DigestPreference.platform == person.platform,
                    DigestPreference.team_id == person.team_id,
                    DigestPreference.user_id == person.user_id,
                )
            )
        ).first()
        if row is None:
            row = DigestPreference(platform=person.platform, team_id=person.team_id, user_id=person.user_id)
        row.quiet_start = f"{quiet[0]:%H:%M}" if quiet else None
        row.quiet_end = f"{quiet[1]:%H:%M}" if quiet else None
        s.add(row)


async def follows_of(db: Database, platform: str, team_id: str, user_id: str) -> list[DigestFollow]:
    async with db.session() as s:
        query = (
            select(DigestFollow)
            .where(DigestFollow.platform == platform, DigestFollow.team_id == team_id, DigestFollow.user_id == user_id)
            .order_by(col(DigestFollow.id))
        )
        return list((await s.exec(query)).all())


async def follow(db: Database, person: Person, channel_id: str, channel_name: str | None) -> bool:
    """Add a followed channel; False when it was followed already."""
    known = await follows_of(db, person.platform, person.team_id, person.user_id)
    if any(f.channel_id == channel_id for f in known):
        return False
    async with db.session() as s:
        s.add(
            DigestFollow(
                platform=person.platform,
                team_id=person.team_id,
                user_id=person.user_id,
                channel_id=channel_id,
                channel_name=channel_name,
            )
        )
    return True


async def unfollow(db: Database, person: Person, channel_id: str) -> bool:
    async with db.session() as s:
        rows = (
            await s.exec(
                select(DigestFollow).where(
                    DigestFollow.platform == person.platform,
                    DigestFollow.team_id == person.team_id,
                    DigestFollow.user_id == person.user_id,
                    DigestFollow.channel_id == channel_id,
                )
            )
        ).all()
        for row in rows:
            await s.delete(row)
        return bool(rows)
