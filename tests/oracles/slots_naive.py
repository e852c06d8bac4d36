"""Minute-by-minute reference for the committee slot finder (``skills.committee.slots.find_common_slots``).

It follows the rules in the slot finder's module doc as literally as possible, checking every minute of the
window, and must give exactly the same ``SlotResult``. Tests (tests/unit/committee/test_slots.py) and the
benchmark (bench/bench_slots.py) compare the two; it is far too slow for production.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from genai_bot.calendar.workdays import is_business_day
from skills.committee.slots import (
    Candidate,
    MemberAvailability,
    NoSlotCode,
    NoSlotReason,
    SlotRequest,
    SlotResult,
)

__all__ = ["naive_find_common_slots"]


def _aware(dt: datetime, tz: tzinfo) -> datetime:
    return dt.replace(tzinfo=tz) if dt.tzinfo is None or dt.utcoffset() is None else dt


def _reasons(req: SlotRequest, too_short: bool, busy_ids: list[str]) -> list[NoSlotReason]:
    dur = str(req.duration_minutes)
    if too_short:
        return [NoSlotReason(NoSlotCode.WINDOW_TOO_SHORT, {"duration_minutes": dur})]
    if busy_ids:
        return [
            NoSlotReason(NoSlotCode.MEMBER_BUSY_THROUGHOUT, {"member": i, "duration_minutes": dur}) for i in busy_ids
        ]
    required = ", ".join(m.id for m in req.members if m.required)
    return [NoSlotReason(NoSlotCode.NO_COMMON_TIME, {"members": required})]


def naive_find_common_slots(request: SlotRequest) -> SlotResult:
    """Minute-by-minute reference implementation with the same output as ``find_common_slots``."""
    req = request
    tz = ZoneInfo(req.timezone)
    ws = _aware(req.window_start, tz).astimezone(UTC)
    we = _aware(req.window_end, tz).astimezone(UTC)
    dur, buf = timedelta(minutes=req.duration_minutes), timedelta(minutes=req.buffer_minutes)
    step = timedelta(minutes=req.granularity_minutes)

    def wall(d: date, t: time, zone: tzinfo) -> datetime:
        return datetime.combine(d, t, tzinfo=zone).astimezone(UTC)

    def in_frame(t: datetime) -> bool:
        d = t.astimezone(tz).date()
        if not is_business_day(d):
            return False
        anchor, e = wall(d, req.working_hours[0], tz), t + dur
        if (t - anchor) % step or t < ws or e > we or t < anchor or e > wall(d, req.working_hours[1], tz):
            return False
        return req.lunch is None or not (t < wall(d, req.lunch[1], tz) and wall(d, req.lunch[0], tz) < e)

    def available(m: MemberAvailability, t: datetime) -> bool:
        mtz, e = (ZoneInfo(m.timezone) if m.timezone else tz), t + dur
        start_h, end_h = m.working_hours or req.working_hours
        d = t.astimezone(mtz).date()
        days = (d, d - timedelta(days=1))
        if not any(wall(x, start_h, mtz) <= t and e <= wall(x, end_h, mtz) for x in days):
            return False
        for b in m.busy:
            bs, be = _aware(b.start, tz), _aware(b.end, tz)
            if be > bs and t < be + buf and bs - buf < e:
                return False
        return True

    t = ws.replace(second=0, microsecond=0)
    t = t if t == ws else t + timedelta(minutes=1)
    frame_starts = []
    while t < we:
        if in_frame(t):
            frame_starts.append(t)
        t += timedelta(minutes=1)

    found: list[tuple[int, datetime, list[str], list[str]]] = []
    required = [m for m in req.members if m.required]
    for t in frame_starts:
        if all(available(m, t) for m in required):
            flags = [available(m, t) for m in req.members]
            free = [m.id for m, f in zip(req.members, flags, strict=True) if f]
            busy = [m.id for m, f in zip(req.members, flags, strict=True) if not f]
            found.append((-(len(free) - len(required)), t, free, busy))
    if found:
        found.sort(key=lambda c: (c[0], c[1]))
        return SlotResult(
            [
                Candidate(t.astimezone(tz), (t + dur).astimezone(tz), free, busy)
                for _, t, free, busy in found[: req.max_candidates]
            ],
            [],
        )
    if we - ws < dur or not frame_starts:
        return SlotResult([], _reasons(req, True, []))
    busy_ids = [m.id for m in required if not any(available(m, t) for t in frame_starts)]
    return SlotResult([], _reasons(req, False, busy_ids))
