"""Small helpers on busy periods: require a UTC window, clip to a window, merge overlaps."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from genai_bot.calendar.port import Span


def require_window(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """Both ends in UTC; raises ValueError for naive datetimes or an empty window."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("calendar windows need time-zone-aware datetimes")
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    if end <= start:
        raise ValueError("calendar window end must be after its start")
    return start, end


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping or touching periods joined and empty ones dropped."""
    merged: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def clip_spans(spans: Iterable[Span], start: datetime, end: datetime) -> list[Span]:
    """The parts of ``spans`` inside ``[start, end)``, merged."""
    return merge_spans((max(s, start), min(e, end)) for s, e in spans if s < end and e > start)
