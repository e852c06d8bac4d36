"""Handlers of `/genai digest …`: subscribe, unsubscribe, list, preview, channel, quiet, follow, unfollow, and
the Snooze / Turn off buttons of every digest."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlmodel import col

from genai_bot import refs
from genai_bot.chat import ChatError
from genai_bot.commands import CommandContext
from genai_bot.dates import format_day
from genai_bot.errors import UserFacingError
from genai_bot.messages import Reply, Room
from genai_bot.text import fold
from skills.digest.content import gather_personal, render_digest
from skills.digest.fanout import digest_key
from skills.digest.models import DigestSubscription
from skills.digest.schedule import parse_quiet, parse_schedule, zone
from skills.digest.store import (
    follow,
    follows_of,
    get_subscription,
    quiet_hours,
    set_quiet_hours,
    subscriptions_of,
    unfollow,
    upsert_subscription,
)

__all__ = [
    "channel",
    "follow_channel",
    "list_subscriptions",
    "preview",
    "quiet",
    "snooze",
    "subscribe",
    "turn_off",
    "unfollow_channel",
    "unsubscribe",
]

SNOOZE = timedelta(days=1)
_HERE = {"here", "ここ", "このチャンネル"}
_ALL = {"all", "全部", "すべて"}


async def subscribe(ctx: CommandContext, args: str) -> Reply:
    schedule = parse_schedule(args)
    tz = zone(ctx.person.timezone, ctx.services.settings.tz)
    sub, _ = await upsert_subscription(ctx.services.db, ctx.person, schedule, tz=tz, now=ctx.services.clock.now())
    await _audit(ctx, "digest.subscribed", sub)
    return Reply.text(ctx.t("digest.subscribed", id=sub.id, when=_when(ctx, sub), next=_next(ctx, sub)))


async def channel(ctx: CommandContext, args: str) -> Reply:
    words = args.split(maxsplit=1)
    if len(words) < 2:
        raise UserFacingError("digest.error.channel_usage")
    room = _room_of(ctx, words[0])
    name = await _member_check(ctx, room)
    schedule = parse_schedule(words[1])
    tz = ctx.services.settings.tz
    sub, _ = await upsert_subscription(
        ctx.services.db,
        ctx.person,
        schedule,
        tz=tz,
        now=ctx.services.clock.now(),
        channel_id=room.channel_id,
        channel_name=name,
    )
    await _audit(ctx, "digest.channel_subscribed", sub)
    return Reply.text(
        ctx.t("digest.channel_subscribed", id=sub.id, channel=_channel_label(sub), when=_when(ctx, sub)),
        ephemeral=True,
    )


async def unsubscribe(ctx: CommandContext, args: str) -> Reply:
    """No argument: every personal digest of mine; a number: that subscription (mine, or my channel's)."""
    word = fold(args)
    subs = await subscriptions_of(ctx.services.db, ctx.person)
    if word and word not in _ALL:
        sub = await _own(ctx, word)
        targets = [sub]
    else:
        targets = [s for s in subs if s.channel_id is None or word in _ALL]
    if not targets:
        raise UserFacingError("digest.error.none")
    for sub in targets:
        await _turn_off(ctx, sub)
    return Reply.text(ctx.t("digest.unsubscribed", count=len(targets)))


async def list_subscriptions(ctx: CommandContext, args: str) -> Reply:
    db = ctx.services.db
    subs = await subscriptions_of(db, ctx.person)
    lines = [f"*{ctx.t('digest.list.title')}*"]
    if not subs:
        lines.append(ctx.t("digest.list.none"))
    for sub in subs:
        key = "digest.list.channel_line" if sub.channel_id else "digest.list.line"
        snoozed = sub.snoozed_until is not None and sub.snoozed_until > ctx.services.clock.now()
        line = ctx.t(key, id=sub.id, when=_when(ctx, sub), channel=_channel_label(sub), next=_next(ctx, sub))
        lines.append(line + (ctx.t("digest.list.snoozed") if snoozed else ""))
    quiet_now = await quiet_hours(db, ctx.person.platform, ctx.person.team_id, ctx.person.user_id)
    if quiet_now:
        lines.append(ctx.t("digest.list.quiet", start=f"{quiet_now[0]:%H:%M}", end=f"{quiet_now[1]:%H:%M}"))
    follows = await follows_of(db, ctx.person.platform, ctx.person.team_id, ctx.person.user_id)
    if follows:
        channels = ", ".join(refs.room_link(f.channel_id, f.channel_name) for f in follows)
        lines.append(ctx.t("digest.list.follows", channels=channels))
    return Reply.text("\n".join(lines))


async def preview(ctx: CommandContext, args: str) -> Reply:
    """Today's digest now, to me only (in any adapter)."""
    tz = zone(ctx.person.timezone, ctx.services.settings.tz)
    day = ctx.services.clock.now().astimezone(tz).date()
    parts = await gather_personal(ctx.services, ctx.person, day)
    reply = render_digest(parts, day, ctx.lang, buttons=ctx.supports_buttons)
    if reply is None:
        return Reply.text(ctx.t("digest.preview_empty", day=format_day(day, ctx.lang)))
    reply.ephemeral = True
    return reply


async def quiet(ctx: CommandContext, args: str) -> Reply:
    hours = parse_quiet(args)
    await set_quiet_hours(ctx.services.db, ctx.person, hours)
    await ctx.services.audit.record(
        actor=ctx.person.key,
        action="digest.quiet_hours",
        organisation=ctx.person.organisation,
        quiet=args.strip() if hours else None,
    )
    if hours is None:
        return Reply.text(ctx.t("digest.quiet_off"))
    return Reply.text(ctx.t("digest.quiet_set", start=f"{hours[0]:%H:%M}", end=f"{hours[1]:%H:%M}"))


async def follow_channel(ctx: CommandContext, args: str) -> Reply:
    room = _room_of(ctx, args.strip())
    name = await _member_check(ctx, room)
    added = await follow(ctx.services.db, ctx.person, room.channel_id, name)
    await ctx.services.audit.record(
        actor=ctx.person.key, action="digest.follow", target=room.channel_id, organisation=ctx.person.organisation
    )
    key = "digest.followed" if added else "digest.followed_already"
    return Reply.text(ctx.t(key, channel=refs.room_link(room.channel_id, name)))


async def unfollow_channel(ctx: CommandContext, args: str) -> Reply:
    room = _room_of(ctx, args.strip())
    if not await unfollow(ctx.services.db, ctx.person, room.channel_id):
        raise UserFacingError("digest.error.not_following")
    await ctx.services.audit.record(
        actor=ctx.person.key, action="digest.unfollow", target=room.channel_id, organisation=ctx.person.organisation
    )
    return Reply.text(ctx.t("digest.unfollowed", channel=refs.room_link(room.channel_id)))


async def snooze(ctx: CommandContext, args: str) -> Reply:
    """The Snooze button: no digest of this subscription for a day."""
    sub = await _own(ctx, args)
    until = ctx.services.clock.now() + SNOOZE
    async with ctx.services.db.session() as s:
        await s.exec(update(DigestSubscription).where(col(DigestSubscription.id) == sub.id).values(snoozed_until=until))
    await _audit(ctx, "digest.snoozed", sub)
    tz = zone(sub.timezone, ctx.services.settings.tz)
    return Reply.text(ctx.t("digest.snoozed", id=sub.id, until=f"{until.astimezone(tz):%m/%d %H:%M}"))


async def turn_off(ctx: CommandContext, args: str) -> Reply:
    """The Turn off button."""
    sub = await _own(ctx, args)
    await _turn_off(ctx, sub)
    return Reply.text(ctx.t("digest.turned_off", id=sub.id))


# --- helpers ---------------------------------------------------------------------------------------------
async def _own(ctx: CommandContext, word: str) -> DigestSubscription:
    """The subscription numbered `word` that this person may change: theirs, or a channel digest of a channel
    they are a member of."""
    text = fold(word).lstrip("#")
    if not text.isdigit():
        raise UserFacingError("digest.error.which")
    sub = await get_subscription(ctx.services.db, int(text))
    if sub is None or not sub.active or sub.platform != ctx.person.platform or sub.team_id != ctx.person.team_id:
        raise UserFacingError("digest.error.unknown", id=text)
    if sub.owner == ctx.person.user_id:
        return sub
    if sub.channel_id is not None:
        await _member_check(ctx, Room(sub.platform, sub.channel_id))
        return sub
    raise UserFacingError("digest.error.unknown", id=text)


async def _turn_off(ctx: CommandContext, sub: DigestSubscription) -> None:
    async with ctx.services.db.session() as s:
        await s.exec(update(DigestSubscription).where(col(DigestSubscription.id) == sub.id).values(active=False))
    if ctx.services.outbox is not None and sub.id is not None:
        await ctx.services.outbox.cancel(digest_key(sub.id, ""))  # a row written but not sent yet goes too
    await _audit(ctx, "digest.unsubscribed", sub)


def _room_of(ctx: CommandContext, token: str) -> Room:
    if not token:
        raise UserFacingError("digest.error.channel_usage")
    channel_id = refs.room_ref(token)
    if channel_id is None and fold(token) in _HERE:
        channel_id = ctx.room.channel_id
    if channel_id is None and token.startswith(("#", "＃")) and len(token) > 1:
        channel_id = token[1:]  # the console's channels are their names
    if channel_id is None:
        raise UserFacingError("digest.error.channel", word=token)
    return Room(ctx.room.platform, channel_id)


async def _member_check(ctx: CommandContext, room: Room) -> str | None:
    """Only a channel's members may set up its digest or follow it; returns the channel's name."""
    if ctx.chat is None:
        raise UserFacingError("digest.error.no_chat")
    try:
        member = await ctx.chat.is_member(room, ctx.person.user_id)
        info = await ctx.chat.room_info(room)
    except ChatError as exc:
        raise UserFacingError("digest.error.channel_unreadable", code=exc.code) from None
    if not member:
        raise UserFacingError("digest.error.not_member", channel=refs.room_link(room.channel_id, info.name))
    return info.name


def _when(ctx: CommandContext, sub: DigestSubscription) -> str:
    weekday = ctx.t(f"digest.weekday.{sub.weekday}") if sub.weekday is not None else ""
    key = f"digest.when.{sub.frequency}" + (".holidays" if sub.include_holidays else "")
    return ctx.t(key, at=sub.at_time, weekday=weekday)


def _next(ctx: CommandContext, sub: DigestSubscription) -> str:
    local = sub.next_due_at.astimezone(zone(sub.timezone, ctx.services.settings.tz))
    return f"{format_day(local.date(), ctx.lang)} {local:%H:%M}"


def _channel_label(sub: DigestSubscription) -> str:
    return refs.room_link(sub.channel_id, sub.channel_name) if sub.channel_id else ""


async def _audit(ctx: CommandContext, action: str, sub: DigestSubscription) -> None:
    await ctx.services.audit.record(
        actor=ctx.person.key,
        action=action,
        target=f"digest:{sub.id}",
        organisation=ctx.person.organisation,
        channel=sub.channel_id,
        frequency=sub.frequency,
        at=sub.at_time,
    )
