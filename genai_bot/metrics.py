"""Prometheus metrics of one core: requests and latency per skill, LLM calls and tokens per provider, errors, and the
outbox's size and lag.

Each core owns its own `CollectorRegistry` (never the process-wide default), so two cores in one process (tests, the
bot and a dashboard) count apart. Counters are bumped where things happen: the command registry's dispatch (one
place for every skill) and the usage recorder (every LLM attempt). The outbox gauges are computed when scraped
(`refresh`, one cheap query). `exposition()` gives the text format served at `/metrics`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from sqlalchemy import func, select
from sqlmodel import col

from genai_bot.db.engine import Database
from genai_bot.db.models import OutboxMessage

__all__ = ["CONTENT_TYPE", "Metrics", "Outcome"]

CONTENT_TYPE = CONTENT_TYPE_LATEST
Outcome = Literal["ok", "error", "failed"]
"""How a request ended: answered; an error message for the person (a mistake in the request, or a service that is
down: the request is kept for a retry); or a crash (logged with a reference)."""

_LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "genai_requests", "Commands handled, by skill (verb) and outcome.", ["skill", "outcome"], registry=r
        )
        self.latency = Histogram(
            "genai_request_duration_seconds",
            "Time to answer a command, by skill (verb).",
            ["skill"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.skill_errors = Counter(
            "genai_skill_errors", "Commands that crashed (internal errors), by skill.", ["skill"], registry=r
        )
        self.llm_calls = Counter(
            "genai_llm_calls",
            "LLM call attempts that reached a provider, by provider and model.",
            ["provider", "model"],
            registry=r,
        )
        self.llm_tokens = Counter(
            "genai_llm_tokens",
            "Tokens used, by provider and kind (prompt or completion).",
            ["provider", "kind"],
            registry=r,
        )
        self.llm_errors = Counter(
            "genai_llm_errors",
            "LLM call attempts that failed, by provider and error code.",
            ["provider", "error"],
            registry=r,
        )
        self.outbox_pending = Gauge(
            "genai_outbox_pending", "Messages waiting in the outbox (pending, due or not).", registry=r
        )
        self.outbox_lag = Gauge(
            "genai_outbox_lag_seconds",
            "Age of the oldest pending outbox message that is due (0 when none).",
            registry=r,
        )

    # --- counting ---
    def observe_request(self, skill: str, outcome: Outcome, seconds: float) -> None:
        name = skill or "unknown"
        self.requests.labels(skill=name, outcome=outcome).inc()
        self.latency.labels(skill=name).observe(max(0.0, seconds))
        if outcome == "failed":
            self.skill_errors.labels(skill=name).inc()

    def observe_usage(self, row: dict[str, Any]) -> None:
        """A usage row (genai_bot.llm.usage.usage_row) as it is recorded."""
        provider = str(row.get("provider") or "unknown")
        self.llm_calls.labels(provider=provider, model=str(row.get("model") or "unknown")).inc()
        self.llm_tokens.labels(provider=provider, kind="prompt").inc(max(0, int(row.get("prompt_tokens") or 0)))
        self.llm_tokens.labels(provider=provider, kind="completion").inc(max(0, int(row.get("completion_tokens") or 0)))
        if not row.get("success", True):
            self.llm_errors.labels(provider=provider, error=str(row.get("error") or "error")).inc()

    # --- scraping ---
    async def refresh(self, db: Database, now: datetime) -> None:
        """Set the outbox gauges from the database (one query)."""
        pending = col(OutboxMessage.status) == "pending"
        due = col(OutboxMessage.due_at) <= now
        query = select(func.count(), func.min(col(OutboxMessage.due_at)).filter(due)).where(pending)
        async with db.engine.connect() as conn:
            count, oldest = (await conn.execute(query)).one()
        self.outbox_pending.set(int(count or 0))
        self.outbox_lag.set(max(0.0, (now - _aware(oldest)).total_seconds()) if oldest is not None else 0.0)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _aware(value: datetime) -> datetime:
    """A stored time is UTC; a naive one (SQLite through an aggregate) is read as such."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
