"""Handlers for `slots`, `poll`, `vote`, `close`, `confirm`, `cancel`, `agenda` and `minutes`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from genai_bot import pending
from genai_bot.calendar.workdays import is_business_day, previous_business_day
from genai_bot.commands import CommandContext
from genai_bot.dates import format_day, next_date
from genai_bot.errors import FieldError, UserFacingError
from genai_bot.messages import Reply, Text
from genai_bot.text import fold
from skills.committee.availability import MAX_DURATION, MIN_DURATION, SlotFinding, SlotQuery, find_slots
from skills.committee.cancel import cancel_meeting
from skills.committee.confirm import confirm_meeting
from skills.committee.dates import parse_duration, parse_int, parse_window
from skills.committee.deadlines import deadline_example
from skills.committee.forms import window_form
from skills.committee.meeting_view import (
    agenda_reply,
    cancelled_reply,
    closed_reply,
    confirmed_reply,
    minutes_reply,
    poll_opened_reply,
    vote_reply,
)
from skills.committee.minutes import agenda as read_agenda
from skills.committee.minutes import draft_minutes, saved_minutes
from skills.committee.polls import PollPlan, close_poll, first_candidate_day, open_poll, record_votes
from skills.committee.settings import committee_settings
from skills.committee.slot_view import no_slots_reply, slots_reply
from skills.committee.store import find_committee, members_of, require_member, require_secretariat
from skills.committee.text import (
    Option,
    ParsedArgs,
    answer_of,
    number_of,
    parse_options,
    split_head,
    tokenize,
    usage_error,
)

_SLOT_OPTIONS = (
    Option("duration", ("時間", "長さ", "所要時間", "length")),
    Option("buffer", ("バッファ", "間隔")),
    Option("lunch", ("昼休み", "昼", "ランチ"), takes_value=False),
    Option("max", ("候補数", "件数")),
)
_POLL_OPTIONS = (
    *_SLOT_OPTIONS,
    Option("deadline", ("締切", "期限")),
    Option("title", ("件名", "名称")),
    Option("location", ("場所", "会場")),
)
MAX_CANDIDATES = 10


def _today(ctx: CommandContext) -> date:
    return ctx.services.clock.now().astimezone(ZoneInfo(ctx.person.timezone)).date()


def _bounded(
    word: str | None, parse: Callable[[str], int | None], key: str, low: int, high: int, *, field: str | None = None
) -> int | None:
    """A number option within [low, high]; None when not given; a (field) error when unreadable."""
    if word is None or not word.strip():
        return None
    value = parse(word)
    if value is None or not low <= value <= high:
        if field:
            raise FieldError(field, key, value=word, low=low, high=high)
        raise UserFacingError(key, value=word, low=low, high=high)
    return value


def _query(
    ctx: CommandContext, words: list[str], options: dict[str, str], flags: set[str], *, from_form: bool
) -> SlotQuery:
    settings = committee_settings(ctx.services)
    window = parse_window(words, _today(ctx))
    if window is None or window[2] != len(words):
        shown = " ".join(words)
        if from_form:
            raise FieldError("first", "committee.error.bad_window", value=shown)
        raise UserFacingError("committee.error.bad_window", value=shown)
    duration = _bounded(
        options.get("duration"),
        parse_duration,
        "committee.error.bad_duration",
        MIN_DURATION,
        MAX_DURATION,
        field="duration" if from_form else None,
    )
    buffer = _bounded(options.get("buffer"), parse_int, "committee.error.bad_buffer", 0, 240)
    most = _bounded(options.get("max"), parse_int, "committee.error.bad_max", 1, MAX_CANDIDATES)
    return SlotQuery(
        first=window[0],
        last=window[1],
        duration=duration or settings.duration_minutes,
        buffer=settings.buffer_minutes if buffer is None else buffer,
        lunch="lunch" in flags,
        max_candidates=most or settings.max_candidates,
    )


def _form_words(ctx: CommandContext) -> list[str]:
    return [w for w in (ctx.extra.get("first", ""), ctx.extra.get("last", "")) if w.strip()]


async def _finding(
    ctx: CommandContext, args: str, sub: str, options: tuple[Option, ...]
) -> tuple[SlotFinding | Reply, ParsedArgs]:
    """Read `<committee> <window> [options]` (or a submitted form) and find the slots; a form when dates are
    missing."""
    parsed = parse_options(tokenize(args), options)
    if not parsed.positionals:
        raise usage_error(sub)
    from_form = "first" in ctx.extra
    if from_form:
        parsed.options.update(
            {k: v for k, v in ctx.extra.items() if k in ("duration", "deadline", "title", "location") and v.strip()}
        )
    words = _form_words(ctx) if from_form else parsed.positionals[1:]
    async with ctx.services.db.session() as s:
        committee = await find_committee(s, ctx.person, parsed.positionals[0])
        members = await members_of(s, committee.id or 0)
    if sub == "poll":
        require_secretariat(committee, members, ctx.person)
    else:
        require_member(committee, members, ctx.person)
    if not words:
        return window_form(ctx, committee, sub, committee_settings(ctx.services).duration_minutes), parsed
    query = _query(ctx, words, parsed.options, parsed.flags, from_form=from_form)
    return await find_slots(ctx, committee, members, query), parsed


async def slots(ctx: CommandContext, args: str) -> Reply:
    finding, _ = await _finding(ctx, args, "slots", _SLOT_OPTIONS)
    return finding if isinstance(finding, Reply) else slots_reply(ctx, finding)


async def poll(ctx: CommandContext, args: str) -> Reply:
    finding, parsed = await _finding(ctx, args, "poll", _POLL_OPTIONS)
    if isinstance(finding, Reply):
        return finding
    require_secretariat(finding.committee, finding.members, ctx.person)
    if not finding.result.candidates:
        return no_slots_reply(ctx, finding)
    deadline = None
    if parsed.get("deadline"):
        deadline = next_date(parsed.get("deadline") or "", _today(ctx))
        if deadline is None:
            tz = finding.committee.timezone
            example = deadline_example(ctx, tz, first_candidate_day(finding)) or ctx.t(
                "committee.deadline.example_word"
            )
            if "first" in ctx.extra:
                raise FieldError(
                    "deadline", "committee.error.bad_deadline", value=parsed.get("deadline"), example=example
                )
            raise UserFacingError("committee.error.bad_deadline", value=parsed.get("deadline"), example=example)
    state = await open_poll(
        ctx, finding, PollPlan(title=parsed.get("title"), deadline=deadline, location=parsed.get("location"))
    )
    reply = poll_opened_reply(ctx, state, posted=state.poll.message_id is not None)
    if deadline is not None and not is_business_day(deadline):
        day = previous_business_day(deadline)
        moved = ctx.t(
            "committee.poll.deadline_moved", wanted=format_day(deadline, ctx.lang), day=format_day(day, ctx.lang)
        )
        reply.blocks.insert(1, Text(moved))
    return reply


async def vote(ctx: CommandContext, args: str) -> Reply:
    """`vote <poll> <number> <○|△|×> [<number> <answer> …] [--for <member>]`."""
    parsed = parse_options(tokenize(args), (Option("for", ("代理", "代わりに")),))
    words = parsed.positionals
    if len(words) < 3 or len(words) % 2 == 0:
        raise usage_error("vote")
    answers: list[tuple[int, str]] = []
    for number_word, answer_word in zip(words[1::2], words[2::2], strict=True):
        number, answer = number_of(number_word), answer_of(answer_word)
        if number is None:
            raise UserFacingError("committee.error.bad_option_number", value=number_word)
        if answer is None:
            raise UserFacingError("committee.error.bad_answer", value=answer_word)
        answers.append((number, answer))
    state, outcomes = await record_votes(ctx, words[0], answers, for_member=parsed.get("for"))
    return vote_reply(ctx, state, outcomes, show_tally=ctx.chat is None or not state.poll.message_id)


async def close(ctx: CommandContext, args: str) -> Reply:
    tokens = tokenize(args)
    if len(tokens) != 1:
        raise usage_error("close")
    state, ranking = await close_poll(ctx, tokens[0])
    return closed_reply(ctx, state, ranking)


async def confirm(ctx: CommandContext, args: str) -> Reply:
    parsed = parse_options(
        tokenize(args), (Option("location", ("場所", "会場")), Option("force", ("強制",), takes_value=False))
    )
    words = parsed.positionals
    if not 1 <= len(words) <= 2:
        raise usage_error("confirm")
    position = None
    if len(words) == 2:
        position = number_of(words[1])
        if position is None:
            raise UserFacingError("committee.error.bad_option_number", value=words[1])
    done = await confirm_meeting(ctx, words[0], position, parsed.get("location"), force="force" in parsed.flags)
    return confirmed_reply(ctx, done)


async def agenda(ctx: CommandContext, args: str) -> Reply:
    tokens = tokenize(args)
    if not tokens:
        raise usage_error("agenda")
    committee, meeting, items = await read_agenda(ctx, " ".join(tokens))
    return agenda_reply(ctx, committee, meeting, items)


async def cancel(ctx: CommandContext, args: str) -> Reply:
    """`cancel <meeting|committee>` (中止): the secretariat calls a meeting off."""
    tokens = tokenize(args)
    if not tokens:
        raise usage_error("cancel")
    done = await cancel_meeting(ctx, " ".join(tokens))
    return cancelled_reply(ctx, done)


async def minutes(ctx: CommandContext, args: str) -> Reply:
    """`minutes <meeting> [pasted notes]` drafts; `minutes <meeting> --show` shows the saved draft."""
    head, notes = split_head(args, 1)
    if not head:
        raise usage_error("minutes")
    if fold(notes) in ("--show", "show", "表示", "—show"):
        _committee, meeting = await saved_minutes(ctx, head[0])
        return minutes_reply(ctx, meeting, meeting.minutes_draft or "", saved=True)
    request = f"minutes {args}"  # what a retry runs again: `/genai committee minutes …`
    try:
        draft = await draft_minutes(ctx, head[0], notes)
    except UserFacingError as exc:
        return await pending.retry_offer_for(ctx, "committee", request, exc)  # the pasted notes are kept
    await pending.served(ctx, "committee", request)
    return minutes_reply(ctx, draft.meeting, draft.text, saved=False, source=draft.source, items=draft.items)
