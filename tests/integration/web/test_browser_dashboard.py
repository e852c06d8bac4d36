"""A real browser (Playwright driving Chromium) signs in through the Entra ID stand-in, reads the dashboard over
seeded usage, filters by organisation and downloads the CSV; a screenshot is kept (the pytest tmp dir and, when
set, GENAI_TEST_ARTIFACTS). Needs /usr/bin/chromium (`make test` / .ci/run install it when missing)."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from tests.integration.web.signin_world import dashboard
from tests.integration.web.usage_seed import seed
from tests.world.entra_graph import FakeEntraGraph

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)")


def _keep(shot: Path) -> None:
    folder = os.environ.get("GENAI_TEST_ARTIFACTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


async def test_an_admin_signs_in_in_a_browser_filters_by_organisation_and_downloads_the_csv(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("sato@example.go.jp", "佐藤 花子", roles=("admin",))
    async with dashboard(tmp_path, entra) as world, async_playwright() as pw:
        await seed(world.core.db)
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = await browser.new_context(ignore_https_errors=True, locale="en-US", accept_downloads=True)
            page = await context.new_page()
            await page.goto(f"{world.url}/admin?from=2026-11-30&to=2026-12-01&lang=en")
            assert page.url.startswith(f"{world.url}/admin?")  # back from Entra ID, signed in
            assert "佐藤 花子" in await page.inner_text("header")
            assert await page.locator("svg").count() >= 2  # server-made charts
            body = " ".join(await page.locator("section").all_inner_texts())
            assert "Ministry of Finance" in body and "Ministry of Internal Affairs" in body
            shot = tmp_path / "dashboard-admin.png"
            await page.screenshot(path=str(shot), full_page=True)
            _keep(shot)

            await page.select_option("select[name=org]", "mic")
            await page.click("form.filters button")
            await page.wait_for_url("**org=mic**")
            body = " ".join(await page.locator("section").all_inner_texts())
            assert "Ministry of Internal Affairs" in body and "Ministry of Finance" not in body

            async with page.expect_download() as waiting:
                await page.click("a.csv >> nth=0")
            download = await waiting.value
            csv_text = await asyncio.to_thread(Path(await download.path()).read_text, encoding="utf-8-sig")
            _header, *rows = csv_text.splitlines()
            assert rows and "mof" not in "\n".join(rows), csv_text
            shot = tmp_path / "dashboard-mic.png"
            await page.screenshot(path=str(shot), full_page=True)
            _keep(shot)
        finally:
            await browser.close()


async def test_an_organisation_admin_in_a_browser_sees_only_their_organisation(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("suzuki@example.go.jp", "鈴木 一郎", roles=("org_admin",))
    async with dashboard(tmp_path, entra) as world, async_playwright() as pw:
        await seed(world.core.db)
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM))
        try:
            context = await browser.new_context(ignore_https_errors=True, locale="en-US")
            page = await context.new_page()
            await page.goto(f"{world.url}/admin?from=2026-11-30&to=2026-12-01&org=mof&lang=en")
            body = await page.inner_text("main")
            assert "Ministry of Finance" not in body
            api = await page.request.get(
                f"{world.url}/admin/api/usage?from=2026-11-30&to=2026-12-01&group_by=org&org=mof"
            )
            answer = await api.json()
            assert answer["organisation"] == "mic"
            orgs = {row["key"] for row in answer["rows"]}
            assert orgs <= {"mic"}
        finally:
            await browser.close()
