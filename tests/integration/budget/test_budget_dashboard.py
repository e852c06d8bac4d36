"""The dashboard's Budgets page and API: an organisation admin changes only their organisation's budgets (403
otherwise), a global admin any; raising a budget there lets a refused user back in; every change is audited."""

from __future__ import annotations

from genai_bot.web.identity import Admin
from tests.integration.budget.conftest import Office
from tests.integration.web.admin_app import GLOBAL, MIC_ADMIN, admin_client

MOF_ADMIN = Admin("s-3", "Kato", "kato@example.go.jp", frozenset({"org_admin"}), "mof")


async def test_raising_the_budget_on_the_dashboard_lets_the_user_through_again(office: Office) -> None:
    await office.set_budget("org", "mic", tokens=1000)
    await office.spend(organisation="mic", tokens=1500)
    taro = await office.bot("U-taro")
    assert (await taro.send("ask お願い")).is_error

    async with admin_client(office.core.services, MIC_ADMIN) as client:
        listed = await (await client.get("/admin/api/budgets")).json()
        assert [(b["scope"], b["key"], b["tokens_spent"], b["percent"]) for b in listed["budgets"]] == [
            ("org", "mic", 1500, 150.0)
        ]
        raised = await client.post("/admin/api/budgets", json={"scope": "org", "key": "mic", "tokens": "５，０００"})
        assert raised.status == 200
        assert (await raised.json())["token_limit"] == 5000

    assert not (await taro.send("ask お願い")).is_error
    audited = await office.audit("budget.set")
    assert [(a.actor, a.target, a.organisation, a.detail["token_limit"]) for a in audited] == [
        ("web:suzuki@example.go.jp", "org:mic", "mic", 5000)
    ]


async def test_an_organisation_admin_cannot_change_another_organisations_budget(office: Office) -> None:
    await office.set_budget("org", "mof", tokens=1000)
    async with admin_client(office.core.services, MIC_ADMIN) as client:
        for change in (
            {"scope": "org", "key": "mof", "tokens": 1_000_000},
            {"scope": "org", "key": "mof", "lift": True},
            {"scope": "user", "key": "U-jiro", "tokens": 10},  # a member of 財務省
        ):
            refused = await client.post("/admin/api/budgets", json=change)
            assert refused.status == 403, change
            assert "変更できません" in (await refused.json())["message"]
        assert (await (await client.get("/admin/api/budgets")).json())["budgets"] == []  # mof's is not shown

        own_user = await client.post("/admin/api/budgets", json={"scope": "user", "key": "U-taro", "cost": 3})
        assert own_user.status == 200
    assert [a.target for a in await office.audit("budget.set")] == ["user:U-taro"]  # refusals change nothing
    async with admin_client(office.core.services, MOF_ADMIN) as client:
        mine = await (await client.get("/admin/api/budgets")).json()
        assert [b["key"] for b in mine["budgets"]] == ["mof"]


async def test_a_global_admin_manages_any_organisation_and_lifts_budgets(office: Office) -> None:
    async with admin_client(office.core.services, GLOBAL) as client:
        by_name = await client.post("/admin/api/budgets", json={"scope": "org", "key": "財務省", "cost": 100})
        assert by_name.status == 200 and (await by_name.json())["key"] == "mof"
        lifted = await client.post("/admin/api/budgets", json={"scope": "org", "key": "mof", "lift": True})
        assert await lifted.json() == {"scope": "org", "key": "mof", "lifted": True}
        assert (await (await client.get("/admin/api/budgets")).json())["budgets"] == []

        for bad, code in (
            ({"scope": "team", "key": "mof", "tokens": 1}, "bad_scope"),
            ({"scope": "org", "key": "mof"}, "no_limit"),
            ({"scope": "org", "key": "mof", "tokens": "-5"}, "bad_number"),
            ({"scope": "org", "key": "mof/budget", "tokens": 5}, "unknown_org"),
            ({"scope": "org", "key": "'; DROP TABLE budgets; --", "tokens": 5}, "unknown_org"),
        ):
            response = await client.post("/admin/api/budgets", json=bad, headers={"Accept-Language": "en"})
            assert response.status == 400 and (await response.json())["error"] == code, bad
    actions = [(a.action, a.target) for a in await office.audit("budget.set") + await office.audit("budget.lift")]
    assert actions == [("budget.set", "org:mof"), ("budget.lift", "org:mof")]


async def test_the_page_lists_budgets_with_spend_and_sets_them_by_form(office: Office) -> None:
    await office.set_budget("org", "mic", tokens=10_000)
    await office.set_budget("user", "U-taro", cost=2.5)
    await office.spend(organisation="mic", tokens=8_500)
    async with admin_client(office.core.services, GLOBAL) as client:
        page = await (await client.get("/admin/budgets")).text()
        assert "生成AI 利用予算" in page and "総務省" in page and "総務 太郎 (U-taro)" in page
        assert "8,500 / 10,000" in page and "85%" in page and 'class="bar warn"' in page

        saved = await client.post(
            "/admin/budgets?lang=en", data={"scope": "org", "key": "mof", "tokens": "2000"}, allow_redirects=False
        )
        assert saved.status == 303 and saved.headers["Location"].startswith("/admin/budgets?lang=en&done=saved")
        after = await (await client.get(saved.headers["Location"])).text()
        assert "Budget saved: org:mof" in after and "Ministry of Finance" in after and "2,000" in after

        bad = await client.post("/admin/budgets?lang=en", data={"scope": "org", "key": "mof", "tokens": "lots"})
        assert bad.status == 400 and "must be a number" in await bad.text()
        usage_page = await (await client.get("/admin")).text()
        assert 'href="/admin/budgets?lang=ja"' in usage_page
