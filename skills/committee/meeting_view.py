"""Replies for the meeting steps: poll opened, vote recorded, poll closed, meeting confirmed, agenda, minutes."""

from __future__ import annotations

from datetime import datetime

from genai_bot.calendar.messages import event_failure_message
from genai_bot.commands import CommandContext
from genai_bot.messages import Actions, Block, Button, Reply, Text
from skills.committee.cancel import Cancellation
from skills.committee.confirm import Confirmation
from skills.committee.dates import format_span, format_when
from skills.committee.minutes import ThreadItem
from skills.committee.models import Committee, Meeting
from skills.committee.poll_view import ACTION, MARKS, gap_for, poll_message
from skills.committee.polls import VoteOutcome
from skills.committee.store import PollState
from skills.committee.tally import OptionTally
from skills.committee.text import join_names

_PREVIEW = 200


def _span(ctx: CommandContext, start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return "—"
    return format_span(start, end, ctx.lang, ctx.person.timezone)


def poll_opened_reply(ctx: CommandContext, state: PollState, *, posted: bool) -> Reply:
    deadline = format_when(state.poll.deadline, ctx.lang, ctx.person.timezone) if state.poll.deadline else "—"
    text = ctx.t(
        "committee.poll.opened",
        title=state.meeting.title,
        poll=state.poll.id,
        count=len(state.options),
        deadline=deadline,
    )
    if posted:
        return Reply.text(text)
    message = poll_message(state, ctx.lang, ctx.services.clock.now())
    message.blocks.insert(0, Text(text))
    return message


def vote_reply(ctx: CommandContext, state: PollState, outcomes: list[VoteOutcome], *, show_tally: bool) -> Reply:
    lines = []
    for o in outcomes:
        when = _span(ctx, o.option.start, o.option.end)
        key = "committee.vote.recorded" if o.changed else "committee.vote.unchanged"
        lines.append(ctx.t(key, mark=MARKS[o.answer], number=o.option.position, when=when))
    if outcomes and outcomes[0].member.user_id != ctx.person.user_id:
        lines.insert(0, ctx.t("committee.vote.for", member=outcomes[0].member.name))
    reply = Reply.text("\n".join(lines))
    if show_tally:
        reply.blocks.extend(poll_message(state, ctx.lang, ctx.services.clock.now()).blocks)
    return reply


def _ranking_line(ctx: CommandContext, row: OptionTally) -> str:
    counts = "  ".join(f"{MARKS[a]} {len(row.answered(a))}" for a in MARKS)
    return f"{row.option.position}. {_span(ctx, row.option.start, row.option.end)}{gap_for(ctx.lang)}{counts}"


def closed_reply(ctx: CommandContext, state: PollState, ranking: list[OptionTally]) -> Reply:
    best = ranking[0]
    required = sum(1 for m in state.members if m.required)
    blocks: list[Block] = [
        Text(
            ctx.t(
                "committee.close.done",
                title=state.meeting.title,
                best=_ranking_line(ctx, best),
                yes=best.required_yes,
                required=required,
            )
        )
    ]
    if not state.votes:
        blocks.append(Text("⚠️ " + ctx.t("committee.close.no_answers")))
    if best.required_no:
        blocks.append(
            Text(
                "⚠️ "
                + ctx.t(
                    "committee.close.required_absent", names=join_names(ctx.lang, (m.name for m in best.required_no))
                )
            )
        )
    if len(ranking) > 1:
        others = "\n".join(_ranking_line(ctx, row) for row in ranking[1:])
        blocks.append(Text(f"*{ctx.t('committee.close.others')}*\n{others}"))
    command = f"confirm {state.poll.id} {best.option.position}"
    blocks.append(Actions((Button(ctx.t("committee.close.confirm_button"), ACTION, command, style="primary"),)))
    blocks.append(Text(ctx.t("committee.close.typed_confirm", poll=state.poll.id)))
    return Reply(blocks=blocks)


def _calendar_line(ctx: CommandContext, done: Confirmation) -> str:
    if done.event_id:
        return ctx.t("committee.confirm.event_created")
    if done.event_warning == "no_organiser_email":
        return ctx.t("committee.confirm.no_organiser_email", committee=done.state.committee.id)
    if done.event_warning:
        return event_failure_message(ctx.lang, done.event_warning)
    return ctx.t("committee.confirm.no_graph")


def confirmed_reply(ctx: CommandContext, done: Confirmation) -> Reply:
    meeting = done.state.meeting
    where = meeting.location or ctx.t("committee.location_unset")
    lines = [
        ctx.t(
            "committee.confirm.done",
            title=meeting.title,
            when=_span(ctx, meeting.start, meeting.end),
            location=where,
            meeting=meeting.id,
        ),
        "• " + _calendar_line(ctx, done),
    ]
    if done.ics_posted:
        lines.append("• " + ctx.t("committee.confirm.ics_posted"))
    elif done.ics_error:
        lines.append("• " + ctx.t("committee.confirm.ics_failed", code=done.ics_error))
    if done.thread_id:
        lines.append("• " + ctx.t("committee.confirm.thread_opened"))
    if done.reminders:
        tz = ctx.person.timezone
        labels = join_names(
            ctx.lang,
            (
                ctx.t(
                    "committee.reminder.item",
                    label=ctx.t(f"committee.reminder.label.{r.kind}"),
                    when=format_when(r.due, ctx.lang, tz),
                )
                for r in done.reminders
            ),
        )
        lines.append("• " + ctx.t("committee.confirm.reminders", reminders=labels))
    else:
        lines.append("• " + ctx.t("committee.confirm.no_reminders"))
    lines.append(ctx.t("committee.confirm.next", meeting=meeting.id))
    return Reply.text("\n".join(lines))


def agenda_reply(ctx: CommandContext, committee: Committee, meeting: Meeting, items: list[ThreadItem]) -> Reply:
    when = _span(ctx, meeting.start, meeting.end)
    title = ctx.t("committee.agenda.title", title=meeting.title, when=when, committee=committee.name)
    if not items:
        return Reply(blocks=[Text(title), Text(ctx.t("committee.agenda.empty"))])
    lines = []
    for number, item in enumerate(items, start=1):
        text = " ".join(item.message.text.split())
        text = text if len(text) <= _PREVIEW else text[:_PREVIEW] + "…"
        lines.append(f"{number}. {text} — {item.author}")
    return Reply(
        blocks=[
            Text(title),
            Text("\n".join(lines)),
            Text(ctx.t("committee.agenda.footer", count=len(items), meeting=meeting.id)),
        ]
    )


def minutes_reply(
    ctx: CommandContext, meeting: Meeting, text: str, *, saved: bool, source: str = "", items: int = 0
) -> Reply:
    title = ctx.t("committee.minutes.title", title=meeting.title)
    if saved:
        note = ctx.t("committee.minutes.saved_note", meeting=meeting.id)
    elif source == "thread":
        note = ctx.t("committee.minutes.from_thread", count=items, meeting=meeting.id)
    else:
        note = ctx.t("committee.minutes.from_notes", meeting=meeting.id)
    return Reply(blocks=[Text(title), Text(text), Text(note)])


def cancelled_reply(ctx: CommandContext, done: Cancellation) -> Reply:
    meeting = done.meeting
    lines = [ctx.t("committee.cancel.done", title=meeting.title, meeting=meeting.id)]
    if done.notice_posted:
        lines.append("• " + ctx.t("committee.cancel.notice_posted"))
    if done.ics_posted:
        lines.append("• " + ctx.t("committee.cancel.ics_posted"))
    if done.error:
        lines.append("• " + ctx.t("committee.cancel.post_failed", code=done.error))
    lines.append("• " + ctx.t("committee.cancel.reminders", count=done.reminders))
    return Reply.text("\n".join(lines))
