"""👍/👎 end to end over Slack HTTP mode (signed payloads, the stand-in Slack): the buttons under an AI answer, a
👍 then a 👎 whose reason modal is sent, one row per person, and the ratings on the dashboard's API."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import select

from genai_bot.db.feedback_models import Feedback
from tests.e2e.conftest import SlackBot
from tests.integration.translate.fakes import translator
from tests.integration.web.admin_app import GLOBAL, admin_client
from tests.world import block_actions_payload, view_submission_payload
from tests.world.openai_api import FakeOpenAI


def _feedback_buttons(body: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """The answer's feedback buttons: (action id, value) by the value's last word (up / down)."""
    blocks = body.get("blocks") or []
    [actions] = [b for b in blocks if b["type"] == "actions"]
    assert all(e["action_id"].startswith("genai:feedback") for e in actions["elements"])
    return {e["value"].split()[1]: (e["action_id"], e["value"]) for e in actions["elements"]}


async def _click(bot: SlackBot, button: tuple[str, str], user: str) -> dict[str, Any]:
    seen = len(bot.slack.responses)
    action_id, value = button
    status, _, _ = await bot.sender.interactive(block_actions_payload(action_id, value=value, user_id=user))
    assert status == 200
    return (await bot.slack.wait_for_response(seen + 1, timeout=15))[seen].body


async def test_thumbs_up_then_down_with_a_reason_records_one_rating_per_person(
    llm_http_bot: SlackBot, fake_llm: FakeOpenAI
) -> None:
    bot, slack = llm_http_bot, llm_http_bot.slack
    slack.add_user("U2", "sato", email="sato@example.go.jp")
    fake_llm.reply_with(translator())
    status, _, _ = await bot.sender.slash_command("translate 本日の会議は中止です")
    assert status == 200
    [answer] = await slack.wait_for_response(1)
    assert answer.body["text"].startswith("Today's meeting is cancelled")
    buttons = _feedback_buttons(answer.body)
    ref = buttons["up"][1].split()[0]

    thanked = await _click(bot, buttons["up"], "U1")
    assert thanked["response_type"] == "ephemeral" and "👍" in thanked["text"]
    action_id, value = buttons["down"]  # 👎: recorded, and the reason modal opens instead of a message
    status, _, _ = await bot.sender.interactive(block_actions_payload(action_id, value=value, user_id="U1"))
    assert status == 200
    [opened] = await slack.wait_for("views.open")
    view = json.loads(opened.params["view"]) if isinstance(opened.params["view"], str) else opened.params["view"]
    assert [b["block_id"] for b in view["blocks"] if b["type"] == "input"] == ["reason"]
    metadata = json.loads(view["private_metadata"])
    assert metadata["command"] == f"feedback {ref} down"
    values = {"reason": {"value": {"type": "plain_text_input", "value": "固有名詞の訳が違います"}}}
    status, _, _ = await bot.sender.interactive(
        view_submission_payload("genai_form", values, user_id="U1", private_metadata=view["private_metadata"])
    )
    assert status == 200
    [thanks] = await slack.wait_for("chat.postEphemeral", timeout=15)
    assert "理由" in thanks.params["text"]
    await _click(bot, buttons["up"], "U2")

    async with bot.core.db.session() as s:
        rows = list((await s.exec(select(Feedback).order_by(Feedback.user))).all())
    assert [(r.user, r.rating, r.reason, r.skill, r.model) for r in rows] == [
        ("slack:T1:U1", "down", "固有名詞の訳が違います", "translate", "model-p1"),
        ("slack:T1:U2", "up", None, "translate", "model-p1"),
    ]
    day = rows[0].created_at.date().isoformat()
    async with admin_client(bot.core.services, GLOBAL) as client:
        body = await (await client.get("/admin/api/feedback", params={"from": day, "to": day})).json()
    assert [(g["key"], g["up"], g["down"]) for g in body["by_skill"]] == [("translate", 1, 1)]
    assert [(g["key"], g["ratings"]) for g in body["by_model"]] == [("p1/model-p1", 2)]
    assert [r["reason"] for r in body["reasons"]] == ["固有名詞の訳が違います"]
