"""The Budgets page in the real dashboard, signed in through the Entra ID stand-in as an organisation admin."""

from __future__ import annotations

from pathlib import Path

from tests.integration.web.signin_world import dashboard, sign_in
from tests.world.entra_graph import FakeEntraGraph


async def test_an_organisation_admin_sets_their_budget_on_the_page_and_not_anothers(
    tmp_path: Path, entra: FakeEntraGraph
) -> None:
    entra.sign_in_as("suzuki@example.go.jp", "鈴木 一郎", roles=("org_admin",))
    async with dashboard(tmp_path, entra) as world, world.browser_session() as http:
        page = await sign_in(http, world, "/admin/budgets?lang=en")
        assert page.status == 200 and page.url.path == "/admin/budgets"
        text = await page.text()
        assert "Generative AI budgets" in text and "No budgets yet" in text and 'value="mic"' in text
        assert "Content-Security-Policy" in page.headers

        same_site = {"Origin": world.url}
        form = {"scope": "org", "key": "mic", "tokens": "50000"}
        async with http.post(world.url + "/admin/budgets?lang=en", data=form, headers=same_site) as saved:
            assert saved.status == 200 and saved.url.path == "/admin/budgets"
            shown = await saved.text()
            assert "Budget saved: org:mic" in shown and "50,000" in shown and "web:suzuki@example.go.jp" in shown

        other = {"scope": "org", "key": "mof", "tokens": "1"}
        async with http.post(world.url + "/admin/budgets?lang=en", data=other, headers=same_site) as refused:
            assert refused.status == 403 and "only your organisation" in await refused.text()
        async with http.post(
            world.url + "/admin/api/budgets", json=other, headers={"Origin": "https://evil.example"}
        ) as cross:
            assert cross.status == 403
