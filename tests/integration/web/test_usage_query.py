"""Usage aggregation in SQL, on SQLite and PostgreSQL: each grouping, JST days, percentiles, active users, and an
organisation admin's scope."""

from __future__ import annotations

import random
from datetime import date

import pytest

from genai_bot.app import Core
from genai_bot.web.usage_query import UsageFilter, dashboard, usage_report
from tests.integration.web.usage_seed import JST, at, percentile_cont, row, seed

NOV30, DEC1 = date(2026, 11, 30), date(2026, 12, 1)


@pytest.fixture
async def seeded(core: Core) -> Core:
    await seed(core.db)
    return core


async def test_by_day_counts_jst_days_and_the_last_day_inclusive(seeded: Core) -> None:
    report = await usage_report(seeded.db, UsageFilter(NOV30, DEC1), "day")
    days = {g.key: g.measures for g in report.groups}
    assert list(days) == ["2026-11-30", "2026-12-01"]
    assert days["2026-11-30"].calls == 4 and days["2026-12-01"].calls == 3
    assert days["2026-11-30"].active_users == 3 and days["2026-11-30"].errors == 1
    assert days["2026-11-30"].error_rate == pytest.approx(0.25)
    assert report.totals.calls == 7
    assert report.totals.prompt_tokens == 100 * 6 + 1000 and report.totals.completion_tokens == 50 * 6 + 500
    assert report.totals.cost == pytest.approx(0.16)


async def test_percentiles_interpolate_like_percentile_cont(seeded: Core) -> None:
    report = await usage_report(seeded.db, UsageFilter(NOV30, DEC1), "org")
    latencies = [100, 200, 300, 400, 500, 600, 700]
    assert report.totals.latency_p50_ms == pytest.approx(percentile_cont(latencies, 0.5))
    assert report.totals.latency_p95_ms == pytest.approx(percentile_cont(latencies, 0.95))
    mof = next(g.measures for g in report.groups if g.key == "mof")
    assert mof.latency_p50_ms == pytest.approx(percentile_cont([100, 200, 300, 500], 0.5))
    assert mof.latency_p95_ms == pytest.approx(percentile_cont([100, 200, 300, 500], 0.95))


async def test_each_grouping(seeded: Core) -> None:
    flt = UsageFilter(NOV30, DEC1)
    orgs = {g.key: g.measures.calls for g in (await usage_report(seeded.db, flt, "org")).groups}
    assert orgs == {"mof": 4, "mic": 2, None: 1}
    skills = {g.key: g.measures.calls for g in (await usage_report(seeded.db, flt, "skill")).groups}
    assert skills == {"assist": 5, "summarize": 1, "translate": 1}
    models = (await usage_report(seeded.db, flt, "model")).groups
    assert [(g.key, g.provider, g.model, g.measures.calls) for g in models] == [
        ("azure/gpt-4o", "azure", "gpt-4o", 6),
        ("openai/gpt-4o-mini", "openai", "gpt-4o-mini", 1),
    ]


async def test_active_users_daily_weekly_monthly_as_of_the_last_day(seeded: Core) -> None:
    active = (await usage_report(seeded.db, UsageFilter(NOV30, DEC1), "day")).active
    assert active.as_of == DEC1
    assert (active.daily, active.weekly, active.monthly) == (3, 4, 5)  # U1 U3 U9; + U2; + U5 on 11/20


async def test_an_organisation_admin_sees_only_their_organisation_whatever_they_ask(seeded: Core) -> None:
    mine = UsageFilter(NOV30, DEC1, allowed_org="mic")
    report = await usage_report(seeded.db, mine, "org")
    assert [g.key for g in report.groups] == ["mic"] and report.totals.calls == 2
    assert report.active.monthly == 2  # U3 and U5, both in mic
    other = await usage_report(seeded.db, UsageFilter(NOV30, DEC1, organisation="mof", allowed_org="mic"), "org")
    assert other.groups == [] and other.totals.calls == 0 and other.active.monthly == 0
    board = await dashboard(seeded.db, mine)
    assert board.organisations == ["mic"]
    assert all(g.key == "mic" for g in board.by["org"]) and board.totals.calls == 2
    assert sum(g.measures.calls for g in board.by["skill"]) == 2


async def test_an_empty_period_has_no_groups_and_zero_totals(seeded: Core) -> None:
    report = await usage_report(seeded.db, UsageFilter(date(2025, 1, 1), date(2025, 1, 31)), "skill")
    assert report.groups == [] and report.totals.calls == 0 and report.totals.latency_p50_ms is None


async def test_percentiles_and_users_stay_exact_with_ties_and_many_groups(core: Core) -> None:
    """Hundreds of calls with repeated latencies (PostgreSQL reads percentiles from a latency histogram and counts
    users from distinct pairs): every group's p50/p95 is percentile_cont's, across days and in the totals too."""
    rng = random.Random(7)
    rows = []
    for n in range(600):
        latency = rng.choice([120, 120, 250, 250, 250, 400, 800, 1500, 1500, 9000])
        rows.append(
            row(
                at(f"2026-11-{29 + n % 3:02d}" if n % 3 < 2 else "2026-12-01", 10, n % 60),
                user=f"slack:T1:U{n % 40}",
                organisation=("mof", "mic", None)[n % 3 if n % 5 else 0],
                skill=("assist", "summarize", "translate", "draft")[n % 4],
                latency_ms=latency,
            )
        )
    await seed(core.db, rows)
    flt = UsageFilter(date(2026, 11, 29), DEC1)
    for group_by, key_of in (
        ("org", lambda r: r["organisation"]),
        ("skill", lambda r: r["skill"]),
        ("day", lambda r: r["at"].astimezone(JST).date().isoformat()),
    ):
        report = await usage_report(core.db, flt, group_by)  # type: ignore[arg-type]
        for group in report.groups:
            latencies = [r["latency_ms"] for r in rows if key_of(r) == group.key]
            assert group.measures.latency_p50_ms == pytest.approx(percentile_cont(latencies, 0.5)), (group_by, group)
            assert group.measures.latency_p95_ms == pytest.approx(percentile_cont(latencies, 0.95)), (group_by, group)
            users = {r["user"] for r in rows if key_of(r) == group.key}
            assert group.measures.active_users == len(users), (group_by, group.key)
        every = [r["latency_ms"] for r in rows]
        assert report.totals.latency_p95_ms == pytest.approx(percentile_cont(every, 0.95))
        assert report.totals.calls == 600 and report.totals.active_users == 40
