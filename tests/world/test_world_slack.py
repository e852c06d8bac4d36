"""The fake Web API speaks Slack's wire format to the real slack_sdk clients."""

from __future__ import annotations

import re
import time

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.world.slack_api import FakeSlackAPI

TS = re.compile(r"^\d{10}\.\d{6}$")


async def test_base_url_is_what_the_sdk_expects(slack: FakeSlackAPI) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/", slack.base_url)
    assert slack.port != 0


async def test_auth_test_and_post_message(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    auth = await web_client.auth_test()
    assert (auth["team_id"], auth["user_id"], auth["bot_id"]) == ("T1", "UBOT", "BBOT")

    first = await web_client.chat_postMessage(channel="C1", text="hello")
    second = await web_client.chat_postMessage(channel="C1", text="world", thread_ts=first["ts"])
    assert first["channel"] == "C1" and TS.match(first["ts"])
    assert float(second["ts"]) > float(first["ts"])
    assert first["message"]["text"] == "hello" and first["message"]["bot_id"] == "BBOT"
    assert slack.posted_texts("C1") == ["hello", "world"]
    assert slack.posted_texts("C2") == []
    call = slack.last("chat.postMessage")
    assert call.token == "xoxb-test" and call.params["thread_ts"] == first["ts"]

    with pytest.raises(SlackApiError) as err:
        await web_client.api_call("chat.postMessage", json={"channel": "C1"})
    assert err.value.response["error"] == "no_text"


async def test_replies_are_newer_than_their_parent(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    parent_ts = f"{time.time():.6f}"  # a user message that only arrived as an event
    reply = await web_client.chat_postMessage(channel="C1", text="answer", thread_ts=parent_ts)
    assert float(reply["ts"]) > float(parent_ts)
    with pytest.raises(SlackApiError) as err:
        await web_client.chat_postMessage(channel="C1", text="x", thread_ts="yesterday")
    assert err.value.response["error"] == "invalid_arguments"


async def test_post_to_user_id_opens_dm(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    resp = await web_client.chat_postMessage(channel="U7", text="psst")
    assert resp["channel"] == "D7"
    assert slack.posted_texts("U7") == ["psst"] == slack.posted_texts("D7")


async def test_form_json_and_get_bodies_are_all_understood(slack: FakeSlackAPI) -> None:
    client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
    await client.api_call("chat.postMessage", data={"channel": "C1", "text": "form"})
    await client.api_call("chat.postMessage", json={"channel": "C1", "text": "json"})
    await client.api_call("chat.postMessage", params={"channel": "C1", "text": "query"})
    await client.api_call("chat.postMessage", data={"channel": "C1", "text": "tok", "token": "xoxb-form"})
    assert slack.posted_texts("C1") == ["form", "json", "query", "tok"]
    assert [c.token for c in slack.calls] == ["xoxb-test", "xoxb-test", "xoxb-test", "xoxb-form"]
    history = await client.conversations_history(channel="C1")  # a GET with a query string
    assert [m["text"] for m in history["messages"]] == ["tok", "query", "json", "form"]


async def test_tokens_are_checked_when_configured() -> None:
    async with FakeSlackAPI(tokens={"xoxb-good"}) as slack:
        good = AsyncWebClient(token="xoxb-good", base_url=slack.base_url)
        bad = AsyncWebClient(token="xoxb-bad", base_url=slack.base_url)
        assert (await good.auth_test())["ok"]
        with pytest.raises(SlackApiError) as err:
            await bad.chat_postMessage(channel="C1", text="x")
        assert err.value.response["error"] == "invalid_auth"
        assert slack.posted_texts() == []
        assert slack.calls[-1].method == "chat.postMessage" and not slack.calls[-1].ok


async def test_unknown_method_is_refused_and_logged(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    with pytest.raises(SlackApiError) as err:
        await web_client.api_call("pins.add", params={"channel": "C1"})
    assert err.value.response["error"] == "unknown_method"
    assert slack.last("pins.add").params == {"channel": "C1"}


async def test_history_paginates_2500_messages_with_cursors(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    slack.add_channel("C1", "general", members=["U1", "U2"])
    started = time.perf_counter()
    slack.add_messages("C1", ({"text": f"m{i}", "user": "U1"} for i in range(2500)))
    assert time.perf_counter() - started < 2.0
    texts: list[str] = []
    pages = 0
    async for page in await web_client.conversations_history(channel="C1", limit=200):
        pages += 1
        texts.extend(m["text"] for m in page["messages"])
        assert page["has_more"] == (len(texts) < 2500)
    assert pages == 13
    assert texts == [f"m{i}" for i in reversed(range(2500))]


async def test_history_honours_oldest_latest_and_inclusive(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    for i in range(1, 6):
        slack.add_message("C1", f"m{i}", "U1", ts=f"1700000000.00000{i}")
    slack.add_message("C1", "reply", "U2", thread_ts="1700000000.000002")
    resp = await web_client.conversations_history(channel="C1", oldest="1700000000.000002", latest="1700000000.000005")
    assert [m["text"] for m in resp["messages"]] == ["m4", "m3"]
    resp = await web_client.conversations_history(
        channel="C1", oldest="1700000000.000002", latest="1700000000.000005", inclusive=True, limit=2
    )
    assert [m["text"] for m in resp["messages"]] == ["m5", "m4"]
    assert resp["has_more"] is True and resp["response_metadata"]["next_cursor"]
    parent = next(m for m in resp["messages"] if m["text"] == "m4")
    assert "reply_count" not in parent


async def test_replies_paginate_parent_first(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    parent = slack.add_message("C1", "question", "U1")
    for i in range(25):
        slack.add_message("C1", f"r{i}", "U2" if i % 2 else "U1", thread_ts=parent["ts"])
    assert parent["reply_count"] == 25 and parent["reply_users"] == ["U1", "U2"]
    texts: list[str] = []
    async for page in await web_client.conversations_replies(channel="C1", ts=parent["ts"], limit=10):
        texts.extend(m["text"] for m in page["messages"])
    assert texts == ["question"] + [f"r{i}" for i in range(25)]
    history = await web_client.conversations_history(channel="C1")
    assert [m["text"] for m in history["messages"]] == ["question"]  # replies stay in the thread
    with pytest.raises(SlackApiError) as err:
        await web_client.conversations_replies(channel="C1", ts="1600000000.000000")
    assert err.value.response["error"] == "thread_not_found"


async def test_channels_membership_and_users(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    slack.add_channel("C1", "general", members=["U1"])
    slack.add_user("U1", "taro", tz="Asia/Tokyo", locale="ja-JP", email="taro@example.jp")
    info = await web_client.conversations_info(channel="C1")
    assert info["channel"]["name"] == "general"
    for call in (web_client.conversations_info(channel="C404"), web_client.users_info(user="U404")):
        with pytest.raises(SlackApiError) as err:
            await call
        assert err.value.response["error"] in {"channel_not_found", "user_not_found"}

    slack.not_in_channel.add("C1")
    for method in ("conversations_info", "conversations_history"):
        with pytest.raises(SlackApiError) as err:
            await getattr(web_client, method)(channel="C1")
        assert err.value.response["error"] == "not_in_channel"
    await web_client.conversations_join(channel="C1")
    assert (await web_client.conversations_history(channel="C1"))["ok"]

    user = (await web_client.users_info(user="U1", include_locale=True))["user"]
    assert user["profile"]["display_name"] == "taro" and user["real_name"] == "taro"
    assert (user["tz"], user["tz_offset"], user["locale"]) == ("Asia/Tokyo", 32400, "ja-JP")
    assert "locale" not in (await web_client.users_info(user="U1"))["user"]


async def test_update_ephemeral_delete_reaction(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    posted = await web_client.chat_postMessage(channel="C1", text="draft")
    updated = await web_client.chat_update(channel="C1", ts=posted["ts"], text="final")
    assert updated["message"]["text"] == "final"
    eph = await web_client.chat_postEphemeral(channel="C1", user="U1", text="only you")
    assert TS.match(eph["message_ts"]) and slack.ephemerals[0]["user"] == "U1"
    await web_client.reactions_add(channel="C1", timestamp=posted["ts"], name="eyes")
    assert slack.reactions == [("C1", posted["ts"], "eyes")]
    await web_client.chat_delete(channel="C1", ts=posted["ts"])
    assert slack.messages("C1") == []
    with pytest.raises(SlackApiError) as err:
        await web_client.chat_update(channel="C1", ts=posted["ts"], text="gone")
    assert err.value.response["error"] == "message_not_found"


async def test_chat_stream_helper(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    parent = slack.add_message("D1", "summarise please", "U1")
    streamer = await web_client.chat_stream(
        channel="D1", thread_ts=parent["ts"], recipient_team_id="T1", recipient_user_id="U1", buffer_size=5
    )
    for piece in ("Hello ", "streaming ", "world"):
        await streamer.append(markdown_text=piece)
    await streamer.stop(markdown_text="!")
    ts = slack.last("chat.startStream").response["ts"]
    assert slack.streams[ts].text == "Hello streaming world!" and slack.streams[ts].stopped
    stored = slack.store.get_message("D1", ts)
    assert stored is not None and stored["text"] == "Hello streaming world!"
    with pytest.raises(SlackApiError) as err:
        await web_client.chat_appendStream(channel="D1", ts=ts, markdown_text="late")
    assert err.value.response["error"] == "message_not_in_streaming_state"


async def test_views_and_assistant_threads(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    modal = {"type": "modal", "callback_id": "trip", "title": {"type": "plain_text", "text": "Trip"}, "blocks": []}
    opened = (await web_client.views_open(trigger_id="1.2.3", view=modal))["view"]
    assert opened["id"].startswith("V") and opened["callback_id"] == "trip"
    updated = (await web_client.views_update(view_id=opened["id"], view={**modal, "callback_id": "trip2"}))["view"]
    assert updated["id"] == opened["id"] and slack.views[opened["id"]]["callback_id"] == "trip2"
    pushed = (await web_client.views_push(trigger_id="1.2.4", view=modal))["view"]
    assert pushed["previous_view_id"] == opened["id"]
    await web_client.views_publish(user_id="U1", view={"type": "home", "blocks": []})
    assert slack.home_views["U1"]["type"] == "home"

    await web_client.assistant_threads_setStatus(channel_id="D1", thread_ts="1.0", status="is thinking...")
    await web_client.assistant_threads_setTitle(channel_id="D1", thread_ts="1.0", title="Trip")
    await web_client.assistant_threads_setSuggestedPrompts(
        channel_id="D1", thread_ts="1.0", prompts=[{"title": "Help", "message": "help"}]
    )
    assert slack.assistant_status[("D1", "1.0")] == "is thinking..."
    assert slack.assistant_titles[("D1", "1.0")] == "Trip"
    assert slack.assistant_prompts[("D1", "1.0")][0]["title"] == "Help"


async def test_files_upload_v2(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    resp = await web_client.files_upload_v2(
        channel="C1", filename="minutes.txt", content="議事録", title="Minutes", initial_comment="here"
    )
    file_id = resp["file"]["id"]
    stored = slack.files[file_id]
    assert stored.content == "議事録".encode() and stored.completed
    assert (stored.name, stored.title, stored.channel) == ("minutes.txt", "Minutes", "C1")
    assert slack.messages("C1")[-1]["text"] == "here"
    assert [c.method for c in slack.calls] == ["files.getUploadURLExternal", "files.completeUploadExternal"]


async def test_rate_limit_sliding_window_answers_429(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    slack.set_rate_limit("chat.postMessage", max_calls=2, per_seconds=60, retry_after=7)
    await web_client.chat_postMessage(channel="C1", text="1")
    await web_client.chat_postMessage(channel="C1", text="2")
    with pytest.raises(SlackApiError) as err:
        await web_client.chat_postMessage(channel="C1", text="3")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "7"
    assert err.value.response["error"] == "ratelimited"
    assert slack.posted_texts() == ["1", "2"]
    assert [c.limited for c in slack.calls_to("chat.postMessage", include_limited=True)] == [False, False, True]
    assert len(await slack.wait_for("chat.postMessage", count=2)) == 2


async def test_retry_handler_waits_out_retry_after(slack: FakeSlackAPI) -> None:
    client = AsyncWebClient(
        token="xoxb-test",
        base_url=slack.base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
    )
    slack.fail_next("chat.postMessage", times=1, status=429, retry_after=1)
    resp = await client.chat_postMessage(channel="C1", text="eventually")
    assert resp["ok"]
    limited, accepted = slack.calls_to("chat.postMessage", include_limited=True)
    assert limited.limited and not accepted.limited
    assert accepted.at - limited.at >= 1.0
    assert slack.posted_texts() == ["eventually"]


async def test_fail_next_can_inject_api_errors(slack: FakeSlackAPI, web_client: AsyncWebClient) -> None:
    slack.fail_next("conversations.history", status=200, error="internal_error")
    with pytest.raises(SlackApiError) as err:
        await web_client.conversations_history(channel="C1")
    assert err.value.response["error"] == "internal_error"
    slack.add_channel("C1", "general")
    assert (await web_client.conversations_history(channel="C1"))["ok"]


async def test_wait_for_times_out_with_a_useful_message(slack: FakeSlackAPI) -> None:
    with pytest.raises(TimeoutError, match=r"chat\.postMessage"):
        await slack.wait_for("chat.postMessage", timeout=0.05)


async def test_response_url_with_webhook_client(slack: FakeSlackAPI) -> None:
    url = slack.response_url(channel="C9", user="U9")
    webhook = AsyncWebhookClient(url)
    first = await webhook.send(text="done", response_type="ephemeral")
    assert (first.status_code, first.body) == (200, "ok")
    responses = await slack.wait_for_response()
    assert responses[0].body == {"text": "done", "response_type": "ephemeral"}
    assert (responses[0].channel, responses[0].user) == ("C9", "U9")
    for i in range(4):
        assert (await webhook.send(text=f"again {i}")).status_code == 200
    assert (await webhook.send(text="sixth")).status_code == 404
    assert len(slack.responses) == 5
    async with aiohttp.ClientSession() as session, session.post(f"{slack.url}/response/nope", json={}) as r:
        assert r.status == 404


async def test_live_ts_follow_the_real_clock_as_slacks_do() -> None:
    async with FakeSlackAPI(tokens=["xoxb-test"], live_ts=True) as slack:
        slack.add_channel("C1", "general", members=["UBOT"])
        client = AsyncWebClient(token="xoxb-test", base_url=slack.base_url)
        before = time.time()
        first = await client.chat_postMessage(channel="C1", text="one")
        second = await client.chat_postMessage(channel="C1", text="two")
        assert before <= float(first["ts"]) < float(second["ts"])
        found = await client.conversations_history(channel="C1", oldest=f"{before - 60:.6f}")
        assert [m["text"] for m in found["messages"]] == ["two", "one"]
