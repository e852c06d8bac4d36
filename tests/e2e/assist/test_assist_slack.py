"""The assistant in Slack end to end: streamed answers in threads, memory, retry buttons, the AI surfaces."""

from __future__ import annotations

import json

from tests.e2e.assist.conftest import DM, assistant_thread_started
from tests.e2e.conftest import SlackBot
from tests.waiting import settled
from tests.world import FakeSlackAPI, app_mention_event, block_actions_payload, message_event
from tests.world.openai_api import FakeOpenAI

ANSWER = "会議室は総務課の予約システムから予約できます。前日までにお申し込みください。"


def final_text(slack: FakeSlackAPI, channel: str, ts: str) -> str:
    message = slack.store.get_message(channel, ts)
    assert message is not None
    return str(message["text"])


async def test_a_mention_is_answered_by_one_message_streamed_into_the_thread(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: ANSWER)
    event = app_mention_event("<@UBOT> 会議室の予約方法は？", channel="C1")
    await assist_slack_bot.sender.event(event)
    [post] = await slack.wait_for("chat.postMessage")
    assert post.params["thread_ts"] == event["ts"]
    await settled(assist_slack_bot.core)
    assert len(slack.calls_to("chat.postMessage")) == 1  # the adapter posted nothing more
    assert final_text(slack, "C1", post.response["ts"]) == ANSWER
    assert slack.calls_to("chat.startStream") == []  # channels need recipient ids: chat.update is used there


async def test_the_next_mention_in_the_thread_remembers_the_conversation(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    first = app_mention_event("<@UBOT> 来週の会議の議題を考えて", channel="C1")
    await assist_slack_bot.sender.event(first)
    await assist_slack_bot.slack.wait_for("chat.postMessage")
    await settled(assist_slack_bot.core)
    await assist_slack_bot.sender.event(app_mention_event("<@UBOT> 2つ目を詳しく", channel="C1", thread_ts=first["ts"]))
    await assist_slack_bot.slack.wait_for("chat.postMessage", count=2)
    roles = [(m["role"], m["content"]) for m in fake_llm.requests[-1]["messages"][1:]]
    assert roles == [
        ("user", "来週の会議の議題を考えて"),
        ("assistant", "[model-p1] 来週の会議の議題を考えて"),
        ("user", "2つ目を詳しく"),
    ]


async def test_a_dm_streams_with_slacks_chat_streaming_methods(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: ANSWER)
    event = message_event("会議室の予約方法は？", channel=DM, channel_type="im")
    await assist_slack_bot.sender.event(event)
    [start] = await slack.wait_for("chat.startStream")
    await slack.wait_for("chat.stopStream")
    assert start.params["thread_ts"] == event["ts"] and start.params["channel"] == DM
    stream = slack.streams[start.response["ts"]]
    assert stream.text == ANSWER and stream.stopped
    await settled(assist_slack_bot.core)
    [feedback] = slack.calls_to("chat.postMessage")  # the answer is not posted again: only its 👍/👎 follow it
    assert feedback.params["thread_ts"] == event["ts"] and ANSWER not in feedback.params["text"]
    assert [b["type"] for b in feedback.params["blocks"]] == ["actions"]


async def test_when_streaming_is_refused_the_answer_falls_back_to_a_posted_message(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    slack.fail_next("chat.startStream", status=200, error="not_allowed_token_type")
    fake_llm.reply_with(lambda body: ANSWER)
    await assist_slack_bot.sender.event(message_event("予約方法は？", channel=DM, channel_type="im"))
    post, *_ = await slack.wait_for("chat.postMessage")  # the answer; 👍/👎 may follow in the thread
    await settled(assist_slack_bot.core)
    assert final_text(slack, DM, post.response["ts"]) == ANSWER


async def test_a_slow_answer_is_refreshed_at_most_about_once_a_second(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    long_answer = "あ" * 60
    fake_llm.reply_with(lambda body: long_answer)
    fake_llm.chunk_size, fake_llm.chunk_delay = 2, 0.05  # 30 pieces over about 1.5 seconds
    await assist_slack_bot.sender.event(app_mention_event("<@UBOT> 長い説明をお願い", channel="C1"))
    [post] = await slack.wait_for("chat.postMessage")
    await settled(assist_slack_bot.core, timeout=10)
    assert final_text(slack, "C1", post.response["ts"]) == long_answer
    assert 1 <= len(slack.calls_to("chat.update")) <= 3  # not one per piece


async def test_llm_down_posts_a_retry_button_whose_click_answers_in_the_original_thread(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.fail_next(503, times=1)
    event = app_mention_event("<@UBOT> 予算の締め切りは？", channel="C1")
    await assist_slack_bot.sender.event(event)
    [error] = await slack.wait_for("chat.postEphemeral")  # the error is for the asker only
    assert error.params["thread_ts"] == event["ts"] and error.params["user"] == "U1"
    assert "AI サービスが一時的に利用できません" in error.params["text"]
    blocks = json.loads(error.params["blocks"]) if isinstance(error.params["blocks"], str) else error.params["blocks"]
    [button] = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert (button["action_id"], button["value"]) == ("genai:chat", "--retry 1")  # a reference, not the text

    await assist_slack_bot.sender.interactive(block_actions_payload("genai:chat", value=button["value"]))
    [response] = await slack.wait_for_response(1)
    assert "スレッドに回答しました" in response.body["text"]
    [answer] = await slack.wait_for("chat.postMessage")
    assert answer.params["thread_ts"] == event["ts"]
    assert final_text(slack, "C1", answer.response["ts"]) == "[model-p1] 予算の締め切りは？"


async def test_an_empty_mention_gets_a_hint_in_the_thread(assist_slack_bot: SlackBot, fake_llm: FakeOpenAI) -> None:
    await assist_slack_bot.sender.event(app_mention_event("<@UBOT>", channel="C1"))
    [post] = await assist_slack_bot.slack.wait_for("chat.postMessage")
    assert "ご用件をどうぞ" in post.params["text"] and fake_llm.requests == []


async def test_slash_draft_shows_progress_then_answers_ephemerally(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: "件名: 停電点検のお知らせ")
    await assist_slack_bot.sender.slash_command("draft メール 12月1日 停電点検")
    [response] = await slack.wait_for_response(1)
    assert response.body["response_type"] == "ephemeral"
    assert "メールの案" in response.body["text"] and "件名: 停電点検のお知らせ" in response.body["text"]
    [working] = slack.ephemerals
    assert "起案しています" in working["text"] and working["user"] == "U1"


async def test_a_new_assistant_thread_gets_a_greeting_and_suggested_prompts(assist_slack_bot: SlackBot) -> None:
    slack = assist_slack_bot.slack
    await assist_slack_bot.sender.event(assistant_thread_started("1732500000.000100"))
    await slack.wait_for("assistant.threads.setSuggestedPrompts")
    prompts = slack.assistant_prompts[(DM, "1732500000.000100")]
    titles = [p["title"] for p in prompts]
    assert titles == ["要約して", "英訳して", "公用文で通知文を起案", "文章を校正"]
    assert all(p["message"] for p in prompts)
    [greeting] = await slack.wait_for("chat.postMessage")
    assert greeting.params["thread_ts"] == "1732500000.000100" and "genai-bot" in greeting.params["text"]


async def test_suggested_prompts_follow_the_users_language(assist_slack_bot: SlackBot) -> None:
    core = assist_slack_bot.core
    person = await core.person("slack", "T1", "U1")
    await core.services.users.set_language(person, "en")
    await assist_slack_bot.sender.event(assistant_thread_started("1732500000.000200", context_channel=None))
    await assist_slack_bot.slack.wait_for("assistant.threads.setSuggestedPrompts")
    titles = [p["title"] for p in assist_slack_bot.slack.assistant_prompts[(DM, "1732500000.000200")]]
    assert titles[0] == "Summarise" and "Draft an official notice" in titles


async def test_a_message_in_an_assistant_thread_shows_thinking_then_streams_the_answer(
    assist_slack_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = assist_slack_bot.slack
    fake_llm.reply_with(lambda body: ANSWER)
    thread = "1732500000.000300"
    await assist_slack_bot.sender.event(
        message_event("会議室の予約方法は？", channel=DM, channel_type="im", thread_ts=thread)
    )
    [status] = await slack.wait_for("assistant.threads.setStatus")
    assert status.params["status"] == "考え中…" and status.params["thread_ts"] == thread
    [start] = await slack.wait_for("chat.startStream")
    await slack.wait_for("chat.stopStream")
    assert start.params["thread_ts"] == thread
    assert slack.streams[start.response["ts"]].text == ANSWER
    assert status.at < start.at


async def test_a_command_typed_in_an_assistant_thread_runs_that_command(assist_slack_bot: SlackBot) -> None:
    await assist_slack_bot.sender.event(
        message_event("status", channel=DM, channel_type="im", thread_ts="1732500000.000400")
    )
    [post] = await assist_slack_bot.slack.wait_for("chat.postMessage")
    assert "genai-bot の状態" in post.params["text"] and post.params["thread_ts"] == "1732500000.000400"


async def test_a_changed_assistant_context_is_acknowledged_without_calls(assist_slack_bot: SlackBot) -> None:
    event = assistant_thread_started("1732500000.000500") | {"type": "assistant_thread_context_changed"}
    status, _, _ = await assist_slack_bot.sender.event(event)
    assert status == 200
    await settled(assist_slack_bot.core)
    assert [c.method for c in assist_slack_bot.slack.calls] == ["auth.test"]  # Bolt's own authorize call
