"""Requests the AI service could not serve, kept in `pending_requests` so a "retry" button can run them again.

The button carries the original arguments (`/genai <verb> <args>` on click). Arguments longer than a button
value may hold travel as a reference to the kept row instead (`#retry:<id>`), expanded only for button clicks.
"""

from __future__ import annotations

import re

from sqlalchemy import update
from sqlmodel import col, select

from genai_bot.commands import CommandContext
from genai_bot.db.models import PendingRequest
from genai_bot.errors import UserFacingError
from genai_bot.messages import Actions, Block, Button, Reply, Room, Text

BUTTON_VALUE_LIMIT = 2000  # Slack's limit for a button value
RETRYABLE = frozenset({"llm.unavailable", "llm.timeout", "llm.interrupted"})
_REFERENCE = re.compile(r"^#retry:(\d+)$")


async def keep_pending(ctx: CommandContext, verb: str, args: str, room: Room | None = None) -> int:
    """Record the request as pending; returns its id."""
    where = room or ctx.room
    row = PendingRequest(platform=ctx.person.platform, team_id=ctx.person.team_id, user_id=ctx.person.user_id,
                         channel_id=where.channel_id, thread_id=where.thread_id, verb=verb, args=args)
    async with ctx.services.db.session() as session:
        session.add(row)
        await session.flush()
        assert row.id is not None
        return row.id


async def mark_done(ctx: CommandContext, verb: str, args: str, room: Room | None = None) -> None:
    """The request was served: its pending rows in this channel are done."""
    where = room or ctx.room
    async with ctx.services.db.session() as session:
        await session.exec(
            update(PendingRequest)
            .where(col(PendingRequest.platform) == ctx.person.platform,
                   col(PendingRequest.team_id) == ctx.person.team_id,
                   col(PendingRequest.channel_id) == where.channel_id,
                   col(PendingRequest.verb) == verb, col(PendingRequest.args) == args,
                   col(PendingRequest.status) == "pending")
            .values(status="done")
        )


async def find_request(ctx: CommandContext, verb: str, args: str) -> PendingRequest | None:
    """The newest kept request with these arguments in this channel (whoever clicks the button)."""
    query = (
        select(PendingRequest)
        .where(PendingRequest.platform == ctx.person.platform, PendingRequest.team_id == ctx.person.team_id,
               PendingRequest.channel_id == ctx.room.channel_id, PendingRequest.verb == verb,
               PendingRequest.args == args)
        .order_by(col(PendingRequest.id).desc())
        .limit(1)
    )
    async with ctx.services.db.session() as session:
        return (await session.exec(query)).first()


async def expand_reference(ctx: CommandContext, verb: str, args: str) -> str:
    """For a button click carrying `#retry:<id>`, the kept arguments of that request; otherwise `args`."""
    match = _REFERENCE.match(args.strip())
    if ctx.source != "action" or match is None:
        return args
    async with ctx.services.db.session() as session:
        row = await session.get(PendingRequest, int(match.group(1)))
    if row is None or row.verb != verb or row.platform != ctx.person.platform or row.team_id != ctx.person.team_id:
        return args
    return row.args


async def offer_retry(ctx: CommandContext, verb: str, args: str, error: UserFacingError,
                      room: Room | None = None) -> Reply:
    """The error in the user's language; for a passing fault also keep the request and add a retry button."""
    text = ctx.t(error.message_key, **error.args_)
    if error.message_key not in RETRYABLE:
        return Reply.text(text, is_error=True)
    pending_id = await keep_pending(ctx, verb, args, room)
    value = args if len(args) <= BUTTON_VALUE_LIMIT else f"#retry:{pending_id}"
    blocks: list[Block] = [Text(text)]
    if ctx.source == "console":
        blocks.append(Text(ctx.t("assist.retry.console")))
    else:
        blocks.append(Actions((Button(ctx.t("assist.retry"), f"genai:{verb}", value=value, style="primary"),)))
    return Reply(blocks=blocks, is_error=True)
