"""Handlers for `create`, `list`, `show`, `archive`, `member …` and `calendar import`: read the arguments (or
a submitted form), call the service, render the reply."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

from sqlmodel import col, select

from genai_bot.calendar.local import import_ics
from genai_bot.calendar.messages import issue_message
from genai_bot.commands import CommandContext
from genai_bot.errors import FieldError, UserFacingError
from genai_bot.messages import Reply, Text
from genai_bot.text import fold
from skills.committee.committees import (
    MemberChanges,
    NewMember,
    add_members,
    archive_committee,
    create_committee,
    remove_member,
    update_member,
)
from skills.committee.forms import create_form, member_form
from skills.committee.models import Meeting
from skills.committee.polls import polls_of
from skills.committee.settings import parse_hours
from skills.committee.store import committees_in, find_committee, find_member, member_for, member_key, members_of
from skills.committee.store import require_secretariat as _require_secretariat
from skills.committee.text import (
    Option,
    ParsedArgs,
    channel_of,
    email_of,
    join_names,
    mentioned_user,
    parse_options,
    role_of,
    tokenize,
    usage_error,
)
from skills.committee.views import CommitteeSummary, committee_detail, committee_list, member_line, role_label

MAX_ICS_BYTES = 5 * 1024 * 1024
_CREATE_OPTIONS = (
    Option("channel", ("チャンネル", "ch")),
    Option("email", ("メール", "mail")),
    Option("description", ("説明",)),
)
_MEMBER_OPTIONS = (
    Option("name", ("氏名", "名前")),
    Option("org", ("所属", "organisation", "organization")),
    Option("role", ("役割", "役職")),
    Option("email", ("メール", "mail")),
    Option("tz", ("timezone", "タイムゾーン")),
    Option("hours", ("勤務時間",)),
    Option("optional", ("任意",), takes_value=False),
    Option("required", ("必須",), takes_value=False),
)


async def create(ctx: CommandContext, args: str) -> Reply:
    if "name" in ctx.extra:
        return await _create_from_form(ctx)
    parsed = parse_options(tokenize(args), _CREATE_OPTIONS)
    if not parsed.positionals:
        return create_form(ctx)
    channel = None
    if parsed.get("channel"):
        channel = channel_of(parsed.get("channel") or "", ctx.room.channel_id)
        if channel is None:
            raise UserFacingError("committee.error.bad_channel", value=parsed.get("channel"))
    email = _email_option(parsed)
    committee = await create_committee(
        ctx, " ".join(parsed.positionals), channel_id=channel, description=parsed.get("description"), email=email
    )
    return _created(ctx, committee.name, committee.id or 0, [])


async def _create_from_form(ctx: CommandContext) -> Reply:
    extra = ctx.extra
    email = None
    if extra.get("email", "").strip():
        email = email_of(extra["email"])
        if email is None:
            raise FieldError("email", "committee.error.bad_email", value=extra["email"])
    channel = ctx.room.channel_id if extra.get("channel", "here") == "here" and not ctx.room.is_direct else None
    committee = await create_committee(
        ctx,
        extra.get("name", ""),
        channel_id=channel,
        description=extra.get("description", "").strip() or None,
        email=email,
    )
    users = [u for u in extra.get("members", "").split(",") if u.strip() and u.strip() != ctx.person.user_id]
    added: list[str] = []
    if users:
        _, added = await add_members(ctx, str(committee.id), [NewMember(user_id=u.strip()) for u in users])
    return _created(ctx, committee.name, committee.id or 0, added)


def _created(ctx: CommandContext, name: str, committee_id: int, added: list[str]) -> Reply:
    lines = [ctx.t("committee.created", committee=name, id=committee_id)]
    if added:
        lines.append(
            ctx.t("committee.members_added", committee=name, count=len(added), names=join_names(ctx.lang, added))
        )
    lines.append(ctx.t("committee.created_next", id=committee_id))
    return Reply.text("\n".join(lines))


def _email_option(parsed: ParsedArgs) -> str | None:
    raw = parsed.get("email")
    if raw is None:
        return None
    email = email_of(raw)
    if email is None:
        raise UserFacingError("committee.error.bad_email", value=raw)
    return email


async def list_committees(ctx: CommandContext, args: str) -> Reply:
    parsed = parse_options(tokenize(args), (Option("all", ("全て", "すべて", "archived"), takes_value=False),))
    include_archived = parsed.has("all")
    async with ctx.services.db.session() as s:
        summaries = []
        for committee in await committees_in(s, ctx.person, include_archived=include_archived):
            members = await members_of(s, committee.id or 0)
            mine = member_for(members, ctx.person)
            summaries.append(CommitteeSummary(committee, len(members), mine.role if mine else None))
    return committee_list(ctx, summaries, include_archived=include_archived)


async def show(ctx: CommandContext, args: str) -> Reply:
    ref = _one_ref(args, "show")
    async with ctx.services.db.session() as s:
        committee = await find_committee(s, ctx.person, ref)
        members = await members_of(s, committee.id or 0)
        meetings = list(
            (
                await s.exec(
                    select(Meeting)
                    .where(Meeting.committee_id == committee.id)
                    .order_by(col(Meeting.id).desc())
                    .limit(10)
                )
            ).all()
        )
    if member_for(members, ctx.person) is None:
        return committee_detail(ctx, committee, members, [], names_only=True)
    polls = await polls_of(ctx, [m.id or 0 for m in meetings])
    return committee_detail(ctx, committee, members, [(m, polls.get(m.id or 0)) for m in meetings])


async def archive(ctx: CommandContext, args: str) -> Reply:
    committee = await archive_committee(ctx, _one_ref(args, "archive"))
    return Reply.text(ctx.t("committee.archived", committee=committee.name))


def _one_ref(args: str, sub: str) -> str:
    tokens = tokenize(args)
    if not tokens:
        raise usage_error(sub)
    return " ".join(tokens)


# --- member ----------------------------------------------------------------------------------------------------


async def member(ctx: CommandContext, args: str) -> Reply:
    """`member` without add / remove / role / set: show how it is used."""
    raise usage_error("member")


async def member_add(ctx: CommandContext, args: str) -> Reply:
    if "role" in ctx.extra:
        return await _member_add_from_form(ctx, args)
    tokens = tokenize(args)
    if not tokens:
        raise usage_error("member")
    parsed = parse_options(tokens[1:], _MEMBER_OPTIONS)
    people = _people(parsed)
    if not people:
        async with ctx.services.db.session() as s:
            committee = await find_committee(s, ctx.person, tokens[0])
            _require_secretariat(committee, await members_of(s, committee.id or 0), ctx.person)
        return member_form(ctx, committee)
    committee, names = await add_members(ctx, tokens[0], people)
    return Reply.text(
        ctx.t("committee.members_added", committee=committee.name, count=len(names), names=join_names(ctx.lang, names))
    )


def _people(parsed: ParsedArgs) -> list[NewMember]:
    required = False if parsed.has("optional") else (True if parsed.has("required") else None)
    template = NewMember(
        role=_role(parsed.get("role")),
        required=required,
        timezone=parsed.get("tz"),
        hours=_hours(parsed.get("hours")),
        organisation=parsed.get("org"),
    )
    people: list[NewMember] = []
    for word in parsed.positionals:
        user_id, email = mentioned_user(word), email_of(word)
        if user_id is None and email is None:
            raise UserFacingError("committee.error.bad_member_ref", value=word)
        people.append(replace(template, user_id=user_id, email=email))
    name = parsed.get("name")
    if name or parsed.get("email"):
        if len(people) > 1:
            raise UserFacingError("committee.error.one_at_a_time")
        base = people[0] if people else template
        email = _email_option(parsed) or base.email
        people = [replace(base, email=email, name=name)]
    return people


def _role(word: str | None) -> str:
    if word is None:
        return "member"
    role = role_of(word)
    if role is None:
        raise UserFacingError("committee.error.bad_role", value=word)
    return role


def _hours(word: str | None) -> tuple[str, str] | None:
    if word is None:
        return None
    try:
        start, end = parse_hours(fold(word))
    except ValueError:
        raise UserFacingError("committee.error.bad_hours", value=word) from None
    return f"{start:%H:%M}", f"{end:%H:%M}"


async def _member_add_from_form(ctx: CommandContext, ref: str) -> Reply:
    extra = ctx.extra
    role = role_of(extra.get("role", "member")) or "member"
    required = extra.get("attendance", "required") != "optional"
    people = [
        NewMember(user_id=u.strip(), role=role, required=required)
        for u in extra.get("users", "").split(",")
        if u.strip()
    ]
    name, raw_email = extra.get("external_name", "").strip(), extra.get("external_email", "").strip()
    if name or raw_email:
        email = email_of(raw_email) if raw_email else None
        if raw_email and email is None:
            raise FieldError("external_email", "committee.error.bad_email", value=raw_email)
        people.append(
            NewMember(
                email=email,
                name=name or None,
                role=role,
                required=required,
                organisation=extra.get("external_org", "").strip() or None,
            )
        )
    if not people:
        raise FieldError("users", "committee.error.nobody_to_add")
    committee, names = await add_members(ctx, ref, people)
    return Reply.text(
        ctx.t("committee.members_added", committee=committee.name, count=len(names), names=join_names(ctx.lang, names))
    )


async def member_remove(ctx: CommandContext, args: str) -> Reply:
    tokens = tokenize(args)
    if len(tokens) < 2:
        raise usage_error("member")
    committee, name = await remove_member(ctx, tokens[0], " ".join(tokens[1:]))
    return Reply.text(ctx.t("committee.member_removed", committee=committee.name, member=name))


async def member_role(ctx: CommandContext, args: str) -> Reply:
    parsed = parse_options(tokenize(args), _MEMBER_OPTIONS)
    if len(parsed.positionals) < 3:
        raise usage_error("member")
    ref, who, role_word = parsed.positionals[0], " ".join(parsed.positionals[1:-1]), parsed.positionals[-1]
    required = False if parsed.has("optional") else (True if parsed.has("required") else None)
    committee, changed = await update_member(ctx, ref, who, MemberChanges(role=_role(role_word), required=required))
    return Reply.text(ctx.t("committee.member_updated", committee=committee.name, line=member_line(ctx, changed)))


async def member_set(ctx: CommandContext, args: str) -> Reply:
    parsed = parse_options(tokenize(args), _MEMBER_OPTIONS)
    if len(parsed.positionals) < 2:
        raise usage_error("member")
    changes = MemberChanges(
        role=_role(parsed.get("role")) if parsed.get("role") else None,
        required=False if parsed.has("optional") else (True if parsed.has("required") else None),
        email=_email_option(parsed),
        organisation=parsed.get("org"),
        name=parsed.get("name"),
        timezone=parsed.get("tz"),
        hours=_hours(parsed.get("hours")),
    )
    if changes.empty:
        raise UserFacingError("committee.error.nothing_to_change")
    committee, changed = await update_member(ctx, parsed.positionals[0], " ".join(parsed.positionals[1:]), changes)
    return Reply.text(ctx.t("committee.member_updated", committee=committee.name, line=member_line(ctx, changed)))


# --- calendar import -------------------------------------------------------------------------------------------


async def calendar(ctx: CommandContext, args: str) -> Reply:
    """`calendar import <committee> <member> <path>`: a local .ics file; console (operator) only."""
    tokens = tokenize(args)
    if not tokens or fold(tokens[0]) not in ("import", "取込", "取り込み", "インポート") or len(tokens) < 4:
        raise usage_error("calendar")
    if not ctx.reads_local_files:
        raise UserFacingError("committee.error.import_console_only")
    ref, who, path = tokens[1], " ".join(tokens[2:-1]), tokens[-1]
    async with ctx.services.db.session() as s:
        committee = await find_committee(s, ctx.person, ref)
        members = await members_of(s, committee.id or 0)
        _require_secretariat(committee, members, ctx.person)
        target = find_member(committee, members, who)
    data = await asyncio.to_thread(_read_ics, path)
    result = await import_ics(
        ctx.services.db,
        member_key(target),
        data,
        now=ctx.services.clock.now(),
        zone=target.timezone or committee.timezone,
    )
    await ctx.services.audit.record(
        actor=ctx.person.key,
        action="committee.calendar_imported",
        target=f"committee:{committee.id}",
        organisation=ctx.person.organisation,
        member=target.id,
        blocks=result.count,
    )
    lines = [
        ctx.t("committee.calendar_imported", member=target.name, role=role_label(ctx, target.role)),
        ctx.t("calendar.import_done", count=result.count, skipped=result.skipped),
    ]
    if result.errors:
        lines.append(ctx.t("calendar.import_issues", count=len(result.errors)))
        lines += [f"• {issue.uid or '—'}: {issue_message(ctx.lang, issue)}" for issue in result.errors[:5]]
    return Reply(blocks=[Text("\n".join(lines))])


def _read_ics(name: str) -> bytes:
    path = Path(name).expanduser()
    try:
        if path.stat().st_size > MAX_ICS_BYTES:
            raise UserFacingError(
                "calendar.ics_too_large",
                size_mb=f"{path.stat().st_size / 1048576:.1f}",
                limit_mb=f"{MAX_ICS_BYTES / 1048576:.0f}",
            )
        return path.read_bytes()
    except OSError:
        raise UserFacingError("committee.error.file_unreadable", path=str(path)) from None
