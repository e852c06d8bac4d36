"""Web API method handlers for :class:`tests.world.slack_api.FakeSlackAPI`.

Each handler takes the server and the merged request parameters and returns the
JSON body of a successful answer, or raises :class:`SlackMethodError` for an
``{"ok": false, "error": ...}`` answer — the same HTTP 200 + ``ok`` flag Slack uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.world import slack_methods_ui as ui
from tests.world.slack_params import Params, Stream, resolve_channel
from tests.world.slack_store import JSON, Page, SlackMethodError

if TYPE_CHECKING:
    from tests.world.slack_api import FakeSlackAPI

Handler = Callable[["FakeSlackAPI", Params], JSON]


def _bot_message(api: FakeSlackAPI, p: Params) -> JSON:
    extra: JSON = {"bot_id": api.bot_id, "app_id": api.app_id}
    blocks = p.json("blocks")
    if blocks:
        extra["blocks"] = blocks
    metadata = p.json("metadata")
    if metadata:
        extra["metadata"] = metadata
    return extra


def auth_test(api: FakeSlackAPI, p: Params) -> JSON:
    return {
        "url": "https://fake-workspace.slack.com/",
        "team": "Fake Workspace",
        "user": "genai-bot",
        "team_id": api.team_id,
        "user_id": api.bot_user_id,
        "bot_id": api.bot_id,
        "is_enterprise_install": False,
    }


def chat_post_message(api: FakeSlackAPI, p: Params) -> JSON:
    channel = resolve_channel(api, p)
    text = p.opt("text")
    if text is None and not p.json("blocks") and not p.json("attachments"):
        raise SlackMethodError("no_text")
    extra = _bot_message(api, p)
    if p.bool("reply_broadcast") and p.opt("thread_ts"):
        extra["subtype"] = "thread_broadcast"
    msg = api.store.add_message(channel, text or "", api.bot_user_id, thread_ts=p.opt("thread_ts"), **extra)
    return {"channel": channel, "ts": msg["ts"], "message": msg}


def chat_update(api: FakeSlackAPI, p: Params) -> JSON:
    channel = resolve_channel(api, p)
    msg = api.store.get_message(channel, p.req("ts", "message_not_found"))
    if msg is None:
        raise SlackMethodError("message_not_found")
    text = p.opt("text")
    if text is None and not p.json("blocks"):
        raise SlackMethodError("no_text")
    msg["text"] = text or ""
    blocks = p.json("blocks")
    if blocks:
        msg["blocks"] = blocks
    msg["edited"] = {"user": api.bot_user_id, "ts": api.store.next_ts()}
    return {"channel": channel, "ts": msg["ts"], "text": msg["text"], "message": msg}


def chat_post_ephemeral(api: FakeSlackAPI, p: Params) -> JSON:
    channel = resolve_channel(api, p)
    user = p.req("user", "user_not_found")
    if p.opt("text") is None and not p.json("blocks"):
        raise SlackMethodError("no_text")
    ts = api.store.next_ts()
    api.ephemerals.append(
        {
            "channel": channel,
            "user": user,
            "text": p.opt("text") or "",
            "blocks": p.json("blocks"),
            "thread_ts": p.opt("thread_ts"),
            "ts": ts,
        }
    )
    return {"message_ts": ts}


def chat_delete(api: FakeSlackAPI, p: Params) -> JSON:
    channel = resolve_channel(api, p)
    msg = api.store.delete_message(channel, p.req("ts", "message_not_found"))
    return {"channel": channel, "ts": msg["ts"]}


def _stream_pieces(p: Params) -> list[Any]:
    """What one start/append/stop call streams: its ``markdown_text`` and/or ``chunks``."""
    pieces: list[Any] = []
    if p.opt("markdown_text"):
        pieces.append(p.req("markdown_text"))
    chunks = p.json("chunks")
    if isinstance(chunks, list):
        pieces.extend(chunks)
    return pieces


def _append(api: FakeSlackAPI, stream: Stream, pieces: list[Any]) -> None:
    for piece in pieces:
        stream.chunks.append(piece)
        if isinstance(piece, str):
            stream.text += piece
        elif isinstance(piece, dict) and piece.get("type") == "markdown_text":
            stream.text += str(piece.get("text") or "")
    msg = api.store.get_message(stream.channel, stream.ts)
    if msg is not None:
        msg["text"] = stream.text


def chat_start_stream(api: FakeSlackAPI, p: Params) -> JSON:
    channel = resolve_channel(api, p)
    thread_ts = p.req("thread_ts")
    msg = api.store.add_message(channel, "", api.bot_user_id, thread_ts=thread_ts, bot_id=api.bot_id, app_id=api.app_id)
    stream = Stream(channel=channel, ts=msg["ts"], thread_ts=thread_ts)
    _append(api, stream, _stream_pieces(p))
    api.streams[msg["ts"]] = stream
    return {"channel": channel, "ts": msg["ts"]}


def _stream(api: FakeSlackAPI, p: Params) -> Stream:
    channel = resolve_channel(api, p)
    stream = api.streams.get(p.req("ts", "message_not_found"))
    if stream is None or stream.channel != channel:
        raise SlackMethodError("message_not_found")
    if stream.stopped:
        raise SlackMethodError("message_not_in_streaming_state")
    return stream


def chat_append_stream(api: FakeSlackAPI, p: Params) -> JSON:
    stream = _stream(api, p)
    _append(api, stream, _stream_pieces(p))
    return {"channel": stream.channel, "ts": stream.ts}


def chat_stop_stream(api: FakeSlackAPI, p: Params) -> JSON:
    stream = _stream(api, p)
    _append(api, stream, _stream_pieces(p))
    stream.stopped = True
    msg = api.store.get_message(stream.channel, stream.ts) or {}
    blocks = p.json("blocks")
    if blocks:
        msg["blocks"] = blocks
    return {"channel": stream.channel, "ts": stream.ts, "message": msg}


def _readable_channel(api: FakeSlackAPI, p: Params) -> str:
    channel = p.req("channel", "channel_not_found")
    if not api.store.knows_channel(channel):
        raise SlackMethodError("channel_not_found")
    if channel in api.not_in_channel:
        raise SlackMethodError("not_in_channel")
    return channel


def _page_body(page: Page, p: Params) -> JSON:
    """A history page; message metadata only when asked for with ``include_all_metadata``, as Slack does."""
    messages = page.messages
    if not p.bool("include_all_metadata"):
        messages = [{k: v for k, v in m.items() if k != "metadata"} if "metadata" in m else m for m in messages]
    return {
        "messages": messages,
        "has_more": page.has_more,
        "pin_count": 0,
        "response_metadata": {"next_cursor": page.next_cursor},
    }


def conversations_history(api: FakeSlackAPI, p: Params) -> JSON:
    channel = _readable_channel(api, p)
    page = api.store.history(
        channel,
        limit=max(1, min(p.int("limit", 100), 999)),
        oldest=p.opt("oldest"),
        latest=p.opt("latest"),
        inclusive=p.bool("inclusive"),
        cursor=p.opt("cursor"),
    )
    return _page_body(page, p)


def conversations_replies(api: FakeSlackAPI, p: Params) -> JSON:
    channel = _readable_channel(api, p)
    page = api.store.replies(
        channel,
        p.req("ts", "thread_not_found"),
        limit=max(1, min(p.int("limit", 1000), 1000)),
        oldest=p.opt("oldest"),
        latest=p.opt("latest"),
        inclusive=p.bool("inclusive") if "inclusive" in p.data else True,
        cursor=p.opt("cursor"),
    )
    return _page_body(page, p)


def conversations_open(api: FakeSlackAPI, p: Params) -> JSON:
    """Open (or find) the DM with one user: its id is ``D`` + the user id's tail, as where posts to a user id go."""
    users = [u for u in (p.opt("users") or "").split(",") if u]
    if p.opt("channel"):
        return {"channel": {"id": p.req("channel")}}
    if len(users) != 1:
        raise SlackMethodError("users_list_not_supplied" if not users else "not_supported")
    channel = resolve_channel(api, Params({"channel": users[0]}))
    if not api.store.knows_channel(channel):
        api.store.add_channel(channel, channel, members=[users[0]], is_im=True)
    return {"channel": {"id": channel}}


def conversations_info(api: FakeSlackAPI, p: Params) -> JSON:
    channel = _readable_channel(api, p)
    return {"channel": api.store.channel_object(channel)}


def conversations_members(api: FakeSlackAPI, p: Params) -> JSON:
    """Every member on one page (the stand-in's channels are small)."""
    channel = _readable_channel(api, p)
    members = list((api.store.channels.get(channel) or {}).get("members") or [])
    return {"members": members, "response_metadata": {"next_cursor": ""}}


def conversations_join(api: FakeSlackAPI, p: Params) -> JSON:
    channel = p.req("channel", "channel_not_found")
    if not api.store.knows_channel(channel):
        raise SlackMethodError("channel_not_found")
    api.not_in_channel.discard(channel)
    return {"channel": api.store.channel_object(channel)}


def chat_get_permalink(api: FakeSlackAPI, p: Params) -> JSON:
    channel = _readable_channel(api, p)
    ts = p.req("message_ts", "message_not_found")
    if api.store.get_message(channel, ts) is None:
        raise SlackMethodError("message_not_found")
    return {"channel": channel, "permalink": f"https://fake.slack.local/archives/{channel}/p{ts.replace('.', '')}"}


def users_info(api: FakeSlackAPI, p: Params) -> JSON:
    user = api.store.users.get(p.req("user", "user_not_found"))
    if user is None:
        raise SlackMethodError("user_not_found")
    out = dict(user)
    if not p.bool("include_locale"):  # Slack only returns locale when asked for it
        out.pop("locale", None)
    return {"user": out}


METHODS: dict[str, Handler] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.update": chat_update,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "chat.startStream": chat_start_stream,
    "chat.appendStream": chat_append_stream,
    "chat.stopStream": chat_stop_stream,
    "conversations.history": conversations_history,
    "conversations.replies": conversations_replies,
    "conversations.info": conversations_info,
    "conversations.open": conversations_open,
    "conversations.join": conversations_join,
    "conversations.members": conversations_members,
    "users.info": users_info,
    "views.open": ui.views_open,
    "views.push": ui.views_push,
    "views.update": ui.views_update,
    "views.publish": ui.views_publish,
    "files.getUploadURLExternal": ui.files_get_upload_url,
    "files.completeUploadExternal": ui.files_complete_upload,
    "reactions.add": ui.reactions_add,
    "apps.connections.open": ui.apps_connections_open,
    "assistant.threads.setStatus": ui.assistant_set_status,
    "assistant.threads.setSuggestedPrompts": ui.assistant_set_prompts,
    "assistant.threads.setTitle": ui.assistant_set_title,
}
