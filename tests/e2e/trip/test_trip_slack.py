"""A business trip through signed Slack payloads against the Slack stand-in: the request modal, the draft with
its estimate and buttons, submit, the approvers' DMs with buttons (one failing once and retried through the
outbox), a refused outsider (audited), the approval by a click, and the traveller told in a DM."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.db.models import utcnow
from tests.e2e.conftest import SlackBot, running_http_bot
from tests.integration.trip.conftest import write_org
from tests.world import FakeSlackAPI, block_actions_payload
from tests.world.slack_payloads import view_submission_payload

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=JST)
ACTION = "genai:trip"


@pytest.fixture
async def bot(slack: FakeSlackAPI, database_url: str, tmp_path: Path) -> AsyncIterator[SlackBot]:
    for user, name in (("U0TANAKA", "tanaka"), ("U0YAMADA", "yamada"), ("U0SUZUKI", "suzuki"), ("U0KATO", "kato")):
        slack.add_user(user, name)
    async with running_http_bot(
        slack, database_url, clock=FixedClock(NOW), GENAI_ORG_FILE=str(write_org(tmp_path))
    ) as running:
        yield running


async def _deliver(core: Core) -> None:
    assert core.services.outbox is not None
    await core.services.outbox.sweep(utcnow())


def _texts(slack: FakeSlackAPI, channel: str) -> list[str]:
    return [str(m.get("text", "")) for m in slack.messages(channel)]


def _buttons(message: dict[str, Any]) -> list[str]:
    return [
        str(e.get("value"))
        for block in message.get("blocks", [])
        if block.get("type") == "actions"
        for e in block.get("elements", [])
    ]


async def _click(bot: SlackBot, value: str, user: str) -> str:
    seen = len(bot.slack.responses)
    payload = block_actions_payload(ACTION, value=value, user_id=user, channel_id="D" + user[1:])
    status, _, _ = await bot.sender.interactive(payload)
    assert status == 200
    return str((await bot.slack.wait_for_response(seen + 1, timeout=15))[seen].body.get("text", ""))


async def test_modal_request_approval_dm_retried_refusal_and_a_click_that_approves(bot: SlackBot) -> None:
    slack = bot.slack
    await bot.sender.slash_command("trip new", user_id="U0TANAKA", channel_id="C1")
    [opened] = await slack.wait_for("views.open")
    view = opened.params["view"]
    view = json.loads(view) if isinstance(view, str) else view
    assert [b["block_id"] for b in view["blocks"]][:4] == ["destination", "purpose", "depart", "return_on"]
    values = {
        "destination": {"value": {"type": "plain_text_input", "value": "大阪市"}},
        "purpose": {"value": {"type": "plain_text_input", "value": "予算説明会"}},
        "depart": {"value": {"type": "datepicker", "selected_date": "2026-12-10"}},
        "return_on": {"value": {"type": "datepicker", "selected_date": "2026-12-11"}},
        "fare": {"value": {"type": "plain_text_input", "value": "29000"}},
    }
    metadata = json.dumps({"command": "trip new", "channel_id": "C1", "thread_id": None})
    status, _, _ = await bot.sender.interactive(
        view_submission_payload("genai_form", values, user_id="U0TANAKA", private_metadata=metadata)
    )
    assert status == 200
    [draft] = await slack.wait_for("chat.postEphemeral")
    assert "出張申請 #1 を下書きとして作成しました" in draft.params["text"]
    blocks = draft.params["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    assert _buttons({"blocks": blocks}) == ["submit 1", "edit 1", "cancel 1"]

    slack.fail_next("chat.postMessage", status=200, error="internal_error")  # the first DM fails: retried later
    assert "提出しました" in await _click(bot, "submit 1", "U0TANAKA")
    outbox = bot.core.services.outbox
    assert outbox is not None
    await outbox.sweep(utcnow())
    asked_now = [dm for dm in ("D0YAMADA", "D0SUZUKI") if any("承認依頼" in t for t in _texts(slack, dm))]
    assert len(asked_now) == 1  # one DM went out, the other waits for its retry
    await outbox.sweep(utcnow() + timedelta(minutes=5))
    for dm in ("D0YAMADA", "D0SUZUKI"):
        [asked] = [m for m in slack.messages(dm) if "承認依頼" in str(m.get("text", ""))]
        assert _buttons(asked) == ["approve 1 v1", "reject 1 v1", "return 1 v1"]

    assert "承認者と代理者だけ" in await _click(bot, "approve 1 v1", "U0KATO")
    refused = await bot.core.services.audit.recent(10, action="trip.refused")
    assert [(e.actor, e.target) for e in refused] == [("U0KATO", "trip:1")]

    assert "承認しました" in await _click(bot, "approve 1 v1", "U0YAMADA")
    assert "山田 太郎 さんが判断済み" in await _click(bot, "reject 1 v1", "U0SUZUKI")
    await _deliver(bot.core)
    assert any("山田 太郎 さんに承認されました" in t for t in _texts(slack, "D0TANAKA"))
