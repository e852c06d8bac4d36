"""Feedback on the dashboard: ratings given through the bot show per skill and per model on /admin/feedback and
/admin/api/feedback; an organisation admin sees only their organisation's; bad input is a 400."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from tests.conftest import TestBot, llm_settings_for, running_core
from tests.integration.web.admin_app import GLOBAL, MIC_ADMIN, admin_client
from tests.world.openai_api import FakeOpenAI

DAY = {"from": "2026-12-01", "to": "2026-12-01"}
_ORGS = {"tanaka": "mof", "sato": "mof", "suzuki": "mic"}


async def _rate(core: Core, user: str, line: str, rating: str) -> str:
    bot = await TestBot.signed_in(core, user)
    reply = await bot.send(line)
    assert reply.feedback is not None, reply
    await bot.send(f"/genai feedback {reply.feedback.ref} {rating}")
    return reply.feedback.ref


@pytest.fixture
async def rated(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    clock = FixedClock(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    async with running_core(settings, llm_settings=llm_settings_for(fake_llm), clock=clock) as core:
        assert core.services.llm is not None
        core.services.llm.usage.organisation_of = lambda user: _ORGS.get(user.rsplit(":", 1)[-1])
        ref = await _rate(core, "tanaka", "/genai translate en 会議は中止です", "up")
        bot = await TestBot.signed_in(core, "sato")
        await bot.send(f"/genai feedback {ref} down 訳が硬すぎる")  # someone else rates tanaka's answer
        await _rate(core, "suzuki", "/genai translate en 予算案", "down 用語が違う")
        await _rate(core, "suzuki", "/genai chat 会議室の予約方法は？", "up")
        yield core


async def test_the_api_shows_ratings_and_up_share_per_skill_and_model(rated: Core) -> None:
    async with admin_client(rated.services, GLOBAL) as client:
        response = await client.get("/admin/api/feedback", params=DAY)
        assert response.status == 200
        body = await response.json()
    assert body["totals"] == {"key": "all", "ratings": 4, "up": 2, "down": 2, "up_share": 0.5, "reasons": 2}
    assert [(g["key"], g["up"], g["down"], g["up_share"]) for g in body["by_skill"]] == [
        ("translate", 1, 2, 0.3333),
        ("chat", 1, 0, 1.0),
    ]
    assert [(g["provider"], g["model"], g["ratings"]) for g in body["by_model"]] == [("p1", "model-p1", 4)]
    assert sorted(r["reason"] for r in body["reasons"]) == ["用語が違う", "訳が硬すぎる"]
    assert {r["day"] for r in body["reasons"]} == {"2026-12-01"}


async def test_an_organisation_admin_sees_only_their_organisation(rated: Core) -> None:
    async with admin_client(rated.services, MIC_ADMIN) as client:
        other = await (await client.get("/admin/api/feedback", params={**DAY, "org": "mof"})).json()
        body = await (await client.get("/admin/api/feedback", params=DAY)).json()
        page = await (await client.get("/admin/feedback", params={**DAY, "lang": "en"})).text()
    assert other["organisation"] == "mic" and other["totals"]["ratings"] == 0  # asking for another one shows nothing
    assert body["organisation"] == "mic"
    assert body["totals"]["ratings"] == 2
    assert [r["reason"] for r in body["reasons"]] == ["用語が違う"]
    assert "用語が違う" in page and "訳が硬すぎる" not in page


async def test_the_page_reads_well_in_both_languages_and_links_from_the_usage_page(rated: Core) -> None:
    async with admin_client(rated.services, GLOBAL) as client:
        ja = await (await client.get("/admin/feedback", params=DAY)).text()
        en = await (await client.get("/admin/feedback", params={**DAY, "lang": "en"})).text()
        empty = await (await client.get("/admin/feedback", params={"from": "2026-01-01", "to": "2026-01-02"})).text()
        usage = await (await client.get("/admin", params=DAY)).text()
    assert "機能別" in ja and "translate" in ja and "p1/model-p1" in ja and "50%" in ja
    assert "By skill" in en and "Latest reasons given with 👎" in en and "訳が硬すぎる" in en
    assert "評価はまだありません" in empty
    assert "/admin/feedback?" in usage


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2026-12-05", "to": "2026-12-01"}, "bad_range"),
        ({"from": "yesterday"}, "bad_date"),
    ],
)
async def test_bad_input_is_a_400_with_a_message(rated: Core, params: dict[str, str], code: str) -> None:
    async with admin_client(rated.services, GLOBAL) as client:
        for path in ("/admin/api/feedback", "/admin/feedback"):
            response = await client.get(path, params=params)
            assert response.status == 400 and (await response.json())["error"] == code


async def test_injection_in_the_org_filter_changes_nothing(rated: Core) -> None:
    async with admin_client(rated.services, GLOBAL) as client:
        body = await (await client.get("/admin/api/feedback", params={**DAY, "org": "mof' OR '1'='1"})).json()
        again = await (await client.get("/admin/api/feedback", params=DAY)).json()
    assert body["totals"]["ratings"] == 0 and again["totals"]["ratings"] == 4
