"""Committee management: members, slot finding, polls, confirmation, reminders, minutes (`/genai committee`)."""

import genai_bot.calendar.messages  # noqa: F401  (calendar.* texts used in committee replies)
import skills.committee.messages
import skills.committee.messages_meeting  # noqa: F401
from genai_bot.commands import Handler, Verb
from genai_bot.skill_host import SkillHost
from skills.committee import cmd_committees as cc
from skills.committee import cmd_meetings as cm
from skills.committee.deadline_view import DEADLINE_VIEW, show_deadline_passed
from skills.committee.digest import register_digest
from skills.committee.privacy import learning_privacy
from skills.committee.retention import prune_minutes_drafts
from skills.committee.settings import CommitteeSettings


def _sub(name: str, aliases: tuple[str, ...], handler: Handler, *subs: Verb) -> Verb:
    """A committee subcommand with its help texts (`committee.sub|usage|example.<name>`)."""
    return Verb(
        name,
        aliases,
        learning_privacy(handler),
        subcommands=subs,
        summary=f"committee.sub.{name}",
        usage=f"committee.usage.{name}",
        example=f"committee.example.{name}",
    )


def _member(name: str, aliases: tuple[str, ...], handler: Handler) -> Verb:
    """`committee member <name>`: its own summary, the usage and example of `member`."""
    return Verb(
        name,
        aliases,
        learning_privacy(handler),
        summary=f"committee.sub.member.{name}",
        usage="committee.usage.member",
        example="committee.example.member",
    )


COMMITTEE = Verb(
    "committee",
    ("委員会",),
    subcommands=(
        _sub("create", ("作成", "新規", "new"), cc.create),
        _sub("list", ("一覧", "ls"), cc.list_committees),
        _sub("show", ("表示", "詳細", "info"), cc.show),
        _sub(
            "member",
            ("メンバー", "委員", "members"),
            cc.member,
            _member("add", ("追加", "invite"), cc.member_add),
            _member("remove", ("削除", "rm", "外す", "delete"), cc.member_remove),
            _member("role", ("役割", "役職"), cc.member_role),
            _member("set", ("edit", "変更", "編集", "更新"), cc.member_set),
        ),
        _sub("calendar", ("カレンダー", "予定"), cc.calendar),
        _sub("slots", ("候補", "空き", "日程"), cm.slots),
        _sub("poll", ("投票", "日程調整", "調整"), cm.poll),
        _sub("vote", ("回答",), cm.vote),
        _sub("close", ("締切", "締め切り", "締め切る"), cm.close),
        _sub("confirm", ("確定",), cm.confirm),
        _sub("cancel", ("中止", "取りやめ"), cm.cancel),
        _sub("agenda", ("議題",), cm.agenda),
        _sub("minutes", ("議事要旨", "議事録"), cm.minutes),
        _sub("archive", ("アーカイブ", "廃止", "終了"), cc.archive),
    ),
    help_title="committee.help.title",
    help_footer="committee.help.footer",
)
"""`/genai committee …` (委員会) and its subcommands, in the one command registry."""


def register(host: SkillHost) -> None:
    """`/genai committee …` (委員会) replaces the "coming soon" answer. A malformed GENAI_COMMITTEE_* setting
    stops the start here, with one line naming it."""
    host.settings(CommitteeSettings)
    host.command(COMMITTEE)
    host.outbox_kind(DEADLINE_VIEW, show_deadline_passed)
    register_digest(host)
    host.retention("minutes_drafts", prune_minutes_drafts)  # minutes drafts of meetings long over
