"""Channel controls on the dashboard, signed in through the Entra ID stand-in: a classification changed there is
audited like `/genai classify` and holds for the next LLM call; AI switched off in a channel refuses every call from
it (nothing reaches the OpenAI stand-in) while another channel works; only a global admin may change anything."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from sqlmodel import col, select

from genai_bot.app import Core
from genai_bot.db.models import AuditEntry, OutboxMessage
from genai_bot.llm import channel_classification
from genai_bot.messages import Room, reply_from_dict
from tests.conftest import TestBot, llm_settings_for
from tests.integration.web.signin_world import DashboardWorld, dashboard, sign_in
from tests.world.entra_graph import FakeEntraGraph
from tests.world.openai_api import FakeOpenAI


async def _post(world: DashboardWorld, http: aiohttp.ClientSession, **form: str) -> int:
    async with http.post(world.url + "/admin/channels?lang=en", data=form, allow_redirects=False) as response:
        await response.read()
        return response.status


async def _translate(core: Core, channel: str, user: str = "U0SATO") -> str:
    bot = TestBot(core, room=Room(platform="console", channel_id=channel))
    await bot.as_user(user)
    return await bot.text("/genai translate en 予算案")


async def test_a_classification_changed_on_the_dashboard_is_audited_and_holds_for_the_next_call(
    tmp_path: Path, entra: FakeEntraGraph, fake_llm: FakeOpenAI
) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    async with dashboard(tmp_path, entra, llm_settings=llm_settings_for(fake_llm)) as world:
        core = world.core
        assert "[model-p1]" in await _translate(core, "C-budget")
        async with world.browser_session() as http:
            await sign_in(http, world)
            assert await _post(world, http, platform="console", channel="C-budget", classification="3") == 303
            page = await (await http.get(world.url + "/admin/channels?lang=en")).text()
            assert "C-budget" in page and "3 secret" in page
        assert await channel_classification(core.db, "console", "C-budget") == 3
        refused = await _translate(core, "C-budget")
        assert "max_classification" in refused and len(fake_llm.requests) == 1  # the second call never left
        entry = (await core.services.audit.recent(action="channel.classification_changed"))[0]
        assert entry.actor == "web:sato@example.go.jp" and entry.target == "console:C-budget"
        assert entry.detail == {"level": 3, "via": "dashboard"}
        assert await _notices(core) == [
            "console:C-budget 管理者が管理画面でこのチャンネルの機密区分を 3（極秘）にしました。"
        ]
        async with world.browser_session() as http:  # a global admin may lower it again, like GENAI_ADMIN_USERS
            await sign_in(http, world)
            assert await _post(world, http, platform="console", channel="C-budget", classification="default") == 303
        assert "[model-p1]" in await _translate(core, "C-budget")
        assert [e.detail["level"] for e in await _channel_changes(core)] == [None, 3]


async def test_ai_switched_off_refuses_in_that_channel_and_works_in_another(
    tmp_path: Path, entra: FakeEntraGraph, fake_llm: FakeOpenAI, database_url: str
) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    llm = llm_settings_for(fake_llm)
    async with dashboard(tmp_path, entra, llm_settings=llm, database_url=database_url) as world:
        core = world.core
        async with world.browser_session() as http:
            await sign_in(http, world)
            assert await _post(world, http, platform="console", channel="C-quiet", ai="off") == 303
            api = await (await http.get(world.url + "/admin/api/channels")).json()
        assert api["channels"][0] | {"updated_at": ""} == {
            "platform": "console",
            "channel": "C-quiet",
            "classification": None,
            "language": None,
            "ai_off": True,
            "updated_at": "",
        }
        refused = await _translate(core, "C-quiet")
        assert refused.startswith("! ") and "管理者が AI 機能をオフ" in refused
        assert fake_llm.requests == []
        assert "[model-p1]" in await _translate(core, "C-open")
        assert len(fake_llm.requests) == 1
        switched = (await core.services.audit.recent(action="channel.ai_switched"))[0]
        assert switched.actor == "web:sato@example.go.jp" and switched.detail == {"off": True, "via": "dashboard"}
        [notice] = await _notices(core)
        assert notice.startswith("console:C-quiet ") and "AI 機能をオフにしました" in notice

        # the chat command: anyone may ask, only GENAI_ADMIN_USERS may switch
        bot = TestBot(core, room=Room(platform="console", channel_id="C-quiet"))
        await bot.as_user("U0SUZUKI")
        assert "オフ" in await bot.text("/genai ai")
        assert "GENAI_ADMIN_USERS" in await bot.text("/genai ai on")
        core.services.settings.admin_users = "U0SUZUKI"
        switched_on = await bot.send("/genai ai on")
        assert not switched_on.ephemeral and "オンに戻しました" in switched_on.plain_text
        assert "[model-p1]" in await _translate(core, "C-quiet")
        assert [e.detail["off"] for e in await core.services.audit.recent(action="channel.ai_switched")] == [
            False,
            True,
        ]


async def test_only_a_global_admin_changes_channels(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("suzuki@example.go.jp", "鈴木 一郎", roles=("org_admin",))
    async with dashboard(tmp_path, entra) as world:
        async with world.browser_session() as http:
            await sign_in(http, world)
            async with http.get(world.url + "/admin/channels") as page:
                assert page.status == 403 and "全体管理者" in await page.text()
            assert await _post(world, http, platform="console", channel="C-x", classification="0", ai="off") == 403
            async with http.get(world.url + "/admin/api/channels") as api:
                assert api.status == 403
        async with world.browser_session() as stranger:  # not signed in: sent to sign in, nothing changed
            assert await _post(world, stranger, platform="console", channel="C-x", ai="off") == 303
        assert await core_has_no_channel_change(world.core)


async def test_a_bad_change_is_a_400_and_changes_nothing(tmp_path: Path, entra: FakeEntraGraph) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    async with dashboard(tmp_path, entra) as world:
        async with world.browser_session() as http:
            await sign_in(http, world)
            for form in (
                {"platform": "console", "channel": "C-x", "classification": "7"},
                {"platform": "console", "channel": "C-x'; DROP TABLE channel_settings; --", "ai": "off"},
                {"platform": "console", "channel": "C-x", "ai": "maybe"},
                {"platform": "", "channel": "C-x", "ai": "off"},
            ):
                assert await _post(world, http, **form) == 400
            page = await (await http.get(world.url + "/admin/channels?lang=en")).text()
        assert "No channel has settings yet" in page
        assert await core_has_no_channel_change(world.core)


async def _notices(core: Core) -> list[str]:
    """What was queued to be posted in channels (room and text), oldest first."""
    async with core.db.session() as session:
        rows = (await session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id)))).all()
    return [
        f"{r.payload['platform']}:{r.payload['channel_id']} {reply_from_dict(r.payload['reply']).plain_text}"
        for r in rows
    ]


async def _channel_changes(core: Core) -> list[AuditEntry]:
    return [e for e in await core.services.audit.recent() if e.action.startswith("channel.")]


async def core_has_no_channel_change(core: Core) -> bool:
    return await _channel_changes(core) == []
