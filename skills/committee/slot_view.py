"""Slot candidates as a reply: each candidate with who is free, busy or unknown; or why there is none."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from genai_bot.calendar.messages import fallback_message
from genai_bot.commands import CommandContext
from genai_bot.dates import format_day
from genai_bot.messages import Actions, Button, Reply, Text
from skills.committee.availability import SlotFinding, SlotQuery
from skills.committee.dates import format_span
from skills.committee.deadlines import deadline_example
from skills.committee.slots import Candidate, NoSlotCode, NoSlotReason
from skills.committee.text import join_names

ACTION = "genai:committee"


def query_args(query: SlotQuery) -> str:
    """The window and options of `query` as command arguments (for the poll button and typed command)."""
    words = [query.first.isoformat(), query.last.isoformat(), "--duration", str(query.duration)]
    if query.buffer:
        words += ["--buffer", str(query.buffer)]
    if query.lunch:
        words.append("--lunch")
    words += ["--max", str(query.max_candidates)]
    return " ".join(words)


def window_text(ctx: CommandContext, query: SlotQuery) -> str:
    first = format_day(query.first, ctx.lang)
    dash = "–" if ctx.lang == "en" else "〜"
    return first if query.first == query.last else f"{first}{dash}{format_day(query.last, ctx.lang)}"


def _names(ctx: CommandContext, finding: SlotFinding, ids: list[str], *, skip: set[int] | None = None) -> str:
    names = [finding.name_of(i) for i in ids if not skip or int(i) not in skip]
    return join_names(ctx.lang, names) if names else "—"


def candidate_lines(ctx: CommandContext, finding: SlotFinding, number: int, c: Candidate) -> str:
    when = format_span(c.start, c.end, ctx.lang, ctx.person.timezone)
    known_free = [i for i in c.free if int(i) not in finding.unknown]
    if c.busy:
        headline = ctx.t("committee.slots.some_busy", count=len(c.busy))
    elif not known_free:  # nobody's calendar is known: nothing to promise yet
        headline = ctx.t("committee.slots.nobody_known")
    elif finding.unknown & {int(i) for i in c.free}:
        headline = ctx.t("committee.slots.everyone_known")
    else:
        headline = ctx.t("committee.slots.everyone")
    lines = [f"*{number}. {when}* — {headline}"]
    if known_free:
        lines.append(f"    {ctx.t('committee.slots.free')}: {_names(ctx, finding, known_free)}")
    if c.busy:
        lines.append(f"    {ctx.t('committee.slots.busy')}: {_names(ctx, finding, c.busy)}")
    unknown = [i for i in c.free if int(i) in finding.unknown]
    if unknown:
        lines.append(f"    {ctx.t('committee.slots.unknown')}: {_names(ctx, finding, unknown)}")
    return "\n".join(lines)


def notes(ctx: CommandContext, finding: SlotFinding) -> list[str]:
    out = [fallback_message(ctx.lang, code) for code in finding.warnings]
    if finding.trimmed_from is not None:
        asked = format_day(finding.trimmed_from, ctx.lang)
        out.append(ctx.t("committee.slots.trimmed", asked=asked, today=format_day(finding.query.first, ctx.lang)))
    if finding.unknown:
        names = join_names(ctx.lang, (finding.name_of(i) for i in sorted(finding.unknown)))
        out.append(ctx.t("calendar.unknown_people", names=names))
    return out


def slots_reply(ctx: CommandContext, finding: SlotFinding) -> Reply:
    """The candidates with a "start a poll" button; or the reasons there are none (an error reply)."""
    if not finding.result.candidates:
        return no_slots_reply(ctx, finding)
    c, q = finding.committee, finding.query
    title = ctx.t("committee.slots.title", committee=c.name, window=window_text(ctx, q), duration=q.duration)
    blocks: list[Text | Actions] = [Text(title)]
    blocks.append(
        Text(
            "\n".join(
                candidate_lines(ctx, finding, i, cand) for i, cand in enumerate(finding.result.candidates, start=1)
            )
        )
    )
    blocks.extend(Text(f"⚠️ {note}") for note in notes(ctx, finding))
    command = f"poll {c.id} {query_args(q)}"
    blocks.append(Actions((Button(ctx.t("committee.slots.start_poll"), ACTION, command, style="primary"),)))
    example = deadline_example(
        ctx, c.timezone, min(x.start.astimezone(ZoneInfo(c.timezone)).date() for x in finding.result.candidates)
    )
    if example:
        blocks.append(Text(ctx.t("committee.slots.typed_poll", command=f"/genai committee {command}", example=example)))
    else:
        blocks.append(Text(ctx.t("committee.slots.typed_poll_plain", command=f"/genai committee {command}")))
    return Reply(blocks=list(blocks))


def reason_text(ctx: CommandContext, finding: SlotFinding, reason: NoSlotReason) -> str:
    duration = finding.query.duration
    if reason.code == NoSlotCode.WINDOW_TOO_SHORT:
        return ctx.t("committee.slots.reason.window_too_short", duration=duration)
    if reason.code == NoSlotCode.MEMBER_BUSY_THROUGHOUT:
        return ctx.t(
            "committee.slots.reason.member_busy", member=finding.name_of(reason.args["member"]), duration=duration
        )
    required = [m.name for m in finding.members if m.required]
    return ctx.t("committee.slots.reason.no_common_time", members=join_names(ctx.lang, required))


def no_slots_reply(ctx: CommandContext, finding: SlotFinding) -> Reply:
    c, q = finding.committee, finding.query
    lines = [ctx.t("committee.slots.none", committee=c.name, window=window_text(ctx, q), duration=q.duration)]
    lines += [f"• {reason_text(ctx, finding, r)}" for r in finding.result.reasons]
    lines.append(ctx.t("committee.slots.suggest"))
    busy_members = [r.args["member"] for r in finding.result.reasons if r.code == NoSlotCode.MEMBER_BUSY_THROUGHOUT]
    if busy_members:
        lines.append(ctx.t("committee.slots.suggest_optional", committee=c.id, member=finding.name_of(busy_members[0])))
    lines += [f"⚠️ {note}" for note in notes(ctx, finding)]
    return Reply.text("\n".join(lines), is_error=True)
