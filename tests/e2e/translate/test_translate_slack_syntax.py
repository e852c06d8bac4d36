"""Translations keep mentions and links intact end to end in Slack, and never let a channel be pinged."""

from __future__ import annotations

from tests.e2e.conftest import SlackBot
from tests.e2e.translate.conftest import reaction_added
from tests.e2e.wire import assert_no_broadcast, settled
from tests.integration.translate.fakes import translator
from tests.world.openai_api import FakeOpenAI


async def test_mentions_and_links_come_back_intact_in_the_translation(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    await translate_bot.sender.slash_command(
        "translate en <@U123> 確認をお願いします <https://x.example/a?b=1&amp;c=2|資料>"
    )
    [response] = await translate_bot.slack.wait_for_response(1)
    text = response.body["text"]
    assert text.startswith("<@U123> please check <https://x.example/a?b=1&amp;c=2|資料>")
    wire = fake_llm.wire_text()
    assert "U123" not in wire and "x.example" not in wire  # the model saw placeholders only


async def test_a_flag_on_a_message_with_special_mentions_posts_a_translation_that_pings_nobody(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    slack = translate_bot.slack
    message = slack.add_message("C1", "<!channel> 確認をお願いします <@U2> &lt;!here&gt;", "U1")
    await translate_bot.sender.event(reaction_added("flag-us", message["ts"], user="U2"))
    [post] = await slack.wait_for("chat.postMessage")
    await settled(translate_bot.core)
    assert "<@U2>" in post.params["text"]  # the author's own mention of a person is kept
    assert_no_broadcast(slack)
