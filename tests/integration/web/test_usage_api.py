"""The usage API and CSV export over HTTP: the JSON shape, 400s with a message, injection attempts, and an
organisation admin confined to their own organisation."""

from __future__ import annotations

import csv
import io

import pytest

from genai_bot.app import Core
from tests.integration.web.admin_app import GLOBAL, MIC_ADMIN, admin_client
from tests.integration.web.usage_seed import seed

RANGE = {"from": "2026-11-30", "to": "2026-12-01"}


@pytest.fixture
async def seeded(core: Core) -> Core:
    await seed(core.db)
    return core


async def test_the_api_groups_by_organisation_with_totals_and_active_users(seeded: Core) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        response = await client.get("/admin/api/usage", params={**RANGE, "group_by": "org"})
        assert response.status == 200
        body = await response.json()
    assert body["from"] == "2026-11-30" and body["to"] == "2026-12-01" and body["group_by"] == "org"
    assert [(r["key"], r["calls"]) for r in body["rows"]] == [("mof", 4), ("mic", 2), (None, 1)]
    assert body["totals"]["calls"] == 7 and body["totals"]["errors"] == 1
    assert body["active_users"] == {"as_of": "2026-12-01", "daily": 3, "weekly": 4, "monthly": 5}
    assert set(body["rows"][0]) >= {"active_users", "tokens", "cost", "latency_p50_ms", "latency_p95_ms", "error_rate"}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"from": "2026-12-05", "to": "2026-12-01"}, "bad_range"),
        ({"from": "yesterday"}, "bad_date"),
        ({"to": "2026-13-01"}, "bad_date"),
        ({"from": "2020-01-01", "to": "2026-12-01"}, "too_long"),
        ({"group_by": "user"}, "bad_group"),
        ({"group_by": "org; DROP TABLE usage_events"}, "bad_group"),
    ],
)
async def test_bad_input_is_a_400_with_a_message(seeded: Core, params: dict[str, str], code: str) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        for path in ("/admin/api/usage", "/admin/export.csv"):
            response = await client.get(path, params={**params, "lang": "en"})
            assert response.status == 400
            body = await response.json()
            assert body["error"] == code and len(body["message"]) > 10


async def test_injection_in_the_org_filter_changes_nothing(seeded: Core) -> None:
    attempts = ["mof' OR '1'='1", "mof'; DELETE FROM usage_events; --", "' UNION SELECT 1 --", 'mof" OR 1=1 --']
    async with admin_client(seeded.services, GLOBAL) as client:
        for attempt in attempts:
            response = await client.get("/admin/api/usage", params={**RANGE, "group_by": "org", "org": attempt})
            assert response.status == 200
            assert (await response.json())["rows"] == []
        after = await (await client.get("/admin/api/usage", params={**RANGE, "group_by": "org"})).json()
    assert after["totals"]["calls"] == 7


async def test_an_organisation_admin_never_sees_another_organisation(seeded: Core) -> None:
    async with admin_client(seeded.services, MIC_ADMIN) as client:
        for group_by in ("org", "skill", "model", "day"):
            body = await (await client.get("/admin/api/usage", params={**RANGE, "group_by": group_by})).json()
            assert body["totals"]["calls"] == 2 and body["organisation"] == "mic"
        asked = await (await client.get("/admin/api/usage", params={**RANGE, "group_by": "org", "org": "mof"})).json()
        assert asked["rows"] == [] and asked["totals"]["calls"] == 0
        exported = await client.get("/admin/export.csv", params={**RANGE, "group_by": "org"})
        text = (await exported.read()).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [r[2] for r in rows[1:]] == ["mic"]


async def test_the_csv_is_utf8_with_a_bom_and_one_row_per_group(seeded: Core) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        response = await client.get("/admin/export.csv", params={**RANGE, "group_by": "skill"})
        assert response.status == 200 and response.content_type == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        raw = await response.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:4] == ["from", "to", "skill", "calls"]
    assert {r[2]: int(r[3]) for r in rows[1:]} == {"assist": 5, "summarize": 1, "translate": 1}
