"""Budget rules without a database: the month (GENAI_TIMEZONE), the spent share, the org file's `admins:`, who is
named in a refusal, and dashboard input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from genai_bot.budget import Budget, admin_names
from genai_bot.budget.store import Spend, month_of, ratio
from genai_bot.errors import ConfigError
from genai_bot.org import parse_org
from genai_bot.web.budget_admin import BudgetProblem, parse_change

ORG = """
units:
  - {id: mic, name: 総務省, admins: [U-hanako, taro@example.go.jp]}
  - {id: mof, name: 財務省}
members:
  - {name: 総務 花子, grade: 課長, unit: mic, ids: [U-hanako]}
  - {name: 総務 太郎, grade: 係員, unit: mic, ids: [U-taro, taro@example.go.jp]}
"""


def test_the_month_is_the_local_calendar_month() -> None:
    month = month_of(datetime(2026, 11, 30, 15, 30, tzinfo=UTC), "Asia/Tokyo")  # 00:30 on 1 Dec in Tokyo
    assert month.label == "2026-12" and month.start == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_the_share_is_the_larger_of_tokens_and_cost() -> None:
    both = Budget(scope="org", key="mic", token_limit=1000, cost_limit=10.0, set_by="t")
    assert ratio(both, Spend(tokens=500, cost=9.0)) == pytest.approx(0.9)
    assert ratio(Budget(scope="org", key="mic", token_limit=0, set_by="t"), Spend(0, 0.0)) == float("inf")
    assert ratio(Budget(scope="org", key="mic", set_by="t"), Spend(10**9, 1e9)) == 0.0


def test_admins_in_the_org_file_are_named_and_checked() -> None:
    org = parse_org(ORG)
    assert org.unit("mic").admins == ("U-hanako", "taro@example.go.jp")  # type: ignore[union-attr]
    assert admin_names(org, "mic", "ja") == "総務 花子、総務 太郎"
    assert admin_names(org, "mof", "en") == "your dashboard administrator"
    assert admin_names(None, "mic", "ja") == "ダッシュボードの管理者"
    with pytest.raises(ConfigError, match="unknown admin 'U-ghost' in unit mic"):
        parse_org(ORG.replace("U-hanako, taro", "U-ghost, taro"))


def test_dashboard_input_is_folded_and_checked() -> None:
    change = parse_change({"scope": "ＯＲＧ", "key": " mic ", "tokens": "１，０００", "cost": ""})
    assert (change.scope, change.key, change.tokens, change.cost, change.lift) == ("org", "mic", 1000, None, False)
    assert parse_change({"scope": "user", "key": "U-taro", "lift": True}).lift
    for bad, code in (
        ({"scope": "org", "key": "mic", "tokens": "1.5"}, "bad_number"),
        ({"scope": "org", "key": "mic", "cost": "nan"}, "bad_number"),
        ({"scope": "org", "key": "", "tokens": "1"}, "bad_key"),
        ({"scope": "org", "key": "x" * 201, "tokens": "1"}, "bad_key"),
    ):
        with pytest.raises(BudgetProblem) as problem:
            parse_change(bad)
        assert problem.value.code == code and problem.value.status == 400
