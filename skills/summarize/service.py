"""`/genai summarize`: what to read (a thread, or the channel since the last visit / a range / the last N
messages), reading it, summarising it, and the unhappy paths (nothing to read, no access, LLM down)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import structlog

import skills.summarize.messages  # noqa: F401  (registers the catalog)
from genai_bot import pending
from genai_bot.chat import ChatError, ChatPort
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.messages import Reply, Room, Text
from skills.summarize import records
from skills.summarize.compose import compose
from skills.summarize.options import SummaryOptions, parse_options
from skills.summarize.transcript import Transcript, build_transcript, read_busiest_threads, read_channel, read_thread
from skills.summarize.window import parse_since

log = structlog.get_logger(__name__)

DEFAULT_WINDOW = timedelta(hours=24)
VERB = "summarize"
ACCESS_ERRORS = {"not_in_channel": "summarize.not_in_channel", "channel_not_found": "summarize.channel_not_found"}


@dataclass(frozen=True)
class Scope:
    """What is summarised: a thread, or the channel from `since` (None: no lower bound)."""

    thread_id: str | None
    since: datetime | None = None
    basis: str = ""
    """How the range was chosen, in the user's words (shown in the title and in "nothing to summarise")."""


async def summarize(ctx: CommandContext, args: str) -> Reply:
    options = parse_options(args)
    if ctx.chat is None:
        raise UserFacingError("summarize.no_chat")
    chat, tz, now = ctx.chat, user_zone(ctx), ctx.services.clock.now()
    since = parse_since(options.since, now, tz) if options.since else None  # a typo is reported before any work
    try:
        scope, transcript = await _read(ctx, chat, options, since, tz, now)
    except ChatError as exc:
        thread_hint = ctx.room.thread_id if not ctx.from_mention else None
        return await _chat_failure(ctx, exc, options.as_args(thread_hint))
    retry_args = options.as_args(scope.thread_id)
    if not transcript.entries:
        if scope.thread_id:
            raise UserFacingError("summarize.nothing_thread")
        raise UserFacingError("summarize.nothing", basis=scope.basis)
    room = Room(ctx.room.platform, ctx.room.channel_id)
    try:
        composed = await compose(ctx, chat, room, transcript, tz=tz, now=now)
    except UserFacingError as exc:
        asked_in = Room(room.platform, room.channel_id, scope.thread_id)
        return await pending.retry_offer_for(ctx, VERB, retry_args, exc, note=ctx.t("summarize.saved"), room=asked_in)
    if scope.thread_id is None:
        await records.record_visit(ctx.services.db, ctx.person, room.channel_id, now)
    await pending.mark_done(ctx.services.db, ctx.person, VERB, retry_args, channel_id=room.channel_id)
    log.info(
        "summarize.done",
        user=ctx.person.key,
        channel=room.channel_id,
        thread=scope.thread_id is not None,
        messages=len(transcript.entries),
        llm=composed.used_llm,
        map_calls=composed.map_calls,
    )
    header = [Text(_title(ctx, scope, transcript))]
    if transcript.truncated:
        header.append(Text(ctx.t("summarize.truncated", count=len(transcript.entries))))
    return Reply(blocks=[*header, *composed.blocks], ephemeral=not options.share)


def user_zone(ctx: CommandContext) -> ZoneInfo:
    try:
        return ZoneInfo(ctx.person.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return ctx.services.settings.tz


def format_time(at: datetime, tz: ZoneInfo) -> str:
    local = at.astimezone(tz)
    return f"{local.month}/{local.day} {local:%H:%M}"


async def _read(
    ctx: CommandContext, chat: ChatPort, options: SummaryOptions, since: datetime | None, tz: ZoneInfo, now: datetime
) -> tuple[Scope, Transcript]:
    channel = Room(ctx.room.platform, ctx.room.channel_id)
    thread_id = options.thread_id or ctx.room.thread_id
    if thread_id:
        messages, total = await read_thread(chat, channel, thread_id)
        # A mention at the top of a channel arrives as its own one-message "thread": mean the channel then.
        if not (ctx.from_mention and total <= 1 and not options.thread_id):
            return Scope(thread_id), await build_transcript(chat, messages)
    scope = await _channel_scope(ctx, options, since, tz, now)
    messages, truncated = await read_channel(chat, channel, oldest=scope.since, count=options.last)
    replies = await read_busiest_threads(chat, channel, messages)
    return scope, await build_transcript(chat, messages, replies, truncated=truncated)


async def _channel_scope(
    ctx: CommandContext, options: SummaryOptions, since: datetime | None, tz: ZoneInfo, now: datetime
) -> Scope:
    if since is not None:
        return Scope(None, since, ctx.t("summarize.basis_since", at=format_time(since, tz)))
    if options.last:
        return Scope(None, None, ctx.t("summarize.basis_last", count=options.last))
    visit = await records.last_visit(ctx.services.db, ctx.person, ctx.room.channel_id)
    if visit is not None and visit <= now:
        return Scope(None, visit, ctx.t("summarize.basis_visit", at=format_time(visit, tz)))
    return Scope(None, now - DEFAULT_WINDOW, ctx.t("summarize.basis_default"))


def _title(ctx: CommandContext, scope: Scope, transcript: Transcript) -> str:
    count = len(transcript.entries)
    if scope.thread_id:
        return ctx.t("summarize.title_thread", count=count)
    return ctx.t("summarize.title_channel", basis=scope.basis, count=count)


async def _chat_failure(ctx: CommandContext, exc: ChatError, retry_args: str) -> Reply:
    if exc.code in ACCESS_ERRORS:
        return Reply.text(ctx.t(ACCESS_ERRORS[exc.code]), is_error=True)
    log.warning("summarize.history_failed", error=exc.code, channel=ctx.room.channel_id)
    return await pending.offer_retry(ctx, VERB, retry_args, ctx.t("summarize.chat_failed", code=exc.code))
