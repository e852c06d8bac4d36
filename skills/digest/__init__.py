"""Reminder digests (`/genai digest`, ダイジェスト): personal and channel subscriptions, daily or weekly, built from
the sections the skills contribute (genai_bot.digest_port), fanned out through the outbox (skills.digest.fanout)
and built at delivery (skills.digest.deliver)."""

import skills.digest.messages  # noqa: F401  (registers the catalog)
from genai_bot.commands import Handler, Verb
from genai_bot.notify import PLATFORMS
from genai_bot.skill_host import SkillHost
from skills.digest import commands as cmd
from skills.digest.deliver import deliver_digest
from skills.digest.fanout import build_kind, find_due
from skills.digest.follows import followed_channels


def _sub(name: str, aliases: tuple[str, ...], handler: Handler, *, hidden: bool = False) -> Verb:
    return Verb(
        name,
        aliases,
        handler,
        hidden=hidden,
        summary=f"digest.sub.{name}",
        usage=f"digest.usage.{name}",
        example=f"digest.example.{name}",
    )


DIGEST = Verb(
    "digest",
    ("ダイジェスト",),
    subcommands=(
        _sub("subscribe", ("購読", "申込", "登録", "配信"), cmd.subscribe),
        _sub("unsubscribe", ("解除", "停止", "やめる"), cmd.unsubscribe),
        _sub("list", ("一覧", "ls"), cmd.list_subscriptions),
        _sub("preview", ("プレビュー", "今すぐ", "now"), cmd.preview),
        _sub("channel", ("チャンネル",), cmd.channel),
        _sub("quiet", ("静音", "おやすみ", "quiet-hours"), cmd.quiet),
        _sub("follow", ("フォロー",), cmd.follow_channel),
        _sub("unfollow", ("フォロー解除",), cmd.unfollow_channel),
        _sub("snooze", ("スヌーズ",), cmd.snooze),
        _sub("off", ("オフ", "turn-off"), cmd.turn_off),
    ),
    help_title="digest.help.title",
    help_footer="digest.help.footer",
)
"""`/genai digest …` (ダイジェスト) and its subcommands, in the one command registry."""


def register(host: SkillHost) -> None:
    """`/genai digest …` replaces the "coming soon" answer; due digests are found every minute and built when
    their outbox row is delivered, by an instance running that chat platform."""
    host.command(DIGEST)
    host.every_minute("digest.find_due", find_due)
    for platform in PLATFORMS:
        host.outbox_kind(build_kind(platform), deliver_digest, platform=platform)
    host.digest_section("follows", followed_channels, order=90)
