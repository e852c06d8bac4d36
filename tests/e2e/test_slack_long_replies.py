"""A long answer reaches Slack in messages Slack accepts: continuations in the thread, in order; a very long public
answer as a file; private answers through response_url while it lasts, then chat.postEphemeral."""

from __future__ import annotations

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.messages import Actions, Button, Reply, Text
from handlers.slack.answer import Origin, deliver
from handlers.slack.render import MESSAGE_BLOCKS, to_messages
from handlers.slack.sending import RESPONSE_URL_USES, post_in_thread
from tests.world import FakeSlackAPI


def _long(lines: int) -> str:
    return "\n".join(f"段落 {i:04d} " + "あ" * 200 for i in range(lines))


def _client(slack: FakeSlackAPI) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=slack.base_url)


def _numbers(texts: list[str]) -> list[str]:
    return [word for text in texts for word in text.split() if word.isdigit()]


async def test_a_long_public_answer_continues_in_the_thread_in_order(slack: FakeSlackAPI) -> None:
    reply = Reply.text(_long(400), ephemeral=False)  # ~ 84,000 characters: three messages
    await deliver(reply, Origin(_client(slack), "U1", "C1", "1700000000.000100"))
    calls = slack.calls_to("chat.postMessage")
    assert len(calls) > 1 and all(c.ok for c in calls)
    assert {c.params["thread_ts"] for c in calls} == {"1700000000.000100"}
    assert all(len(c.params["blocks"]) <= MESSAGE_BLOCKS for c in calls)
    sections = [b["text"]["text"] for c in calls for b in c.params["blocks"]]
    assert _numbers(sections) == [f"{i:04d}" for i in range(400)]


async def test_continuations_of_a_top_level_answer_go_in_its_thread(slack: FakeSlackAPI) -> None:
    await deliver(Reply.text(_long(200), ephemeral=False), Origin(_client(slack), "U1", "C1"))
    first, *rest = slack.calls_to("chat.postMessage")
    assert "thread_ts" not in first.params
    assert rest and {c.params["thread_ts"] for c in rest} == {first.response["ts"]}


async def test_a_very_long_public_answer_is_uploaded_as_a_file_in_the_thread(slack: FakeSlackAPI) -> None:
    retry = Actions((Button("再試行", "genai:summarize", "--retry 1"),))
    reply = Reply(blocks=[Text(_long(500)), retry], ephemeral=False)  # ~ 105,000 characters: above 100,000
    await deliver(reply, Origin(_client(slack), "U1", "C1", "1700000000.000100"))
    [buttons] = slack.calls_to("chat.postMessage")  # the file cannot carry the buttons: they follow it
    assert buttons.params["thread_ts"] == "1700000000.000100"
    assert [b["type"] for b in buttons.params["blocks"]] == ["actions"]
    [uploaded] = slack.files.values()
    assert uploaded.completed and uploaded.channel == "C1" and uploaded.thread_ts == "1700000000.000100"
    assert uploaded.content is not None and uploaded.content.decode() == _long(500)
    assert uploaded.initial_comment is not None and uploaded.initial_comment.startswith("段落 0000")


async def test_a_long_private_answer_uses_the_response_url_five_times_then_ephemeral_messages(
    slack: FakeSlackAPI,
) -> None:
    respond = AsyncRespond(response_url=slack.response_url("C1", "U1"))
    reply = Reply(blocks=[Text(f"段落 {i:04d}") for i in range(300)])  # private: never a file; 6 messages
    await deliver(reply, Origin(_client(slack), "U1", "C1", respond=respond))
    assert len(slack.responses) == RESPONSE_URL_USES
    assert {r.body["response_type"] for r in slack.responses} == {"ephemeral"}
    ephemerals = slack.calls_to("chat.postEphemeral")
    assert ephemerals and all(c.ok and c.params["user"] == "U1" for c in ephemerals)
    texts = [b["text"]["text"] for r in slack.responses for b in r.body["blocks"]]
    texts += [b["text"]["text"] for c in ephemerals for b in c.params["blocks"]]
    assert _numbers(texts) == [f"{i:04d}" for i in range(300)]


async def test_an_expired_response_url_falls_back_to_an_ephemeral_message(slack: FakeSlackAPI) -> None:
    expired = AsyncRespond(response_url=f"{slack.url}/response/expired")  # Slack answers 404
    await deliver(Reply.text("結果です"), Origin(_client(slack), "U1", "C1", respond=expired))
    assert slack.responses == []
    [call] = slack.calls_to("chat.postEphemeral")
    assert call.params["user"] == "U1" and call.params["text"] == "結果です"


async def test_post_in_thread_posts_every_part_with_the_same_extras_in_the_first_ones_thread(
    slack: FakeSlackAPI,
) -> None:
    """The ChatPort's post path (scheduled posts, reminders) uses this for long replies."""
    messages = to_messages(Reply.text(_long(400), ephemeral=False))
    metadata = {"event_type": "genai_outbox", "event_payload": {"key": "k1"}}
    first = await post_in_thread(_client(slack), "C1", None, messages, metadata=metadata)
    calls = slack.calls_to("chat.postMessage")
    assert len(calls) == len(messages) == 3 and calls[0].response["ts"] == first
    assert "thread_ts" not in calls[0].params and {c.params["thread_ts"] for c in calls[1:]} == {first}
    assert all(c.params["metadata"] == metadata for c in calls)
