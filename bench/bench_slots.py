"""Benchmark the committee slot finder: fast interval sweep vs. the minute-by-minute oracle in tests/oracles.

Run from the repository root: ``python -m bench.bench_slots``. Prints one JSON object.
Data is synthetic and deterministic (fixed seed); June 2026 has no Japanese national holidays,
so every weekday in the window is a business day.
"""

from __future__ import annotations

import json
import os
import platform
import random
import time as clock
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from skills.committee.slots import (
    BusyInterval,
    MemberAvailability,
    SlotRequest,
    SlotResult,
    find_common_slots,
)
from tests.oracles.slots_naive import naive_find_common_slots

SEED = 20260601
TZ = ZoneInfo("Asia/Tokyo")
FIRST_DAY = date(2026, 6, 1)  # a Monday
REQUIRED = 1  # the chair; everyone else is optional, so the ranking step does real work
BLOCK_MINUTES = (15, 30, 30, 45, 60, 90)


def build_request(members: int, weeks: int, busy_per_day: int, seed: int = SEED) -> SlotRequest:
    """``members`` people, each with ``busy_per_day`` random blocks on every weekday of the window."""
    rng = random.Random(f"{seed}:{members}:{weeks}:{busy_per_day}")
    days = [FIRST_DAY + timedelta(days=i) for i in range(7 * weeks)]
    weekdays = [d for d in days if d.weekday() < 5]
    people = []
    for i in range(members):
        busy = []
        for d in weekdays:
            for _ in range(busy_per_day):
                start = datetime.combine(d, time(8), tzinfo=TZ) + timedelta(minutes=5 * rng.randrange(138))
                busy.append(BusyInterval(start, start + timedelta(minutes=rng.choice(BLOCK_MINUTES))))
        people.append(MemberAvailability(id=f"member-{i:04d}", required=i < REQUIRED, busy=busy))
    return SlotRequest(
        window_start=datetime.combine(days[0], time(0), tzinfo=TZ),
        window_end=datetime.combine(days[-1] + timedelta(days=1), time(0), tzinfo=TZ),
        duration_minutes=60,
        granularity_minutes=15,
        lunch=(time(12), time(13)),
        members=people,
    )


def best_of(fn: Callable[[SlotRequest], SlotResult], request: SlotRequest, repeats: int) -> tuple[float, SlotResult]:
    best, result = float("inf"), None
    for _ in range(repeats):
        t0 = clock.perf_counter()
        result = fn(request)
        best = min(best, clock.perf_counter() - t0)
    assert result is not None
    return best, result


def run_case(
    name: str, members: int, weeks: int, busy_per_day: int, fast_repeats: int, naive_repeats: int
) -> dict[str, Any]:
    request = build_request(members, weeks, busy_per_day)
    fast_s, fast = best_of(find_common_slots, request, fast_repeats)
    case: dict[str, Any] = {
        "name": name,
        "members": members,
        "required_members": min(REQUIRED, members),
        "weeks": weeks,
        "busy_blocks_per_business_day": busy_per_day,
        "busy_blocks_total": sum(len(m.busy) for m in request.members),
        "granularity_minutes": request.granularity_minutes,
        "duration_minutes": request.duration_minutes,
        "candidates": len(fast.candidates),
        "fast_seconds": round(fast_s, 6),
        "fast_repeats": fast_repeats,
    }
    if naive_repeats:
        naive_s, naive = best_of(naive_find_common_slots, request, naive_repeats)
        case.update(
            naive_seconds=round(naive_s, 6),
            naive_repeats=naive_repeats,
            speedup=round(naive_s / fast_s, 1),
            same_output=naive == fast,
        )
    return case


def main() -> None:
    started = clock.perf_counter()
    cases = [
        run_case("20_members_3_weeks", 20, 3, 10, fast_repeats=7, naive_repeats=3),
        run_case("100_members_4_weeks", 100, 4, 10, fast_repeats=5, naive_repeats=2),
        run_case("1000_members_4_weeks", 1000, 4, 10, fast_repeats=3, naive_repeats=1),
    ]
    growth = cases[2]["fast_seconds"] / cases[1]["fast_seconds"]
    print(
        json.dumps(
            {
                "benchmark": "committee_slots",
                "python": platform.python_version(),
                "cpu_count": os.cpu_count(),
                "cases": cases,
                "growth_fast_1000_over_100": round(growth, 2),
                "target_growth_max": 12,
                "growth_within_target": growth <= 12,
                "total_seconds": round(clock.perf_counter() - started, 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
