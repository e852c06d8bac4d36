"""A language model's answer can never notify a channel: Slack's special mentions in it go out escaped."""

from __future__ import annotations

from tests.e2e.assist.conftest import DM
from tests.e2e.conftest import SlackBot
from tests.e2e.wire import assert_no_broadcast, sent_to_slack, settled
from tests.world import app_mention_event, message_event
from tests.world.openai_api import FakeOpenAI

ANSWER = "<!here> <!channel> 明日の会議は中止です <!subteam^S1|@soumu> & <b>太字</b> <@U2> さんへ"


async def test_an_answer_streamed_into_a_channel_thread_pings_nobody(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: ANSWER)
    event = app_mention_event("<@UBOT> 会議の予定は？", channel="C1")
    await assist_slack_bot.sender.event(event)
    [post] = await slack.wait_for("chat.postMessage")
    await settled(assist_slack_bot.core)
    assert post.params["thread_ts"] == event["ts"]
    assert_no_broadcast(slack)
    wire = sent_to_slack(slack)
    assert "&lt;!here&gt; &lt;!channel&gt; 明日の会議は中止です" in wire  # shown as typed, notifying nobody
    assert "&amp; &lt;b&gt;" in wire and "&lt;@U2&gt;" in wire  # the model cannot mention people either


async def test_an_answer_streamed_with_slacks_streaming_methods_pings_nobody(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: ANSWER * 3)
    await assist_slack_bot.sender.event(message_event("会議の予定は？", channel=DM, channel_type="im"))
    await slack.wait_for("chat.stopStream")
    await settled(assist_slack_bot.core)
    assert slack.calls_to("chat.startStream")
    assert_no_broadcast(slack)
    assert "&lt;!here&gt;" in sent_to_slack(slack)


async def test_a_person_mentioned_in_the_question_reaches_the_model_as_a_reference(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda body: "了解です")
    question = "<@UBOT> 会議の件を <@U2> さんに <!channel> で連絡して"
    await assist_slack_bot.sender.event(app_mention_event(question, channel="C1"))
    await assist_slack_bot.slack.wait_for("chat.postMessage")
    await settled(assist_slack_bot.core)
    asked = fake_llm.requests[-1]["messages"][-1]["content"]
    assert asked == "会議の件を [@U2](person:U2) さんに @channel で連絡して"


async def test_a_model_echoing_a_person_reference_mentions_nobody(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: "[@U2](person:U2) さんと [@U3](person:U3) さんに伝えます")
    await assist_slack_bot.sender.event(app_mention_event("<@UBOT> 会議の件を <@U2> さんに連絡して", channel="C1"))
    await slack.wait_for("chat.postMessage")
    await settled(assist_slack_bot.core)
    wire = sent_to_slack(slack)
    assert "<@U2>" not in wire and "<@U3>" not in wire  # only the bot's own deliberate mentions notify anyone
    assert "@U2 さんと @U3 さんに伝えます" in wire
