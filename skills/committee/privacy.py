"""Private committees: a committee whose channel is private is seen only by its members (its secretariat included).

The chat platform knows whether a channel is private (`ChatPort.room_info`; Slack answers through
conversations.info). It is asked once, when the committee is created with a channel, and the answer is kept on the
committee (`channel_private`), so listing committees costs no platform call. Committees stored before that column
existed (None) are asked on the next committee command in their workspace (`learning_privacy` wraps every committee
handler). A bot that cannot see the channel at all is told `channel_not_found`: on Slack that is a private channel it
is not in (public channels are visible with channels:read), so the committee is private. Any other failure leaves
the answer unknown, and an unknown committee is shown only to its members until the platform answers: when in
doubt, hide.
"""

from __future__ import annotations

import functools

import structlog
from sqlalchemy import ColumnElement, or_
from sqlmodel import col, select

from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext, Handler
from genai_bot.messages import Person, Reply, Room
from skills.committee.models import Committee, CommitteeMember

__all__ = ["can_see", "channel_privacy", "learn_privacy", "learning_privacy", "visible_to"]

log = structlog.get_logger(__name__)

_UNSEEN = frozenset({"channel_not_found"})
"""What the platform says about a channel the bot may not see: only a private channel hides that way."""


def visible_to(person: Person) -> ColumnElement[bool]:
    """A query condition: committees `person` may see (known public, or they are on it)."""
    mine = select(CommitteeMember.committee_id).where(CommitteeMember.user_id == person.user_id)
    return or_(col(Committee.channel_private).is_(False), col(Committee.id).in_(mine))


def can_see(committee: Committee, members: list[CommitteeMember], person: Person) -> bool:
    """The same rule for a committee already loaded with its members."""
    return committee.channel_private is False or any(m.user_id and m.user_id == person.user_id for m in members)


async def channel_privacy(ctx: CommandContext, channel_id: str | None) -> bool | None:
    """True when the channel is private, False when public (or no channel), None when the platform did not say."""
    if channel_id is None:
        return False
    if ctx.chat is None:
        return None
    try:
        info = await ctx.chat.room_info(Room(platform=ctx.room.platform, channel_id=channel_id))
    except ChatError as exc:
        if exc.code in _UNSEEN:
            return True
        log.warning("committee.channel_privacy_unknown", channel=channel_id, code=exc.code)
        return None
    return info.is_private


async def learn_privacy(ctx: CommandContext) -> int:
    """Ask the platform about committees of the caller's workspace whose privacy is not known yet; the count
    learned. One cheap query when there are none (the usual case)."""
    if ctx.chat is None:
        return 0
    person = ctx.person
    async with ctx.services.db.session() as s:
        unknown = list(
            (
                await s.exec(
                    select(Committee.id, Committee.channel_id).where(
                        Committee.platform == person.platform,
                        Committee.team_id == person.team_id,
                        col(Committee.channel_private).is_(None),
                    )
                )
            ).all()
        )
    learned: dict[int, bool] = {}
    for committee_id, channel_id in unknown:
        private = await channel_privacy(ctx, channel_id)
        if committee_id is not None and private is not None:
            learned[committee_id] = private
    if learned:
        async with ctx.services.db.session() as s:
            for committee_id, private in learned.items():
                committee = await s.get(Committee, committee_id)
                if committee is not None and committee.channel_private is None:
                    committee.channel_private = private
                    s.add(committee)
    return len(learned)


def learning_privacy(handler: Handler) -> Handler:
    """`handler`, run after the workspace's committees of unknown privacy were looked up."""

    @functools.wraps(handler)
    async def run(ctx: CommandContext, args: str) -> Reply:
        await learn_privacy(ctx)
        return await handler(ctx, args)

    return run
