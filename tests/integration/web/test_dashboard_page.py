"""The dashboard page: charts and tables over seeded usage, ja and en, an empty period said kindly, values escaped,
and an organisation admin's page showing only their organisation."""

from __future__ import annotations

import pytest

from genai_bot.app import Core
from tests.integration.web.admin_app import GLOBAL, MIC_ADMIN, admin_client
from tests.integration.web.usage_seed import at, row, seed

RANGE = {"from": "2026-11-30", "to": "2026-12-01"}


@pytest.fixture
async def seeded(core: Core) -> Core:
    await seed(core.db)
    return core


async def test_the_page_shows_charts_and_every_grouping_in_japanese(seeded: Core) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        response = await client.get("/admin", params=RANGE)
        assert response.status == 200 and response.content_type == "text/html"
        page = await response.text()
    assert "生成AI 利用状況" in page and page.count("<svg") == 4
    for text in ("組織別", "機能別", "プロバイダー・モデル別", "azure/gpt-4o", "summarize", "mof", "mic", "CSV"):
        assert text in page, text
    assert "http://" not in page and "https://" not in page and "<script" not in page


async def test_english_by_accept_language_or_lang(seeded: Core) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        by_header = await (await client.get("/admin", params=RANGE, headers={"Accept-Language": "en-GB,en"})).text()
        by_query = await (await client.get("/admin", params={**RANGE, "lang": "en"})).text()
    for page in (by_header, by_query):
        assert "Generative AI usage" in page and "By organisation" in page and "Weekly active" in page


async def test_an_empty_period_says_so(seeded: Core) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        page = await (await client.get("/admin", params={"from": "2025-01-01", "to": "2025-01-31"})).text()
    assert "この期間の利用記録はまだありません" in page and "<svg" not in page


async def test_values_are_escaped(core: Core) -> None:
    await seed(core.db, [row(at("2026-12-01", 9), skill="<script>alert(1)</script>", organisation="<b>x</b>")])
    async with admin_client(core.services, GLOBAL) as client:
        page = await (await client.get("/admin", params=RANGE)).text()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page and "<b>x</b>" not in page


async def test_an_organisation_admin_page_shows_only_their_organisation(seeded: Core) -> None:
    async with admin_client(seeded.services, MIC_ADMIN) as client:
        page = await (await client.get("/admin", params={**RANGE, "org": "mof"})).text()
    assert ">mof<" not in page and 'value="mof"' not in page
    assert 'value="mic"' in page and "azure/gpt-4o<" not in page  # mic used only openai/gpt-4o-mini


async def test_a_bad_range_on_the_page_is_a_400(seeded: Core) -> None:
    async with admin_client(seeded.services, GLOBAL) as client:
        response = await client.get("/admin", params={"from": "2026-12-05", "to": "2026-12-01"})
        assert response.status == 400 and "bad_range" in await response.text()
