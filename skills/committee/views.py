"""Committees as replies: the list, one committee in detail, member lines."""

from __future__ import annotations

from dataclasses import dataclass

from genai_bot import refs
from genai_bot.commands import CommandContext
from genai_bot.messages import Divider, Fields, Reply, Text
from skills.committee.dates import format_span, format_when
from skills.committee.models import Committee, CommitteeMember, Meeting, Poll
from skills.committee.text import join_names


@dataclass(frozen=True)
class CommitteeSummary:
    committee: Committee
    members: int
    my_role: str | None


def role_label(ctx: CommandContext, role: str) -> str:
    return ctx.t(f"committee.role.{role}")


def member_line(ctx: CommandContext, m: CommitteeMember) -> str:
    attendance = ctx.t("committee.required" if m.required else "committee.optional")
    details = [role_label(ctx, m.role), attendance]
    who = m.name
    if m.user_id is None:
        details.append(ctx.t("committee.external"))
    extra = [x for x in (m.organisation, m.email) if x]
    if m.working_start and m.working_end:
        extra.append(f"{m.working_start}–{m.working_end}")
    if m.timezone and m.timezone != "Asia/Tokyo":
        extra.append(m.timezone)
    tail = f" — {' / '.join(extra)}" if extra else ""
    return ctx.t("committee.member_line", name=who, details=ctx.t("committee.detail_sep").join(details), tail=tail)


def channel_text(ctx: CommandContext, committee: Committee) -> str:
    if not committee.channel_id:
        return ctx.t("committee.no_channel")
    return refs.room_link(committee.channel_id)


def committee_list(ctx: CommandContext, summaries: list[CommitteeSummary], *, include_archived: bool) -> Reply:
    if not summaries:
        key = "committee.list.empty_all" if include_archived else "committee.list.empty"
        return Reply.text(ctx.t(key))
    lines = []
    for item in summaries:
        c = item.committee
        status = f" {ctx.t('committee.archived_mark')}" if c.status != "active" else ""
        mine = f" — {ctx.t('committee.list.you', role=role_label(ctx, item.my_role))}" if item.my_role else ""
        lines.append(f"• *{c.name}* (#{c.id}){status} — {ctx.t('committee.list.members', count=item.members)}{mine}")
    title = ctx.t("committee.list.title_all" if include_archived else "committee.list.title", count=len(summaries))
    return Reply(blocks=[Text(title), Text("\n".join(lines)), Text(ctx.t("committee.list.footer"))])


def committee_detail(
    ctx: CommandContext,
    committee: Committee,
    members: list[CommitteeMember],
    meetings: list[tuple[Meeting, Poll | None]],
    *,
    names_only: bool = False,
) -> Reply:
    """The committee; for someone not on it (`names_only`), members by name only and no meetings."""
    tz, lang = ctx.person.timezone, ctx.lang
    status = ctx.t("committee.status.active" if committee.status == "active" else "committee.status.archived")
    pairs = [
        (ctx.t("committee.field.id"), f"#{committee.id}"),
        (ctx.t("committee.field.status"), status),
        (ctx.t("committee.field.channel"), channel_text(ctx, committee)),
        (ctx.t("committee.field.created"), format_when(committee.created_at, lang, tz)),
    ]
    blocks: list[Text | Fields | Divider] = [Text(f"*{committee.name}*")]
    if committee.description:
        blocks.append(Text(committee.description))
    blocks.append(Fields(tuple(pairs)))
    if names_only:
        names = join_names(ctx.lang, (m.name for m in members))
        blocks.append(Text(f"*{ctx.t('committee.members_title', count=len(members))}*\n{names}"))
        blocks.append(Text(ctx.t("committee.details_members_only")))
        return Reply(blocks=list(blocks))
    blocks.append(
        Text(
            f"*{ctx.t('committee.members_title', count=len(members))}*\n"
            + "\n".join(member_line(ctx, m) for m in members)
        )
    )
    if meetings:
        blocks.append(
            Text(f"*{ctx.t('committee.meetings_title')}*\n" + "\n".join(meeting_line(ctx, m, p) for m, p in meetings))
        )
    return Reply(blocks=list(blocks))


def meeting_line(ctx: CommandContext, meeting: Meeting, poll: Poll | None) -> str:
    status = ctx.t(f"committee.meeting_status.{meeting.status}")
    when = ""
    if meeting.start and meeting.end:
        when = " " + format_span(meeting.start, meeting.end, ctx.lang, ctx.person.timezone)
    poll_text = ""
    if poll is not None and poll.status == "open":
        poll_text = " — " + ctx.t("committee.poll_ref", poll=poll.id)
    status = f" ({status})" if ctx.lang == "en" else f"（{status}）"
    return f"• #{meeting.id} {meeting.title}{status}{when}{poll_text}"
