"""Translate end to end over Slack HTTP mode: the command, the shortcut, flag reactions, retries and 429s."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import SlackBot
from tests.e2e.translate.conftest import reaction_added
from tests.integration.translate.fakes import translator
from tests.waiting import settled
from tests.world import Call, block_actions_payload, message_shortcut_payload
from tests.world.openai_api import FakeOpenAI


def blocks_of(call: Call) -> list[dict[str, Any]]:
    blocks = call.params.get("blocks") or []
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks)


def button_value(blocks: list[dict[str, Any]]) -> str:
    [actions] = [b for b in blocks if b["type"] == "actions"]
    [button] = actions["elements"]
    assert button["action_id"] == "genai:translate"
    return str(button["value"])


async def test_slash_command_answers_with_the_translation_ephemerally(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    status, _, _ = await translate_bot.sender.slash_command("translate <@U2> 確認をお願いします :pray:")
    assert status == 200
    [response] = await translate_bot.slack.wait_for_response(1)
    assert response.body["response_type"] == "ephemeral"
    assert response.body["text"].startswith("<@U2> please check :pray:")
    assert "U2" not in fake_llm.wire_text()


async def test_message_shortcut_translates_that_message(translate_bot: SlackBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(translator())
    message = {"type": "message", "ts": "1732500000.000100", "text": "The meeting is cancelled", "user": "U2"}
    await translate_bot.sender.interactive(message_shortcut_payload("genai_translate", message))
    [response] = await translate_bot.slack.wait_for_response(1)
    assert response.body["response_type"] == "ephemeral"
    assert response.body["text"].startswith("会議は中止です")


async def test_a_flag_reaction_posts_the_translation_in_the_thread(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    core, slack = translate_bot.core, translate_bot.slack
    await core.services.users.set_language(await core.person("slack", "T1", "U2"), "en")
    message = slack.add_message("C1", "本日の会議は中止です <#C1|general>", "U1")
    slack.add_message("C1", "later message", "U2")
    status, _, _ = await translate_bot.sender.event(reaction_added("flag-us", message["ts"], user="U2"))
    assert status == 200
    [post] = await slack.wait_for("chat.postMessage")
    assert post.params["channel"] == "C1" and post.params["thread_ts"] == message["ts"]
    assert post.params["text"].startswith("Today's meeting is cancelled <#C1|general>")
    assert "Translated into English" in post.params["text"]  # in the language of the person who reacted
    history = slack.last("conversations.history")
    assert history.params["latest"] == message["ts"] and history.params["limit"] in (1, "1")


async def test_a_flag_on_a_thread_reply_reads_the_reply_and_answers_in_that_thread(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    slack = translate_bot.slack
    parent = slack.add_message("C1", "The meeting is cancelled", "U2")
    reply = slack.add_message("C1", "Please check", "U2", thread_ts=parent["ts"])
    await translate_bot.sender.event(reaction_added("jp", reply["ts"]))
    [post] = await slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == parent["ts"]
    assert post.params["text"].startswith("確認してください")
    assert slack.calls_to("conversations.replies")


async def test_the_same_flag_twice_or_redelivered_translates_once(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    slack, sender = translate_bot.slack, translate_bot.sender
    message = slack.add_message("C1", "本日の会議は中止です", "U1")
    event = reaction_added("flag-us", message["ts"], user="U1")
    await sender.event(event, event_id="Ev-flag-1")
    await slack.wait_for("chat.postMessage")
    await sender.event(event, event_id="Ev-flag-1", retry_num=1)  # Slack redelivers
    await sender.event(reaction_added("gb", message["ts"], user="U2"))  # someone else: also English
    await sender.event(reaction_added("flag-jp", message["ts"], user="U2"))  # Japanese is a different request
    await slack.wait_for("chat.postMessage", count=2)
    await settled(translate_bot.core)
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert len(fake_llm.requests) == 2


async def test_other_reactions_and_non_message_items_are_ignored(translate_bot: SlackBot, fake_llm: FakeOpenAI) -> None:
    message = translate_bot.slack.add_message("C1", "本日の会議は中止です", "U1")
    await translate_bot.sender.event(reaction_added("thumbsup", message["ts"]))
    await translate_bot.sender.event(reaction_added("flag-us", message["ts"], item_type="file"))
    await translate_bot.sender.event(reaction_added("flag-fr", message["ts"]))
    await settled(translate_bot.core)
    assert translate_bot.slack.calls_to("conversations.history") == []
    assert translate_bot.slack.calls_to("chat.postMessage") == [] and fake_llm.requests == []


async def test_a_deleted_message_is_skipped_quietly(translate_bot: SlackBot, fake_llm: FakeOpenAI) -> None:
    await translate_bot.sender.event(reaction_added("flag-us", "1732500000.000100"))
    await translate_bot.slack.wait_for("conversations.replies")
    await settled(translate_bot.core)
    assert translate_bot.slack.calls_to("chat.postMessage") == [] and fake_llm.requests == []


async def test_llm_down_tells_only_the_reactor_and_the_retry_button_works(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = translate_bot.slack
    message = slack.add_message("C1", "本日の会議は中止です", "U1")
    fake_llm.fail_next(500, times=3)  # the provider's first try and both retries
    await translate_bot.sender.event(reaction_added("flag-us", message["ts"], user="U2"))
    [ephemeral] = await slack.wait_for("chat.postEphemeral", timeout=15)
    assert ephemeral.params["user"] == "U2" and ephemeral.params["thread_ts"] == message["ts"]
    assert "AI サービスが一時的に利用できません" in ephemeral.params["text"]
    value = button_value(blocks_of(ephemeral))
    assert value == "--retry 1"  # a reference to the kept request, not the text
    assert slack.calls_to("chat.postMessage") == []
    fake_llm.reply_with(translator())
    await translate_bot.sender.interactive(block_actions_payload("genai:translate", value=value, user_id="U2"))
    [response] = await slack.wait_for_response(1)
    assert response.body["text"].startswith("Today's meeting is cancelled")


async def test_a_rate_limited_post_waits_for_retry_after_and_posts_once(
    translate_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(translator())
    slack = translate_bot.slack
    message = slack.add_message("C1", "本日の会議は中止です", "U1")
    slack.fail_next("chat.postMessage", times=1, status=429, retry_after=1)
    await translate_bot.sender.event(reaction_added("flag-us", message["ts"]))
    [post] = await slack.wait_for("chat.postMessage", timeout=10)
    assert post.params["text"].startswith("Today's meeting is cancelled")
    assert len(slack.calls_to("chat.postMessage", include_limited=True)) == 2


async def test_without_an_llm_a_reaction_explains_which_setting_to_add(http_bot: SlackBot) -> None:
    message = http_bot.slack.add_message("C1", "本日の会議は中止です", "U1")
    await http_bot.sender.event(reaction_added("flag-us", message["ts"]))
    [ephemeral] = await http_bot.slack.wait_for("chat.postEphemeral")
    assert "OPENAI_API_KEY" in ephemeral.params["text"] and ephemeral.params["user"] == "U1"
    assert http_bot.slack.calls_to("chat.postMessage") == []
