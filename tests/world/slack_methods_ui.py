"""Web API handlers for views, files, reactions, Socket Mode and assistant threads.

Same contract as :mod:`tests.world.slack_methods`: return the success body or raise
:class:`SlackMethodError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.world.slack_params import Params, UploadedFile, new_id, resolve_channel
from tests.world.slack_store import JSON, SlackMethodError

if TYPE_CHECKING:
    from tests.world.slack_api import FakeSlackAPI


def _view_payload(api: FakeSlackAPI, p: Params, *, view_id: str | None = None) -> JSON:
    view = p.json("view")
    if not isinstance(view, dict) or "type" not in view:
        raise SlackMethodError("invalid_arguments")
    view_id = view_id or new_id("V")
    return {
        "id": view_id,
        "team_id": api.team_id,
        "app_id": api.app_id,
        "bot_id": api.bot_id,
        "blocks": [],
        "private_metadata": "",
        "callback_id": "",
        "external_id": "",
        "state": {"values": {}},
        "hash": new_id("h."),
        "clear_on_close": False,
        "notify_on_close": False,
        "root_view_id": view_id,
        "previous_view_id": None,
        **view,
    } | {"id": view_id}


def views_open(api: FakeSlackAPI, p: Params) -> JSON:
    p.req("trigger_id", "invalid_trigger_id")
    view = _view_payload(api, p)
    api.views[view["id"]] = view
    return {"view": view}


def views_push(api: FakeSlackAPI, p: Params) -> JSON:
    p.req("trigger_id", "invalid_trigger_id")
    view = _view_payload(api, p)
    previous = next(reversed(api.views), None)
    view["previous_view_id"] = previous
    if previous is not None:
        view["root_view_id"] = api.views[previous]["root_view_id"]
    api.views[view["id"]] = view
    return {"view": view}


def views_update(api: FakeSlackAPI, p: Params) -> JSON:
    view_id = p.opt("view_id")
    external_id = p.opt("external_id")
    if view_id is None and external_id is not None:
        view_id = next((k for k, v in api.views.items() if v.get("external_id") == external_id), None)
    if view_id is None or view_id not in api.views:
        raise SlackMethodError("not_found")
    view = _view_payload(api, p, view_id=view_id)
    view["root_view_id"] = api.views[view_id]["root_view_id"]
    view["previous_view_id"] = api.views[view_id]["previous_view_id"]
    api.views[view_id] = view
    return {"view": view}


def views_publish(api: FakeSlackAPI, p: Params) -> JSON:
    user = p.req("user_id", "invalid_arguments")
    previous = api.home_views.get(user)
    view = _view_payload(api, p, view_id=previous["id"] if previous else None)
    api.home_views[user] = view
    api.views[view["id"]] = view
    return {"view": view}


def files_get_upload_url(api: FakeSlackAPI, p: Params) -> JSON:
    name = p.req("filename")
    length = p.int("length", -1)
    if length < 0:
        raise SlackMethodError("invalid_arguments")
    file_id = new_id("F")
    api.files[file_id] = UploadedFile(id=file_id, name=name, length=length)
    return {"upload_url": f"{api.url}/upload/v1/{file_id}", "file_id": file_id}


def files_complete_upload(api: FakeSlackAPI, p: Params) -> JSON:
    items = p.json("files")
    if not isinstance(items, list) or not items:
        raise SlackMethodError("invalid_arguments")
    channel = p.opt("channel_id") or p.opt("channels")
    if channel is not None and channel in api.not_in_channel:
        raise SlackMethodError("not_in_channel")
    out: list[JSON] = []
    for item in items:
        f = api.files.get(str(item.get("id")))
        if f is None or f.content is None:
            raise SlackMethodError("file_not_found")
        f.completed, f.title = True, item.get("title") or f.name
        f.channel, f.thread_ts, f.initial_comment = channel, p.opt("thread_ts"), p.opt("initial_comment")
        out.append(
            {
                "id": f.id,
                "name": f.name,
                "title": f.title,
                "size": len(f.content),
                "mimetype": "application/octet-stream",
                "user": api.bot_user_id,
                "channels": [channel] if channel else [],
            }
        )
    if channel is not None:
        api.store.add_message(
            channel,
            p.opt("initial_comment") or "",
            api.bot_user_id,
            thread_ts=p.opt("thread_ts"),
            files=out,
            upload=True,
            bot_id=api.bot_id,
        )
    return {"files": out}


def reactions_add(api: FakeSlackAPI, p: Params) -> JSON:
    channel = resolve_channel(api, p)
    ts, name = p.req("timestamp", "message_not_found"), p.req("name", "invalid_name")
    key = (channel, ts, name)
    if key in api.reactions:
        raise SlackMethodError("already_reacted")
    api.reactions.append(key)
    msg = api.store.get_message(channel, ts)
    if msg is not None:
        msg.setdefault("reactions", []).append({"name": name, "users": [api.bot_user_id], "count": 1})
    return {}


def apps_connections_open(api: FakeSlackAPI, p: Params) -> JSON:
    if not api.socket_mode_url:
        raise SlackMethodError("socket_mode_not_configured")
    return {"url": api.socket_mode_url}


def _thread_key(p: Params) -> tuple[str, str]:
    return p.req("channel_id", "channel_not_found"), p.req("thread_ts", "invalid_arguments")


def assistant_set_status(api: FakeSlackAPI, p: Params) -> JSON:
    api.assistant_status[_thread_key(p)] = p.opt("status") or ""
    return {}


def assistant_set_prompts(api: FakeSlackAPI, p: Params) -> JSON:
    prompts = p.json("prompts")
    if not isinstance(prompts, list):
        raise SlackMethodError("invalid_arguments")
    api.assistant_prompts[_thread_key(p)] = prompts
    return {}


def assistant_set_title(api: FakeSlackAPI, p: Params) -> JSON:
    api.assistant_titles[_thread_key(p)] = p.req("title")
    return {}
