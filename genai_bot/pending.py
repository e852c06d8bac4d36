"""Requests the AI service could not serve, kept in `pending_requests` so a "retry" button can run them again.

A request is who asked, the verb, its arguments and the channel it was asked in. Keeping it is idempotent while
it is pending (asked again, it moves to the thread it was last asked in); serving it marks it done. Every skill
shares one retry button: action `genai:<verb>`, value the reference `--retry <id>`. The command registry turns
a click's reference back into the kept arguments (`expand`) before the verb runs, only for the person who asked,
and moves the request back to the room it was asked in: the button never carries the text, so a click from
another channel, a DM or App Home runs with the classification of the room the request came from.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, update
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from genai_bot.db import Database
from genai_bot.db.models import PendingRequest
from genai_bot.errors import UserFacingError
from genai_bot.messages import Actions, Block, Button, Person, Reply, Room, Text

if TYPE_CHECKING:
    from genai_bot.commands import CommandContext

LLM_OUTAGES = frozenset({"llm.unavailable", "llm.timeout", "llm.interrupted", "llm.empty_answer"})
"""Error keys of a passing AI-service fault: the request is worth keeping and retrying."""
PENDING, DONE = "pending", "done"
_REFERENCE = re.compile(r"^--retry\s+(\d+)$")


async def keep(db: Database, person: Person, verb: str, args: str, room: Room) -> int:
    """Keep the request as pending (once, however often it fails); returns its id."""
    query = (
        _mine(person, verb)
        .where(
            PendingRequest.args == args, PendingRequest.channel_id == room.channel_id, PendingRequest.status == PENDING
        )
        .order_by(col(PendingRequest.id).desc())
    )
    async with db.session() as s:
        row = (await s.exec(query)).first()
        if row is None:
            row = PendingRequest(
                platform=person.platform,
                team_id=person.team_id,
                user_id=person.user_id,
                channel_id=room.channel_id,
                thread_id=room.thread_id,
                verb=verb,
                args=args,
            )
        else:
            row.thread_id = room.thread_id
        s.add(row)
        await s.flush()
        assert row.id is not None
        return row.id


async def find(db: Database, person: Person, verb: str, request_id: int) -> PendingRequest | None:
    """The person's own pending `verb` request with this id; None if unknown, done, or someone else's."""
    query = _mine(person, verb).where(PendingRequest.id == request_id, PendingRequest.status == PENDING)
    async with db.session() as s:
        return (await s.exec(query)).first()


async def mark_done(
    db: Database,
    person: Person,
    verb: str,
    args: str | None = None,
    *,
    channel_id: str | None = None,
    request_id: int | None = None,
) -> int:
    """The request was served: the person's pending `verb` requests with `args` (in `channel_id`, when given)
    and/or the one with `request_id` are done. Returns how many were pending."""
    if args is None and request_id is None:
        raise ValueError("mark_done needs args or request_id")
    which = []
    if args is not None:
        same_args = col(PendingRequest.args) == args
        which.append(same_args if channel_id is None else and_(same_args, col(PendingRequest.channel_id) == channel_id))
    if request_id is not None:
        which.append(col(PendingRequest.id) == request_id)
    statement = (
        update(PendingRequest)
        .where(
            col(PendingRequest.platform) == person.platform,
            col(PendingRequest.team_id) == person.team_id,
            col(PendingRequest.user_id) == person.user_id,
            col(PendingRequest.verb) == verb,
            col(PendingRequest.status) == PENDING,
            or_(*which),
        )
        .values(status=DONE)
    )
    async with db.session() as s:
        result = await s.exec(statement)
        return int(result.rowcount or 0)


async def served(ctx: CommandContext, verb: str, args: str) -> None:
    """The request `args` of `verb`, asked by this person in this room, was answered: a kept copy is done."""
    await mark_done(ctx.services.db, ctx.person, verb, args, channel_id=ctx.room.channel_id)


def reference(request_id: int) -> str:
    """What a retry button carries: the kept request's id, never its text."""
    return f"--retry {request_id}"


def retry_button(ctx: CommandContext, verb: str, request_id: int) -> Button:
    """The "Retry" button: runs the kept request `request_id` again. It carries the reference, never the text,
    so a click runs what was asked, where it was asked, for whoever asked it."""
    return Button(ctx.t("retry.button"), f"genai:{verb}", value=reference(request_id), style="primary")


async def expand(ctx: CommandContext, verb: str, args: str) -> str:
    """For a button click carrying a reference: the kept arguments of the clicker's own `verb` request, and the
    request moves back to the room it was asked in (its classification applies, wherever the click came from).
    `retry.not_found` when it is someone else's or unknown, `retry.done` when it was answered already. Anything
    else, a reference typed by hand included, is returned as it is."""
    match = _REFERENCE.match(args.strip())
    if not ctx.from_button or match is None:
        return args
    query = _mine(ctx.person, verb).where(PendingRequest.id == int(match.group(1)))
    async with ctx.services.db.session() as s:
        row = (await s.exec(query)).first()
    if row is None:
        raise UserFacingError("retry.not_found")
    if row.status == DONE:
        raise UserFacingError("retry.done")
    ctx.relocate(
        Room(
            ctx.room.platform,
            row.channel_id,
            row.thread_id,
            is_direct=ctx.room.is_direct and row.channel_id == ctx.room.channel_id,
        )
    )
    return row.args


async def offer_retry(
    ctx: CommandContext, verb: str, args: str, message: str, *, note: str | None = None, room: Room | None = None
) -> Reply:
    """The one "kept, retry" answer, for every skill and adapter: the error `message` (and a `note`), the request
    kept (asked in `room`, by default the caller's) and a retry button where the platform shows buttons; where it
    does not (the console), how to retry by typing."""
    request_id = await keep(ctx.services.db, ctx.person, verb, args, room or ctx.room)
    blocks: list[Block] = [Text(message)]
    if note:
        blocks.append(Text(note))
    if ctx.supports_buttons:
        blocks.append(Actions((retry_button(ctx, verb, request_id),)))
    else:
        blocks.append(Text(ctx.t("retry.type_again")))
    return Reply(blocks=blocks, is_error=True)


async def retry_offer_for(
    ctx: CommandContext,
    verb: str,
    args: str,
    error: UserFacingError,
    *,
    retryable: frozenset[str] = LLM_OUTAGES,
    note: str | None = None,
    room: Room | None = None,
) -> Reply:
    """A failed call as a reply: a passing fault (`retryable`) becomes `offer_retry`; any other error is raised
    again for the registry to show."""
    if error.message_key not in retryable:
        raise error
    return await offer_retry(ctx, verb, args, ctx.t(error.message_key, **error.args_), note=note, room=room)


def _mine(person: Person, verb: str) -> SelectOfScalar[PendingRequest]:
    return select(PendingRequest).where(
        PendingRequest.platform == person.platform,
        PendingRequest.team_id == person.team_id,
        PendingRequest.user_id == person.user_id,
        PendingRequest.verb == verb,
    )
