"""Summarize end to end over Slack: signed requests in, real Bolt + slack_sdk reading the stand-in workspace,
the real openai client talking to the LLM stand-in."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from genai_bot.clock import FixedClock
from genai_bot.db.models import ChannelVisit, PendingRequest
from tests.conftest import llm_settings_for
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.world import (
    FakeSlackAPI,
    app_mention_event,
    block_actions_payload,
    message_shortcut_payload,
)
from tests.world.openai_api import FakeOpenAI
from tests.world.slack_store import DEFAULT_TS_START

NOW = datetime.fromtimestamp(DEFAULT_TS_START, UTC) + timedelta(hours=1)  # the seeded messages are minutes old


def answer(**sections: Any) -> str:
    return json.dumps({"key_points": [], "decisions": [], "action_items": []} | sections, ensure_ascii=False)


ANSWER = answer(
    key_points=[{"text": "予算資料の提出期限が決まった", "sources": ["m1"]}],
    decisions=[{"text": "12月5日までに提出", "sources": ["m1"]}],
    action_items=[{"owner": "鈴木", "task": "会場を予約する", "due": None, "sources": ["m2"]}],
)


def transcripts(fake: FakeOpenAI) -> str:
    return "\n".join(str(r["messages"][-1]["content"]) for r in fake.requests)


@pytest.fixture
async def ai_slack(slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI) -> AsyncIterator[SlackBot]:
    """HTTP mode with an LLM (the `fake_llm` stand-in, no retries)."""
    slack.add_user("U2", "suzuki", display_name="鈴木")
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0, "timeout_seconds": 5})
    async with running_http_bot(slack, database_url, llm_settings=llm, clock=FixedClock(NOW)) as bot:
        yield bot


@pytest.fixture
async def plain_slack(slack: FakeSlackAPI, database_url: str) -> AsyncIterator[SlackBot]:
    """HTTP mode without an LLM."""
    async with running_http_bot(slack, database_url, clock=FixedClock(NOW)) as bot:
        yield bot


def seed_meeting(slack: FakeSlackAPI) -> list[dict[str, Any]]:
    return [
        slack.add_message("C1", "来年度予算の資料は12月5日までに提出することに決まりました。", "U1"),
        slack.add_message("C1", "<@U2> 会場の予約をお願いします。", "U1"),
        slack.add_message("C1", "<@U2> has joined the channel", "U2", subtype="channel_join"),
        slack.add_message("C1", "リマインダー: 定例会", None, bot_id="B9", subtype="bot_message"),
    ]


async def test_slash_command_summary_resolves_names_skips_noise_and_links_sources(
    ai_slack: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    first, *_ = seed_meeting(ai_slack.slack)
    await ai_slack.sender.slash_command("summarize")
    [response] = await ai_slack.slack.wait_for_response(1, timeout=10)
    assert response.body["response_type"] == "ephemeral"
    text = response.body["text"]
    link = f"https://fake.slack.local/archives/C1/p{first['ts'].replace('.', '')}"
    assert text.startswith("*チャンネルの要約*（過去 24 時間・2 件）")
    assert f"• 予算資料の提出期限が決まった（<{link}|11:00 tanaka>）" in text
    assert "• 鈴木：会場を予約する（<https://fake.slack.local/archives/C1/p" in text
    sent = transcripts(fake_llm)
    assert "tanaka: @鈴木 会場の予約をお願いします。" in sent and "<@U2>" not in sent
    assert "joined" not in sent and "リマインダー" not in sent
    async with ai_slack.core.db.session() as s:
        [visit] = (await s.exec(select(ChannelVisit))).all()
    assert (visit.user_id, visit.channel_id) == ("U1", "C1")


async def test_busy_threads_in_the_channel_are_read_too(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    parent = ai_slack.slack.add_message("C1", "庁舎移転の日程について相談です。", "U1")
    ai_slack.slack.add_message("C1", "来月の第2週で調整します。", "U2", thread_ts=parent["ts"])
    ai_slack.slack.add_message("C1", "日程は確定です。", "U1", thread_ts=parent["ts"], subtype="thread_broadcast")
    await ai_slack.sender.slash_command("summarize")
    await ai_slack.slack.wait_for_response(1, timeout=10)
    sent = transcripts(fake_llm)
    assert "[m2] 11/25 11:00 鈴木 (↳m1): 来月の第2週で調整します。" in sent
    assert sent.count("日程は確定です。") == 1  # a reply also sent to the channel is read once


async def test_a_thread_that_cannot_be_read_does_not_spoil_the_summary(
    ai_slack: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    parent = ai_slack.slack.add_message("C1", "庁舎移転の日程について相談です。", "U1")
    ai_slack.slack.add_message("C1", "来月の第2週で調整します。", "U2", thread_ts=parent["ts"])
    ai_slack.slack.fail_next("conversations.replies", status=200, error="thread_not_found")
    await ai_slack.sender.slash_command("summarize")
    [response] = await ai_slack.slack.wait_for_response(1, timeout=10)
    assert "（過去 24 時間・1 件）" in response.body["text"] and "予算資料の提出期限" in response.body["text"]


async def test_long_history_is_read_page_by_page(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: answer(key_points=["まとめ"]))
    ai_slack.slack.add_messages("C1", [{"text": f"報告{i}: 作業は予定どおりです。", "user": "U1"} for i in range(450)])
    await ai_slack.sender.slash_command("summarize --last 450")
    [response] = await ai_slack.slack.wait_for_response(1, timeout=15)
    assert "直近 450 件・450 件" in response.body["text"]
    calls = ai_slack.slack.calls_to("conversations.history")
    assert len(calls) == 3 and calls[0].params.get("cursor") is None and calls[1].params["cursor"]
    sent = transcripts(fake_llm)
    assert all(f"報告{i}:" in sent for i in range(450))


async def test_a_rate_limited_history_read_waits_and_still_summarises(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    seed_meeting(ai_slack.slack)
    ai_slack.slack.fail_next("conversations.history", times=1, status=429, retry_after=1)
    await ai_slack.sender.slash_command("summarize")
    [response] = await ai_slack.slack.wait_for_response(1, timeout=15)
    assert "予算資料の提出期限が決まった" in response.body["text"]
    limited = [c for c in ai_slack.slack.calls_to("conversations.history", include_limited=True) if c.limited]
    assert len(limited) == 1


async def test_a_channel_the_bot_is_not_in_says_how_to_invite_it(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    ai_slack.slack.not_in_channel.add("C1")
    await ai_slack.sender.slash_command("summarize")
    [response] = await ai_slack.slack.wait_for_response(1, timeout=10)
    assert response.body["response_type"] == "ephemeral"
    assert "/invite @genai-bot" in response.body["text"] and "参加していない" in response.body["text"]
    await ai_slack.sender.slash_command("summarize", channel_id="G404")
    [_, unknown] = await ai_slack.slack.wait_for_response(2, timeout=10)
    assert "プライベートチャンネル" in unknown.body["text"] and "/invite @genai-bot" in unknown.body["text"]
    assert fake_llm.requests == []


async def test_the_message_shortcut_summarises_that_thread(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: answer(key_points=[{"text": "旅費精算は月末締め", "sources": ["m2"]}]))
    seed_meeting(ai_slack.slack)
    parent = ai_slack.slack.add_message("C1", "出張旅費の精算方法が変わります。", "U1")
    ai_slack.slack.add_message("C1", "月末締めになります。", "U2", thread_ts=parent["ts"])
    payload = message_shortcut_payload("genai_summarize", {**parent, "type": "message"})
    await ai_slack.sender.interactive(payload)
    [response] = await ai_slack.slack.wait_for_response(1, timeout=10)
    assert response.body["text"].startswith("*スレッドの要約*（2 件）")
    assert "旅費精算は月末締め（<https://fake.slack.local/archives/C1/p" in response.body["text"]
    sent = transcripts(fake_llm)
    assert "出張旅費" in sent and "月末締め" in sent and "来年度予算" not in sent
    assert ai_slack.slack.calls_to("conversations.replies")


async def test_a_mention_at_the_top_of_a_channel_summarises_the_channel_in_its_thread(
    ai_slack: SlackBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    seed_meeting(ai_slack.slack)
    mention = ai_slack.slack.add_message("C1", "<@UBOT> 要約", "U1")
    event = app_mention_event("<@UBOT> 要約", ts=mention["ts"])
    await ai_slack.sender.event(event)
    [post] = await ai_slack.slack.wait_for("chat.postEphemeral", timeout=10)  # private unless --post
    assert post.params["thread_ts"] == mention["ts"] and post.params["user"] == "U1"
    assert post.params["text"].startswith("*チャンネルの要約*（過去 24 時間・2 件）")
    sent = transcripts(fake_llm)
    assert "来年度予算" in sent and "UBOT" not in sent  # the request itself is not part of the conversation


async def test_an_llm_outage_shows_a_retry_button_that_works(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    seed_meeting(ai_slack.slack)
    fake_llm.fail_next(500, times=1)
    await ai_slack.sender.slash_command("summarize 今日")
    [failed] = await ai_slack.slack.wait_for_response(1, timeout=10)
    assert failed.body["response_type"] == "ephemeral"
    assert "AI サービスが一時的に利用できません" in failed.body["text"]
    [button] = next(b for b in failed.body["blocks"] if b["type"] == "actions")["elements"]
    assert (button["action_id"], button["value"]) == ("genai:summarize", "--retry 1")  # a reference, not the text
    assert button["text"]["text"] == "再試行"
    async with ai_slack.core.db.session() as s:
        assert (await s.exec(select(PendingRequest.status))).all() == ["pending"]

    fake_llm.reply_with(lambda body: ANSWER)
    await ai_slack.sender.interactive(block_actions_payload("genai:summarize", value=button["value"]))
    [_, retried] = await ai_slack.slack.wait_for_response(2, timeout=10)
    assert "予算資料の提出期限が決まった" in retried.body["text"]
    async with ai_slack.core.db.session() as s:
        assert (await s.exec(select(PendingRequest.status))).all() == ["done"]


async def test_post_shares_the_summary_with_the_channel(ai_slack: SlackBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    seed_meeting(ai_slack.slack)
    await ai_slack.sender.slash_command("summarize 共有")
    [response] = await ai_slack.slack.wait_for_response(1, timeout=10)
    assert response.body["response_type"] == "in_channel"


async def test_without_an_llm_slack_gets_a_labelled_extractive_summary(plain_slack: SlackBot) -> None:
    first, *_ = seed_meeting(plain_slack.slack)
    await plain_slack.sender.slash_command("summarize")
    [response] = await plain_slack.slack.wait_for_response(1, timeout=10)
    text = response.body["text"]
    assert "LLM 未設定のため抽出要約です" in text
    link = f"https://fake.slack.local/archives/C1/p{first['ts'].replace('.', '')}"
    assert f"• 来年度予算の資料は12月5日までに提出することに決まりました。（<{link}|11:00 tanaka>）" in text
