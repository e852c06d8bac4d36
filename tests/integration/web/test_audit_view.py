"""The audit-log view over HTTP: filters by action prefix, actor and target, pages newest first, 400s with a message,
injection attempts that change nothing, and an organisation admin who sees only their own people's actions."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from genai_bot.app import Core
from genai_bot.config import Settings
from genai_bot.db.models import AuditEntry
from genai_bot.services import Services
from genai_bot.web.audit_pages import add_audit_routes
from genai_bot.web.identity import Admin, set_admin
from tests.conftest import running_core
from tests.integration.web.admin_app import GLOBAL, MIC_ADMIN
from tests.integration.web.signin_world import ORG_YAML

MOF_ADMIN = Admin("s-3", "Tanaka", "tanaka@example.go.jp", frozenset({"org_admin"}), "mof")
RANGE = {"from": "2026-11-01", "to": "2026-12-02"}
# (at, actor, action, target, detail): U0SATO and U0TANAKA are in mof, U0SUZUKI in mic (signin_world's org file)
ENTRIES = [
    (datetime(2026, 11, 2, 1, 0, tzinfo=UTC), "slack:T1:U0SATO", "trip.submitted", "trip:1", {"days": 2}),
    (datetime(2026, 11, 3, 2, 0, tzinfo=UTC), "slack:T1:U0SUZUKI", "trip.submitted", "trip:2", {"days": 1}),
    (datetime(2026, 11, 5, 3, 0, tzinfo=UTC), "slack:T1:U0SATO", "channel.classification_changed", "slack:C9", {}),
    (datetime(2026, 11, 9, 4, 0, tzinfo=UTC), "slack:T1:U0TANAKA", "trip.approved", "trip:1", {}),
    (datetime(2026, 11, 20, 5, 0, tzinfo=UTC), "slack:T1:U0SUZUKI", "digest.subscribed", "digest:7", {}),
    (datetime(2026, 11, 30, 6, 0, tzinfo=UTC), "web:suzuki@example.go.jp", "trip.rejected", "trip:2", {"x": "<b>"}),
    (datetime(2026, 12, 1, 7, 0, tzinfo=UTC), "system", "retention.pruned", None, {"rows": 3}),
]


@pytest.fixture
async def org_core(settings: Settings, tmp_path: Path) -> AsyncIterator[Core]:
    org_file = tmp_path / "org.yaml"
    org_file.write_text(ORG_YAML, encoding="utf-8")
    settings.org_file = org_file
    async with running_core(settings) as core:
        async with core.db.session() as session:
            for at, actor, action, target, detail in ENTRIES:
                session.add(AuditEntry(at=at, actor=actor, action=action, target=target, detail=detail))
        yield core


@asynccontextmanager
async def client_as(services: Services, admin: Admin) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    @web.middleware
    async def signed_in(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        set_admin(request, admin)
        return await handler(request)

    app = web.Application(middlewares=[signed_in])
    add_audit_routes(app, services)
    async with TestClient(TestServer(app)) as client:
        yield client


async def _actions(client: TestClient[web.Request, web.Application], **params: str) -> list[tuple[str, str]]:
    response = await client.get("/admin/api/audit", params={**RANGE, **params})
    assert response.status == 200, await response.text()
    return [(e["actor"], e["action"]) for e in (await response.json())["entries"]]


async def test_filters_by_action_prefix_actor_and_target_newest_first(org_core: Core) -> None:
    async with client_as(org_core.services, GLOBAL) as client:
        assert await _actions(client, action="trip.") == [
            ("web:suzuki@example.go.jp", "trip.rejected"),
            ("slack:T1:U0TANAKA", "trip.approved"),
            ("slack:T1:U0SUZUKI", "trip.submitted"),
            ("slack:T1:U0SATO", "trip.submitted"),
        ]
        assert await _actions(client, actor="U0SATO") == [
            ("slack:T1:U0SATO", "channel.classification_changed"),
            ("slack:T1:U0SATO", "trip.submitted"),
        ]
        assert await _actions(client, action="trip.", target="trip:2") == [
            ("web:suzuki@example.go.jp", "trip.rejected"),
            ("slack:T1:U0SUZUKI", "trip.submitted"),
        ]
        assert len(await _actions(client)) == len(ENTRIES)
        assert await _actions(client, **{"from": "2026-11-30", "to": "2026-11-30"}) == [
            ("web:suzuki@example.go.jp", "trip.rejected")
        ]


async def test_pages_follow_each_other_without_gaps_or_repeats(org_core: Core) -> None:
    async with client_as(org_core.services, GLOBAL) as client:
        seen: list[int] = []
        params = {**RANGE, "limit": "3"}
        while True:
            body = await (await client.get("/admin/api/audit", params=params)).json()
            seen += [e["id"] for e in body["entries"]]
            if body["next_before"] is None:
                break
            params = {**RANGE, "limit": "3", "before": str(body["next_before"])}
    assert len(seen) == len(ENTRIES) == len(set(seen)) and seen == sorted(seen, reverse=True)


async def test_an_organisation_admin_sees_only_actions_by_their_own_people(org_core: Core) -> None:
    async with client_as(org_core.services, MIC_ADMIN) as client:
        assert {actor for actor, _ in await _actions(client)} == {"slack:T1:U0SUZUKI", "web:suzuki@example.go.jp"}
        assert await _actions(client, actor="U0SATO") == []
        page = await (await client.get("/admin/audit", params={**RANGE, "lang": "en"})).text()
        exported = (await (await client.get("/admin/audit.csv", params=RANGE)).read()).decode("utf-8")
    assert "U0SATO" not in page and "U0TANAKA" not in page and "U0SUZUKI" in page and "organisation mic" in page
    rows = list(csv.reader(io.StringIO(exported.removeprefix("\ufeff"))))
    assert rows[0][:3] == ["id", "at", "actor"] and {r[2] for r in rows[1:]} == {
        "slack:T1:U0SUZUKI",
        "web:suzuki@example.go.jp",
    }
    async with client_as(org_core.services, MOF_ADMIN) as client:
        assert {actor for actor, _ in await _actions(client)} == {"slack:T1:U0SATO", "slack:T1:U0TANAKA"}


async def test_injection_attempts_in_the_filters_change_nothing(org_core: Core) -> None:
    attempts = ["%", "_", "trip.' OR '1'='1", "x'; DELETE FROM audit_log; --", "' UNION SELECT 1 --", "\\"]
    async with client_as(org_core.services, GLOBAL) as client:
        for attempt in attempts:
            for name in ("actor", "action", "target"):
                assert await _actions(client, **{name: attempt}) == [], (name, attempt)
        async with client_as(org_core.services, MIC_ADMIN) as scoped:
            assert await _actions(scoped, actor="%") == []
        assert len(await _actions(client)) == len(ENTRIES)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2026-12-05", "to": "2026-12-01"}, "bad_range"),
        ({"from": "last week"}, "bad_date"),
        ({"to": "2026-02-30"}, "bad_date"),
        ({"before": "abc"}, "bad_number"),
        ({"limit": "100000"}, "bad_number"),
        ({"actor": "x" * 201}, "too_long_text"),
    ],
)
async def test_bad_input_is_a_400_with_a_message(org_core: Core, params: dict[str, str], code: str) -> None:
    async with client_as(org_core.services, GLOBAL) as client:
        for path in ("/admin/api/audit", "/admin/audit", "/admin/audit.csv"):
            response = await client.get(path, params={**params, "lang": "en"})
            assert response.status == 400
            body = await response.json()
            assert body["error"] == code and len(body["message"]) > 10


async def test_the_page_reads_in_japanese_and_escapes_values(org_core: Core) -> None:
    async with client_as(org_core.services, GLOBAL) as client:
        page = await (await client.get("/admin/audit", params=RANGE)).text()
    assert "監査ログ" in page and "trip.rejected" in page and "2026-11-30 15:00:00" in page  # local time (JST)
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert 'href="/admin/channels?lang=ja"' in page  # the dashboard's navigation
