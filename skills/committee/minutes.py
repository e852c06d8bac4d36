"""The agenda thread and 議事要旨: list what members posted in the meeting's thread, and draft the minutes from
that thread (or from pasted notes) through the LLM gateway for the secretariat to edit."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

import structlog

from genai_bot.chat import ChatError, ChatMessage
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.llm import RoomLLM, system, user
from genai_bot.messages import Room
from skills.committee.dates import format_span
from skills.committee.models import Committee, CommitteeMember, Meeting
from skills.committee.prompts import minutes_facts, minutes_system
from skills.committee.store import audit, find_meeting, members_of, require_member, require_secretariat

log = structlog.get_logger(__name__)
MAX_THREAD_MESSAGES = 1000
MAX_SOURCE_CHARS = 30_000
TASK = "minutes"


@dataclass
class ThreadItem:
    message: ChatMessage
    author: str


@dataclass
class MinutesDraft:
    committee: Committee
    meeting: Meeting
    text: str
    source: str
    """"notes" (pasted) or "thread" (read from the agenda thread)."""
    items: int


async def _meeting(ctx: CommandContext, ref: str) -> tuple[Committee, Meeting, list[CommitteeMember]]:
    async with ctx.services.db.session() as s:
        committee, meeting = await find_meeting(s, ctx.person, ref, ctx.services.clock.now())
        return committee, meeting, await members_of(s, committee.id or 0)


async def read_thread(ctx: CommandContext, meeting: Meeting) -> list[ThreadItem]:
    """What people (not bots) posted in the agenda thread, oldest first."""
    if ctx.chat is None or not meeting.agenda_thread_id or not meeting.channel_id:
        return []
    room = Room(platform=ctx.room.platform, channel_id=meeting.channel_id)
    messages: list[ChatMessage] = []
    cursor: str | None = None
    try:
        while len(messages) < MAX_THREAD_MESSAGES:
            page = await ctx.chat.replies(room, meeting.agenda_thread_id, cursor=cursor)
            messages.extend(page.messages)
            cursor = page.next_cursor
            if not cursor:
                break
    except ChatError as exc:
        raise UserFacingError("committee.error.thread_unreadable", code=exc.code) from None
    people = [m for m in messages if not m.is_bot and m.id != meeting.agenda_thread_id and m.text.strip()]
    return [ThreadItem(m, m.author_name or await ctx.chat.user_name(m.author_id)) for m in people]


async def agenda(ctx: CommandContext, ref: str) -> tuple[Committee, Meeting, list[ThreadItem]]:
    committee, meeting, members = await _meeting(ctx, ref)
    require_member(committee, members, ctx.person)
    if not meeting.agenda_thread_id:
        raise UserFacingError("committee.error.no_agenda_thread", meeting=meeting.title)
    return committee, meeting, await read_thread(ctx, meeting)


def _transcript(items: list[ThreadItem], tz: str) -> str:
    zone = ZoneInfo(tz)
    return "\n".join(
        f"[{i.message.at.astimezone(zone):%m/%d %H:%M}] {i.author}: {i.message.text.strip()}" for i in items
    )


async def draft_minutes(ctx: CommandContext, ref: str, notes: str) -> MinutesDraft:
    """Draft 議事要旨 (日時・場所・出席者・議題・議事概要・決定事項・今後の予定) and keep it on the meeting."""
    if not ctx.llm.configured:
        raise UserFacingError("llm.not_configured", task=TASK)
    committee, meeting, members = await _meeting(ctx, ref)
    require_secretariat(committee, members, ctx.person)
    source, count = "notes", 0
    text = notes.strip()
    if not text:
        items = await read_thread(ctx, meeting)
        source, count, text = "thread", len(items), _transcript(items, committee.timezone)
    if not text:
        raise UserFacingError("committee.error.no_notes", meeting=meeting.id)
    if len(text) > MAX_SOURCE_CHARS:
        text = text[:MAX_SOURCE_CHARS] + "\n…"
    lang = ctx.lang
    when = format_span(meeting.start, meeting.end, lang, committee.timezone) if meeting.start and meeting.end else "—"
    facts = minutes_facts(lang, committee, meeting, members, when)
    llm = minutes_llm(ctx, committee, meeting)
    answer = await llm.complete(TASK, [system(minutes_system(lang)), user(f"{facts}\n\n{text}")])
    log.debug("committee.minutes_drafted", meeting=meeting.id, source_chars=len(text), draft_chars=len(answer.text))
    await _store(ctx, committee, meeting, answer.text, source)
    return MinutesDraft(committee, meeting, answer.text, source, count)


def minutes_llm(ctx: CommandContext, committee: Committee, meeting: Meeting) -> RoomLLM:
    """The LLM for the minutes: the meeting thread's text joins the request, so the stricter of the meeting
    channel's and the invoking room's classification applies."""
    if not meeting.channel_id:
        return ctx.llm
    return ctx.llm.including(Room(platform=committee.platform, channel_id=meeting.channel_id))


async def _store(ctx: CommandContext, committee: Committee, meeting: Meeting, draft: str, source: str) -> None:
    now = ctx.services.clock.now()
    async with ctx.services.db.session() as s:
        row = await s.get(Meeting, meeting.id)
        if row is None:
            raise UserFacingError("committee.error.meeting_not_found", meeting=str(meeting.id))
        row.minutes_draft = draft
        if row.status == "confirmed" and row.end is not None and row.end <= now:
            row.status = "held"
        s.add(row)
        await audit(ctx, s, committee, "committee.minutes_drafted", meeting=meeting.id, source=source, chars=len(draft))
    meeting.minutes_draft = draft


async def saved_minutes(ctx: CommandContext, ref: str) -> tuple[Committee, Meeting]:
    committee, meeting, members = await _meeting(ctx, ref)
    require_secretariat(committee, members, ctx.person)
    if not meeting.minutes_draft:
        raise UserFacingError("committee.error.no_minutes_yet", meeting=meeting.id)
    return committee, meeting
