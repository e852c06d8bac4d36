"""The benchmarks run end to end (tiny parameters, each in its own process, as `make bench` runs them) and report
the figures the README quotes. Timings are never asserted here: only that every figure is there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def bench(*args: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "bench", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(result, dict)
    assert result["cpu_count"] == os.cpu_count()
    return result


@pytest.mark.parametrize("kind", ["slash", "event"])
def test_ack_compares_the_bot_with_a_minimal_bolt_app(kind: str) -> None:
    result = bench("ack", "--kind", kind, "--requests", "12", "--concurrency", "4")
    assert {"kind": kind, "requests": 12, "concurrency": 4, "errors": 0, "baseline_errors": 0}.items() <= result.items()
    for key in ("p50_ms", "p99_ms", "baseline_p50_ms", "baseline_p99_ms", "ratio"):
        assert isinstance(result[key], float) and result[key] > 0, key


def test_memory_reports_idle_rss_and_growth_between_two_batches() -> None:
    result = bench("memory", "--commands", "20", "--concurrency", "5")
    assert result["commands"] == 20 and result["errors"] == 0
    for key in ("idle_rss_mb", "rss_after_first_mb", "rss_after_second_mb", "growth_pct"):
        assert isinstance(result[key], float), key
    assert result["idle_rss_mb"] > 0


def test_soak_mixes_traffic_and_samples_rss_over_time() -> None:
    result = bench("soak", "--minutes", "0.05", "--rate", "20")
    assert result["minutes"] == 0.05 and result["requests"] > 0 and result["errors"] == 0
    assert result["answers"] == result["requests"] and result["outbox_sent_twice"] == 0
    assert len(result["rss_mb"]) >= 2 and all(sample["rss_mb"] > 0 for sample in result["rss_mb"])
    assert isinstance(result["throughput_rps"], float)


def test_an_unknown_benchmark_is_named_with_the_choices() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "nosuch"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "ack" in done.stderr and "memory" in done.stderr


def test_digest_fans_out_through_the_outbox_each_recipient_once() -> None:
    result = bench("digest", "--recipients", "30", "--ceiling", "50")
    assert {
        "recipients": 30,
        "delivered": 30,
        "duplicates": 0,
        "lost": 0,
        "ceiling_per_s": 50.0,
    }.items() <= result.items()
    assert isinstance(result["achieved_per_s"], float) and isinstance(result["ratio"], float)


@pytest.mark.postgres
def test_dashboard_times_each_group_by_of_the_usage_api(
    postgres_server: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if postgres_server is None:
        pytest.skip("no PostgreSQL server")
    monkeypatch.setenv("GENAI_TEST_POSTGRES_URL", postgres_server)
    result = bench("dashboard", "--rows", "500", "--repeat", "2", "--days", "7")
    assert result["rows"] == 500 and result["target_p95_ms"] == 1000
    for group_by in ("org", "skill", "model", "day"):
        figures = result["group_by"][group_by]
        assert figures["calls_counted"] == 500 and figures["groups"] > 0, group_by
        assert isinstance(figures["p95_ms"], float) and figures["p95_ms"] > 0, group_by
