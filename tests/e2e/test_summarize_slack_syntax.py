"""A summary posted to a channel whose talk quotes Slack's special mentions pings nobody."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from genai_bot.clock import FixedClock
from tests.conftest import llm_settings_for
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.e2e.wire import assert_no_broadcast, sent_to_slack, settled
from tests.world import FakeSlackAPI
from tests.world.openai_api import FakeOpenAI
from tests.world.slack_store import DEFAULT_TS_START

NOW = datetime.fromtimestamp(DEFAULT_TS_START, UTC) + timedelta(hours=1)


@pytest.fixture
async def summary_bot(slack: FakeSlackAPI, database_url: str, fake_llm: FakeOpenAI) -> AsyncIterator[SlackBot]:
    slack.add_user("U2", "suzuki", display_name="鈴木")
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0, "timeout_seconds": 5})
    async with running_http_bot(slack, database_url, llm_settings=llm, clock=FixedClock(NOW)) as bot:
        yield bot


def _quoting_answer(body: dict[str, object]) -> str:
    """A model that repeats the first line of the transcript it was given as a key point."""
    transcript = str(body["messages"][-1]["content"])  # type: ignore[index]
    line = next(line for line in transcript.splitlines() if "全員" in line)
    return json.dumps(
        {
            "key_points": [{"text": line, "sources": ["m1"]}],
            "decisions": [],
            "action_items": [
                {"owner": "<!subteam^S1|@soumu>", "task": "<!everyone> に周知", "due": None, "sources": ["m2"]}
            ],
        },
        ensure_ascii=False,
    )


async def test_a_posted_summary_of_talk_quoting_special_mentions_pings_nobody(
    summary_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    slack = summary_bot.slack
    slack.add_message("C1", "&lt;!channel&gt; 明日は全員出席です <!here>", "U1")
    slack.add_message("C1", "<@U2> 会場の予約をお願いします <https://example.go.jp/room|予約システム>", "U1")
    fake_llm.reply_with(_quoting_answer)
    await summary_bot.sender.slash_command("summarize --post", user_id="U1", channel_id="C1")
    await settled(summary_bot.core, seconds=15)
    transcript = str(fake_llm.requests[-1]["messages"][-1]["content"])
    assert "<!channel> 明日は全員出席です @here" in transcript  # what people see in Slack
    assert "@鈴木 会場の予約をお願いします 予約システム (https://example.go.jp/room)" in transcript
    wire = sent_to_slack(slack)
    assert "&lt;!channel&gt; 明日は全員出席です" in wire  # the summary was posted, harmlessly
    assert_no_broadcast(slack)
