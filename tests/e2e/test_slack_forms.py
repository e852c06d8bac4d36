"""Forms as Slack modals, button clicks that update their message, and field errors shown in the modal."""

from __future__ import annotations

import asyncio
import json

import pytest

from genai_bot.commands import CommandContext, Verb
from genai_bot.errors import FieldError
from genai_bot.messages import Choice, Form, FormField, Reply, Text
from tests.e2e.conftest import SlackBot
from tests.world import block_actions_payload, view_submission_payload

FORM = Form(
    title="委員会を作成",
    submit_label="作成",
    command="formtest submit",
    fields=(
        FormField("name", "名称"),
        FormField("members", "委員", kind="users", required=False),
        FormField("day", "開催日", kind="date"),
        FormField("role", "役割", kind="select", choices=(Choice("委員", "member"), Choice("座長", "chair"))),
    ),
)
seen: list[dict[str, str]] = []


async def formtest(ctx: CommandContext, args: str) -> Reply:
    if args == "slow submit":
        await asyncio.sleep(0.6)
        if not ctx.extra.get("name", "").strip():
            raise FieldError("name", "error.empty_command")
        return Reply.text(f"作成しました: {ctx.extra['name']}")
    if args == "submit":
        seen.append(dict(ctx.extra))
        if not ctx.extra.get("name", "").strip():
            raise FieldError("name", "error.empty_command")
        return Reply.text(f"作成しました: {ctx.extra['name']}")
    if args.startswith("bump"):
        return Reply(blocks=[Text("更新済み")], ephemeral=False, update_message_id=ctx.extra["message_id"])
    return Reply(form=FORM)


def _install(bot: SlackBot) -> None:
    seen.clear()
    bot.core.registry.register(Verb("formtest", (), formtest))


async def test_a_form_reply_opens_a_modal_with_the_fields(http_bot: SlackBot) -> None:
    _install(http_bot)
    await http_bot.sender.slash_command("formtest", channel_id="C1")
    [call] = await http_bot.slack.wait_for("views.open")
    view = call.params["view"] if isinstance(call.params["view"], dict) else json.loads(call.params["view"])
    assert view["type"] == "modal" and view["title"]["text"] == "委員会を作成"
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds == {
        "name": "plain_text_input",
        "members": "multi_users_select",
        "day": "datepicker",
        "role": "static_select",
    }
    assert json.loads(view["private_metadata"])["command"] == "formtest submit"
    assert http_bot.slack.responses == []  # the modal replaces the text answer


def _values(name: str) -> dict[str, dict[str, dict[str, object]]]:
    return {
        "name": {"value": {"type": "plain_text_input", "value": name}},
        "members": {"value": {"type": "multi_users_select", "selected_users": ["U2", "U3"]}},
        "day": {"value": {"type": "datepicker", "selected_date": "2026-12-01"}},
        "role": {"value": {"type": "static_select", "selected_option": {"value": "chair"}}},
    }


async def test_submitting_runs_the_command_with_the_values_and_answers_ephemerally(http_bot: SlackBot) -> None:
    _install(http_bot)
    meta = json.dumps({"command": "formtest submit", "channel_id": "C1", "thread_id": None})
    status, _, _ = await http_bot.sender.interactive(
        view_submission_payload("genai_form", _values("防災委員会"), private_metadata=meta)
    )
    assert status == 200
    assert seen == [{"name": "防災委員会", "members": "U2,U3", "day": "2026-12-01", "role": "chair"}]
    [call] = await http_bot.slack.wait_for("chat.postEphemeral")
    assert call.params["channel"] == "C1" and call.params["user"] == "U1"
    assert "作成しました: 防災委員会" in call.params["text"]


async def test_a_field_error_is_shown_next_to_the_field_in_the_modal(http_bot: SlackBot) -> None:
    _install(http_bot)
    meta = json.dumps({"command": "formtest submit", "channel_id": "C1", "thread_id": None})
    status, body, _ = await http_bot.sender.interactive(
        view_submission_payload("genai_form", _values("  "), private_metadata=meta)
    )
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors" and "コマンドを入力してください" in answer["errors"]["name"]
    assert http_bot.slack.calls_to("chat.postEphemeral") == []


async def test_a_button_reply_can_update_the_message_it_sits_on(http_bot: SlackBot) -> None:
    _install(http_bot)
    message = {"type": "message", "ts": "1732500000.000200", "text": "投票", "user": "UBOT"}
    await http_bot.sender.interactive(block_actions_payload("genai:formtest", value="bump", message=message))
    [call] = await http_bot.slack.wait_for("chat.update")
    assert call.params["ts"] == "1732500000.000200" and call.params["channel"] == "C1"
    assert "更新済み" in call.params["text"]


async def test_a_slow_submission_closes_the_modal_at_once_and_answers_afterwards(
    http_bot: SlackBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handlers.slack.listeners as listeners

    monkeypatch.setattr(listeners, "FORM_ACK_BUDGET_SECONDS", 0.1)
    _install(http_bot)
    meta = json.dumps({"command": "formtest slow submit", "channel_id": "C1", "thread_id": None})
    status, body, _ = await http_bot.sender.interactive(
        view_submission_payload("genai_form", _values("遅い委員会"), private_metadata=meta)
    )
    assert status == 200 and body == ""  # acknowledged before the command finished
    [call] = await http_bot.slack.wait_for("chat.postEphemeral")
    assert "作成しました: 遅い委員会" in call.params["text"]


async def test_an_answer_for_a_channel_the_bot_is_not_in_goes_to_a_direct_message(http_bot: SlackBot) -> None:
    _install(http_bot)
    http_bot.slack.fail_next("chat.postEphemeral", times=1, status=200, error="not_in_channel")
    meta = json.dumps({"command": "formtest submit", "channel_id": "C9", "thread_id": None})
    await http_bot.sender.interactive(
        view_submission_payload("genai_form", _values("防災委員会"), private_metadata=meta)
    )
    [dm] = await http_bot.slack.wait_for("chat.postMessage")
    assert dm.params["channel"] == "U1" and "作成しました: 防災委員会" in dm.params["text"]
