"""Committee names and members in Slack: mentions are read as people, and a name can never ping a channel."""

from __future__ import annotations

from sqlmodel import select

from skills.committee.models import Committee, CommitteeMember
from tests.e2e.committee.conftest import CommitteeBot
from tests.e2e.wire import assert_no_broadcast, sent_to_slack


async def test_a_committee_named_like_a_channel_mention_pings_nobody_when_listed_or_posted(
    committee_bot: CommitteeBot,
) -> None:
    bot = committee_bot
    # Slack sends what a person typed literally escaped: the name really is "<!channel> 会議"
    created = await bot.command('committee create "&lt;!channel&gt; 会議" --channel here')
    assert "&lt;!channel&gt; 会議" in created["text"]
    async with bot.core.db.session() as s:
        [committee] = (await s.exec(select(Committee))).all()
    assert committee.name == "<!channel> 会議"
    listed = await bot.command("committee list")
    assert "&lt;!channel&gt; 会議" in listed["text"]
    await bot.command("committee show 1")
    polled = await bot.command("committee poll 1 2/15 2/19")
    assert "投稿しました" in polled["text"]
    [poll] = [c for c in bot.slack.calls_to("chat.postMessage") if "会議" in str(c.params.get("text", ""))]
    assert "&lt;!channel&gt; 会議" in poll.params["text"] and poll.params["channel"] == "C1"
    assert_no_broadcast(bot.slack)


async def test_a_real_special_mention_in_a_name_becomes_plain_words(committee_bot: CommitteeBot) -> None:
    bot = committee_bot
    await bot.command("committee create <!here> 連絡会 --channel <#C9|committee-room>")
    async with bot.core.db.session() as s:
        [committee] = (await s.exec(select(Committee))).all()
    assert committee.name == "@here 連絡会" and committee.channel_id == "C9"
    shown = await bot.command("committee show 1")
    assert "<#C9>" in sent_to_slack(bot.slack) and "@here 連絡会" in shown["text"]
    assert_no_broadcast(bot.slack)


async def test_members_are_added_by_slack_mention_with_or_without_a_label(committee_bot: CommitteeBot) -> None:
    bot = committee_bot
    await bot.command("committee create 予算検討委員会 --channel here")
    added = await bot.command("committee member add 1 <@U2|suzuki> <@U3> --role 委員長")
    assert "suzuki" in added["text"] and "sato" in added["text"]
    async with bot.core.db.session() as s:
        users = {m.user_id for m in (await s.exec(select(CommitteeMember))).all()}
    assert {"U2", "U3"} <= users
