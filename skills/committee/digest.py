"""The committee's part of the digests: polls waiting for my answer, and my meetings today and this week (for a
channel digest: the open polls and this week's meetings of the committees meeting in that channel)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select

import skills.committee.messages_digest  # noqa: F401  (registers the catalog)
from genai_bot import refs
from genai_bot.digest_port import DigestItem
from genai_bot.i18n import t
from genai_bot.messages import Person, Room
from genai_bot.services import Services
from genai_bot.skill_host import SkillHost
from skills.committee.dates import format_span, format_when
from skills.committee.models import Committee, CommitteeMember, Meeting, Poll, Vote

__all__ = ["register_digest"]


def register_digest(host: SkillHost) -> None:
    host.digest_section("committee", personal_items, channel_gather=channel_items, order=20)


def _week(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """From the start of `day` to the end of its week (Sunday), as aware datetimes."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=7 - day.weekday()), time(0), tzinfo=tz)


async def personal_items(services: Services, person: Person, day: date) -> list[DigestItem]:
    async with services.db.session() as s:
        rows = (
            await s.exec(
                select(CommitteeMember, Committee)
                .join(Committee, col(Committee.id) == CommitteeMember.committee_id)
                .where(
                    CommitteeMember.user_id == person.user_id,
                    Committee.platform == person.platform,
                    Committee.team_id == person.team_id,
                    Committee.status == "active",
                )
            )
        ).all()
    members = {m.id: c for m, c in rows if m.id is not None}
    if not members:
        return []
    items = await _polls(services, person.lang, list({c.id for c in members.values() if c.id}), members)
    return items + await _meetings(services, person.lang, [c for c in members.values()], day)


async def channel_items(services: Services, room: Room, day: date) -> list[DigestItem]:
    async with services.db.session() as s:
        committees = list(
            (
                await s.exec(
                    select(Committee).where(
                        Committee.platform == room.platform,
                        Committee.channel_id == room.channel_id,
                        Committee.status == "active",
                    )
                )
            ).all()
        )
    if not committees:
        return []
    lang = services.settings.language
    items = await _polls(services, lang, [c.id for c in committees if c.id is not None], None)
    return items + await _meetings(services, lang, committees, day)


async def _polls(
    services: Services, lang: str, committee_ids: list[int], members: dict[int, Committee] | None
) -> list[DigestItem]:
    """Open polls; with `members` (my memberships), only those I have not answered."""
    async with services.db.session() as s:
        polls = (
            await s.exec(
                select(Poll, Meeting)
                .join(Meeting, col(Meeting.id) == Poll.meeting_id)
                .where(col(Meeting.committee_id).in_(committee_ids), Poll.status == "open")
                .order_by(col(Poll.deadline))
            )
        ).all()
        answered: set[tuple[int, int]] = set()
        if members is not None:
            votes = await s.exec(select(Vote.poll_id, Vote.member_id).where(col(Vote.member_id).in_(list(members))))
            answered = {(p, m) for p, m in votes.all()}
    items: list[DigestItem] = []
    for poll, meeting in polls:
        assert poll.id is not None
        if members is not None and all(
            (poll.id, mid) in answered for mid, c in members.items() if c.id == meeting.committee_id
        ):
            continue
        detail = t(lang, "committee.digest.poll", poll=poll.id)
        if poll.deadline is not None:
            detail = t(
                lang,
                "committee.digest.poll_deadline",
                poll=poll.id,
                deadline=format_when(poll.deadline, lang, services.settings.timezone),
            )
        link = None
        port = services.chat_ports.get(_platform(services, members))
        if port is not None and poll.channel_id and poll.message_id:
            link = await port.permalink(Room(port.platform, poll.channel_id), poll.message_id)
        items.append(
            DigestItem(meeting.title, detail, link=link, ref=f"`/genai committee vote {poll.id}`", kind="poll")
        )
    return items


def _platform(services: Services, members: dict[int, Committee] | None) -> str:
    if members:
        return next(iter(members.values())).platform
    return next(iter(services.chat_ports), "")


async def _meetings(services: Services, lang: str, committees: list[Committee], day: date) -> list[DigestItem]:
    ids = [c.id for c in committees if c.id is not None]
    by_id = {c.id: c for c in committees}
    tz = ZoneInfo(committees[0].timezone) if committees else services.settings.tz
    start, end = _week(day, tz)
    async with services.db.session() as s:
        meetings = (
            await s.exec(
                select(Meeting)
                .where(
                    col(Meeting.committee_id).in_(ids),
                    Meeting.status == "confirmed",
                    col(Meeting.start) >= start,
                    col(Meeting.start) < end,
                )
                .order_by(col(Meeting.start))
            )
        ).all()
    items: list[DigestItem] = []
    for meeting in meetings:
        if meeting.start is None or meeting.end is None:
            continue
        committee = by_id.get(meeting.committee_id)
        zone = committee.timezone if committee else tz.key
        today = meeting.start.astimezone(ZoneInfo(zone)).date() == day
        when = format_span(meeting.start, meeting.end, lang, zone)
        key = "committee.digest.meeting_today" if today else "committee.digest.meeting_week"
        channel = meeting.channel_id or (committee.channel_id if committee else None)
        ref = refs.room_link(channel) if channel else None
        items.append(
            DigestItem(
                meeting.title, t(lang, key, when=when, location=meeting.location or "—"), ref=ref, kind="meeting"
            )
        )
    return items
