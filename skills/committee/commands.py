"""`/genai committee …` (委員会): the subcommand table, per-subcommand help, and the router.

`/genai committee` alone lists the subcommands; `/genai committee <sub> help` (or `help <sub>`) shows one.
Subcommands have Japanese aliases and full-width input is accepted.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

import skills.committee.cmd_committees as cmd_committees
import skills.committee.cmd_meetings as cmd_meetings
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.messages import Fields, Reply, Text
from genai_bot.text import fold
from skills.committee.text import split_head

SubHandler = Callable[[CommandContext, str], Awaitable[Reply]]
_HELP_WORDS = {"help", "ヘルプ", "使い方", "?", "-h", "--help"}


@dataclass(frozen=True)
class Sub:
    name: str
    aliases: tuple[str, ...]
    handler: SubHandler


SUBCOMMANDS: tuple[Sub, ...] = (
    Sub("create", ("作成", "新規", "new"), cmd_committees.create),
    Sub("list", ("一覧", "ls"), cmd_committees.list_committees),
    Sub("show", ("表示", "詳細", "info"), cmd_committees.show),
    Sub("member", ("メンバー", "委員", "members"), cmd_committees.member),
    Sub("calendar", ("カレンダー", "予定"), cmd_committees.calendar),
    Sub("slots", ("候補", "空き", "日程"), cmd_meetings.slots),
    Sub("poll", ("投票", "日程調整", "調整"), cmd_meetings.poll),
    Sub("vote", ("回答",), cmd_meetings.vote),
    Sub("close", ("締切", "締め切り", "締め切る"), cmd_meetings.close),
    Sub("confirm", ("確定",), cmd_meetings.confirm),
    Sub("cancel", ("中止", "取りやめ"), cmd_meetings.cancel),
    Sub("agenda", ("議題",), cmd_meetings.agenda),
    Sub("minutes", ("議事要旨", "議事録"), cmd_meetings.minutes),
    Sub("archive", ("アーカイブ", "廃止", "終了"), cmd_committees.archive),
)
_LOOKUP = {fold(word): sub for sub in SUBCOMMANDS for word in (sub.name, *sub.aliases)}


def resolve(word: str) -> Sub | None:
    return _LOOKUP.get(fold(word))


def overview(ctx: CommandContext) -> Reply:
    lines = [ctx.t("committee.help.line", name=s.name, alias=s.aliases[0], summary=ctx.t(f"committee.sub.{s.name}"))
             for s in SUBCOMMANDS]
    return Reply(blocks=[Text(ctx.t("committee.help.title")), Text("\n".join(lines)),
                         Text(ctx.t("committee.help.footer"))])


def sub_help(ctx: CommandContext, sub: Sub) -> Reply:
    pairs = ((ctx.t("help.usage"), ctx.t(f"committee.usage.{sub.name}")),
             (ctx.t("help.aliases"), ", ".join(sub.aliases)))
    return Reply(blocks=[Text(f"*committee {sub.name}* — {ctx.t(f'committee.sub.{sub.name}')}"), Fields(pairs),
                         Text(ctx.t(f"committee.example.{sub.name}"))])


def _suggest(word: str) -> str | None:
    match = process.extractOne(fold(word), list(_LOOKUP), scorer=Levenshtein.distance,
                               score_cutoff=max(1, len(word) // 3))
    return _LOOKUP[match[0]].name if match else None


async def handle(ctx: CommandContext, args: str) -> Reply:
    """Entry point of the `committee` verb."""
    head, rest = split_head(args, 1)
    if not head:
        return overview(ctx)
    if fold(head[0]) in _HELP_WORDS:
        topic = resolve(rest.split()[0]) if rest.split() else None
        return sub_help(ctx, topic) if topic else overview(ctx)
    sub = resolve(head[0])
    if sub is None:
        suggestion = _suggest(head[0])
        key = "committee.error.unknown_sub_suggest" if suggestion else "committee.error.unknown_sub"
        raise UserFacingError(key, word=head[0], suggestion=suggestion or "")
    if rest.split() and fold(rest.split()[0]) in _HELP_WORDS and len(rest.split()) == 1:
        return sub_help(ctx, sub)
    return await sub.handler(ctx, rest)
