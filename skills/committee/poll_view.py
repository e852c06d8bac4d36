"""The poll message (調整さん style): one row per slot with ○ / △ / × buttons and the live tally.

The message lives in the committee's channel, so it is written in the workspace language and the committee's
time zone, whoever clicked last. Closed and confirmed polls keep the tally but lose their buttons; so does an open
poll once its deadline has passed (it takes no more answers; the secretariat closes it).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from genai_bot.dates import format_day
from genai_bot.i18n import t
from genai_bot.messages import Actions, Block, Button, Divider, Reply, Text
from skills.committee.dates import format_span, format_when
from skills.committee.store import PollState
from skills.committee.tally import OptionTally, answered_count, non_voters, tally
from skills.committee.text import join_names

ACTION = "genai:committee"
MARKS = {"yes": "○", "maybe": "△", "no": "×"}


def _names(members: list[str], lang: str) -> str:
    return join_names(lang, members)


def gap_for(lang: str) -> str:
    """The space between columns: a full-width space in Japanese, two spaces in English."""
    return "  " if lang == "en" else "　"


def _progress(lang: str, name: str, done: int, total: int) -> str:
    """A member who answered some slots: 'sato（2/5）'; nothing yet: just the name."""
    return t(lang, "committee.poll.progress", name=name, done=done, total=total) if done else name


def option_row(lang: str, tz: str, row: OptionTally, *, chosen: bool) -> str:
    o = row.option
    when = format_span(o.start, o.end, lang, tz)
    star = "★ " if chosen else ""
    counts = "  ".join(f"{MARKS[a]} {len(row.answered(a))}" for a in MARKS)
    gap = gap_for(lang)
    lines = [f"*{star}{o.position}. {when}*{gap}{counts}"]
    who = [f"{MARKS[a]} {_names([m.name for m in row.answered(a)], lang)}" for a in MARKS if row.answered(a)]
    if who:
        lines.append(gap + gap.join(who))
    return "\n".join(lines)


def past_deadline(state: PollState, now: datetime | None) -> bool:
    """The poll is open but its deadline has come: it takes no more answers."""
    deadline = state.poll.deadline
    return state.poll.status == "open" and deadline is not None and now is not None and now >= deadline


def _header(lang: str, tz: str, state: PollState, now: datetime | None) -> list[Block]:
    meeting, poll = state.meeting, state.poll
    blocks: list[Block] = [Text(t(lang, "committee.poll.title", title=meeting.title))]
    if meeting.status == "confirmed" and meeting.start and meeting.end:
        when = format_span(meeting.start, meeting.end, lang, tz)
        blocks.append(Text(t(lang, "committee.poll.confirmed", when=when)))
    elif meeting.status == "cancelled":
        blocks.append(Text(t(lang, "committee.poll.cancelled")))
    elif poll.status == "closed":
        blocks.append(Text(t(lang, "committee.poll.closed")))
    elif past_deadline(state, now) and poll.deadline is not None:
        blocks.append(Text(t(lang, "committee.poll.deadline_passed", when=format_when(poll.deadline, lang, tz))))
    else:
        deadline = ""
        if poll.deadline is not None:
            day = poll.deadline.astimezone(ZoneInfo(tz)).date()
            deadline = t(lang, "committee.poll.deadline", date=format_day(day, lang))
        blocks.append(Text(t(lang, "committee.poll.instructions") + (f"\n{deadline}" if deadline else "")))
    return blocks


def poll_message(state: PollState, lang: str, now: datetime | None = None) -> Reply:
    """The whole poll message in `lang`, times in the committee's time zone; buttons while it takes answers
    (open and, when `now` is given, before its deadline)."""
    tz = state.committee.timezone
    is_open = state.poll.status == "open" and not past_deadline(state, now)
    blocks = _header(lang, tz, state, now)
    blocks.append(Divider())
    for row in tally(state):
        chosen = not is_open and row.option.id == state.poll.chosen_option_id
        blocks.append(Text(option_row(lang, tz, row, chosen=chosen)))
        if is_open:
            poll, n = state.poll.id, row.option.position
            blocks.append(Actions(tuple(Button(MARKS[a], ACTION, f"vote {poll} {n} {a}") for a in MARKS)))
    blocks.append(Divider())
    waiting = non_voters(state)
    if waiting and state.poll.status == "open":
        total = len(state.options)
        names = [_progress(lang, m.name, answered_count(state, m.id), total) for m in waiting]
        blocks.append(Text(t(lang, "committee.poll.waiting", names=_names(names, lang))))
    if is_open:
        blocks.append(Text(t(lang, "committee.poll.typed_vote", poll=state.poll.id)))
    return Reply(blocks=blocks, ephemeral=False)
