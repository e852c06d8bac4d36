"""Committee rules at the edges, end to end in the Slack stand-in: a committee of a private channel (Slack says so
through conversations.info) is not listed or shown to people outside it; a button clicked after the poll's deadline
is refused and changes nothing, and the poll message loses its buttons. SQLite and PostgreSQL."""

from __future__ import annotations

from sqlmodel import select

from genai_bot.clock import FixedClock
from skills.committee.models import Poll, Vote
from skills.committee.store import utc
from tests.e2e.committee.conftest import CommitteeBot
from tests.e2e.committee.test_committee_slack import button_values, poll_text, posts


async def test_a_private_channels_committee_is_seen_by_its_members_only(committee_bot: CommitteeBot) -> None:
    bot, slack = committee_bot, committee_bot.slack
    slack.add_channel("C7", "jinji-hyoka", members=["U1", "U2", "UBOT"], is_private=True)
    created = await bot.command("committee create 人事評価委員会 --channel here", channel="C7")
    assert "委員会「人事評価委員会」（#1）を作成しました" in created["text"]
    assert [c.params["channel"] for c in slack.calls_to("conversations.info")] == ["C7"]
    await bot.command("committee member add 人事評価委員会 <@U2|suzuki>", channel="C7")
    await bot.command("committee create 予算検討委員会 --channel here")  # the public channel C1

    listed = await bot.command("committee list", user="U3")
    assert "予算検討委員会" in listed["text"] and "人事評価委員会" not in listed["text"]
    for ref in ("1", "人事評価", "<#C7>"):
        shown = await bot.command(f"committee show {ref}", user="U3")
        assert shown["response_type"] == "ephemeral" and "見つかりません" in shown["text"], shown
        assert "人事評価委員会" not in shown["text"] and "jinji" not in shown["text"]
    assert "予算検討委員会" in (await bot.command("committee show 2", user="U3"))["text"]

    for user in ("U1", "U2"):
        assert "人事評価委員会" in (await bot.command("committee list", user=user))["text"]
        shown = await bot.command("committee show 1", user=user)
        assert "人事評価委員会" in shown["text"] and "suzuki" in shown["text"]


async def test_a_click_after_the_deadline_is_refused(committee_bot: CommitteeBot) -> None:
    bot = committee_bot
    await bot.command("committee create 予算検討委員会 --channel here")
    await bot.command("committee member add 予算検討委員会 <@U2|suzuki>")
    await bot.command("committee poll 予算検討委員会 2/15 2/19")
    [poll_post] = posts(bot, "日程調整")
    poll_ts = str(poll_post.response["ts"])
    assert "vote 1 1 yes" in button_values(poll_post.params["blocks"])
    async with bot.core.db.session() as s:
        deadline = utc((await s.exec(select(Poll))).one().deadline)  # type: ignore[arg-type]
    clock = bot.core.services.clock
    assert isinstance(clock, FixedClock)

    clock.set(deadline)
    late = await bot.click("vote 1 1 yes", user="U2", message_ts=poll_ts)
    assert late["response_type"] == "ephemeral"
    assert "投票 #1 は回答期限（" in late["text"] and "を過ぎたため、回答を受け付けられません" in late["text"]
    async with bot.core.db.session() as s:
        assert (await s.exec(select(Vote))).all() == []
    message = bot.slack.store.get_message("C1", poll_ts)
    assert message is not None and button_values(message.get("blocks")) == []
    assert "を過ぎたため、回答の受付を終了しました" in poll_text(bot, poll_ts)

    closed = await bot.command("committee close 1")  # the secretariat still closes it
    assert "最適な候補" in closed["text"]
