"""Message metadata in the fake: stored with chat.postMessage, returned by conversations.history/replies only
when asked for with include_all_metadata (as Slack does); conversations.open for a DM."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from tests.world.slack_api import FakeSlackAPI

META = {"event_type": "genai_outbox", "event_payload": {"key": "reminder:7"}}


async def test_metadata_comes_back_only_when_asked_for(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    slack.add_channel("C1", "general")
    parent = await web_client.chat_postMessage(channel="C1", text="parent", metadata=META)
    await web_client.chat_postMessage(channel="C1", text="reply", thread_ts=parent["ts"], metadata=META)
    assert parent["message"]["metadata"] == META

    plain = await web_client.conversations_history(channel="C1")
    assert "metadata" not in plain["messages"][0]
    full = await web_client.conversations_history(channel="C1", include_all_metadata=True)
    assert full["messages"][0]["metadata"] == META

    thread = await web_client.conversations_replies(channel="C1", ts=parent["ts"])
    assert all("metadata" not in m for m in thread["messages"])
    thread = await web_client.conversations_replies(channel="C1", ts=parent["ts"], include_all_metadata=True)
    assert [m["metadata"] for m in thread["messages"]] == [META, META]
    assert slack.messages("C1")[0]["metadata"] == META  # the store keeps it either way


async def test_conversations_open_finds_the_dm_a_post_to_a_user_went_to(
    slack: FakeSlackAPI, web_client: AsyncWebClient
) -> None:
    slack.add_user("U7", "sato")
    opened = await web_client.conversations_open(users="U7")
    empty = await web_client.conversations_history(channel=opened["channel"]["id"])
    assert empty["messages"] == []
    posted = await web_client.chat_postMessage(channel="U7", text="DM", metadata=META)
    assert posted["channel"] == opened["channel"]["id"]
    history = await web_client.conversations_history(channel=opened["channel"]["id"], include_all_metadata=True)
    assert [(m["text"], m["metadata"]) for m in history["messages"]] == [("DM", META)]
