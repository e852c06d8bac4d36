"""Committee slot finder: common free meeting slots for a set of members.

Rules (shared with the minute-by-minute reference in ``tests/oracles/slots_naive.py``):

* The organiser's frame is the request working hours in the request time zone on business days
  (``genai_bot.calendar.workdays``), minus the optional lunch block, clipped to the window.
* Candidate starts lie on a ``granularity_minutes`` grid anchored at each day's working-hours start.
* A member is free for ``[start, end)`` when the slot lies inside the member's working hours in the
  member's time zone (default: request hours / time zone) and overlaps none of the member's busy
  blocks widened by ``buffer_minutes`` on both sides. Intervals are half-open; zero-length busy
  blocks occupy no time.
* Every required member must be free. Candidates rank by optional members free (desc), then start.

``find_common_slots`` works on merged intervals (integer microseconds since the epoch); the test oracle
``tests.oracles.slots_naive.naive_find_common_slots`` scans the window minute by minute.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from genai_bot.calendar.workdays import is_business_day

__all__ = [
    "MAX_WINDOW_DAYS",
    "POOL",
    "BusyInterval",
    "Candidate",
    "MemberAvailability",
    "NoSlotCode",
    "NoSlotReason",
    "SlotRequest",
    "SlotResult",
    "find_common_slots",
    "find_spread_slots",
    "spread",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_MINUTE_US = 60_000_000
_FAR = 1 << 62
_DEFAULT_HOURS = (time(9, 30), time(18, 15))

MAX_WINDOW_DAYS = 62
"""The longest window searched, in days (Graph's getSchedule takes under 62 days): chat and the CLI alike."""
POOL = 400
"""Candidates asked of the slot finder before `spread` picks the few to show."""

Span = tuple[int, int]
Piece = tuple[int, int, int]  # (start, end, grid anchor) in microseconds since the epoch


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone: {name!r}") from exc


def _is_naive(dt: datetime) -> bool:
    return dt.tzinfo is None or dt.utcoffset() is None


def _aware(dt: datetime, tz: tzinfo) -> datetime:
    return dt.replace(tzinfo=tz) if _is_naive(dt) else dt


def _check_hours(hours: tuple[time, time], what: str) -> None:
    for t in hours:
        if t.second or t.microsecond or t.tzinfo is not None:
            raise ValueError(f"{what}: times must be naive whole minutes")
    if not hours[0] < hours[1]:
        raise ValueError(f"{what}: end must be after start")


@dataclass(frozen=True, slots=True)
class BusyInterval:
    """A busy block ``[start, end)``; naive datetimes mean the request time zone."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if _is_naive(self.start) != _is_naive(self.end):
            raise ValueError("busy interval: start and end must both be naive or both be aware")
        if self.end < self.start:
            raise ValueError("busy interval: end must not be before start")


@dataclass(frozen=True, slots=True)
class MemberAvailability:
    id: str
    required: bool = True
    busy: list[BusyInterval] = field(default_factory=list)
    working_hours: tuple[time, time] | None = None
    timezone: str | None = None


@dataclass(frozen=True, kw_only=True)
class SlotRequest:
    window_start: datetime
    window_end: datetime
    duration_minutes: int
    members: list[MemberAvailability] = field(default_factory=list)
    timezone: str = "Asia/Tokyo"
    working_hours: tuple[time, time] = _DEFAULT_HOURS
    buffer_minutes: int = 0
    max_candidates: int = 5
    granularity_minutes: int = 15
    lunch: tuple[time, time] | None = None

    def __post_init__(self) -> None:
        tz = _zone(self.timezone)
        if _aware(self.window_end, tz) <= _aware(self.window_start, tz):
            raise ValueError("window_end must be after window_start")
        for name, low in (
            ("duration_minutes", 1),
            ("granularity_minutes", 1),
            ("buffer_minutes", 0),
            ("max_candidates", 1),
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}")
        _check_hours(self.working_hours, "working_hours")
        if self.lunch is not None:
            _check_hours(self.lunch, "lunch")
        seen: set[str] = set()
        for m in self.members:
            if m.id in seen:
                raise ValueError(f"duplicate member id: {m.id!r}")
            seen.add(m.id)
            if m.timezone is not None:
                _zone(m.timezone)
            if m.working_hours is not None:
                _check_hours(m.working_hours, f"member {m.id!r} working_hours")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: datetime
    end: datetime
    free: list[str]
    busy: list[str]


class NoSlotCode(StrEnum):
    WINDOW_TOO_SHORT = "window_too_short"
    MEMBER_BUSY_THROUGHOUT = "member_busy_throughout"
    NO_COMMON_TIME = "no_common_time"


_MESSAGES = {
    NoSlotCode.WINDOW_TOO_SHORT: (
        "the window has no business-day working time long enough for {duration_minutes} minutes"
    ),
    NoSlotCode.MEMBER_BUSY_THROUGHOUT: (
        "required member {member} has no free {duration_minutes}-minute stretch in the window"
    ),
    NoSlotCode.NO_COMMON_TIME: "every required member has free time, but never all at once ({members})",
}


@dataclass(frozen=True, slots=True)
class NoSlotReason:
    """Why no candidate exists: a stable ``code`` plus string ``args`` for the message."""

    code: NoSlotCode
    args: dict[str, str] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return _MESSAGES[self.code].format(**self.args)


@dataclass(frozen=True, slots=True)
class SlotResult:
    candidates: list[Candidate]
    reasons: list[NoSlotReason] = field(default_factory=list)


def _reason_too_short(req: SlotRequest) -> list[NoSlotReason]:
    return [NoSlotReason(NoSlotCode.WINDOW_TOO_SHORT, {"duration_minutes": str(req.duration_minutes)})]


def _reasons_members(req: SlotRequest, busy_ids: list[str]) -> list[NoSlotReason]:
    if busy_ids:
        dur = str(req.duration_minutes)
        return [
            NoSlotReason(NoSlotCode.MEMBER_BUSY_THROUGHOUT, {"member": i, "duration_minutes": dur}) for i in busy_ids
        ]
    required = ", ".join(m.id for m in req.members if m.required)
    return [NoSlotReason(NoSlotCode.NO_COMMON_TIME, {"members": required})]


# --------------------------------------------------------------------------- fast implementation


def _us(dt: datetime, tz: tzinfo) -> int:
    try:
        return ((dt if dt.tzinfo is not None else dt.replace(tzinfo=tz)) - _EPOCH) // _ONE_US
    except TypeError:  # a tzinfo whose utcoffset() is None: naive after all
        return (dt.replace(tzinfo=tz) - _EPOCH) // _ONE_US


def _wall_us(d: date, t: time, tz: tzinfo) -> int:
    return (datetime.combine(d, t, tzinfo=tz) - _EPOCH) // _ONE_US


def _local_dates(start_us: int, end_us: int, tz: tzinfo, pad: int) -> Iterator[date]:
    day = (_EPOCH + timedelta(microseconds=start_us)).astimezone(tz).date() - timedelta(days=pad)
    last = (_EPOCH + timedelta(microseconds=end_us)).astimezone(tz).date() + timedelta(days=pad)
    while day <= last:
        yield day
        day += timedelta(days=1)


def _merge(spans: list[Span]) -> list[Span]:
    spans.sort()
    out: list[Span] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def _subtract(pieces: Iterable[Piece], blocked: Sequence[Span]) -> list[Piece]:
    """Parts of sorted disjoint ``pieces`` not covered by sorted disjoint ``blocked``."""
    out: list[Piece] = []
    j, n = 0, len(blocked)
    for a, b, anchor in pieces:
        while j < n and blocked[j][1] <= a:
            j += 1
        cur, k = a, j
        while k < n and blocked[k][0] < b and cur < b:
            bs, be = blocked[k]
            if bs > cur:
                out.append((cur, bs, anchor))
            cur = max(cur, be)
            k += 1
        if cur < b:
            out.append((cur, b, anchor))
    return out


def _grid(pieces: Iterable[Piece], dur: int, step: int) -> Iterator[int]:
    for a, b, anchor in pieces:
        s = anchor - ((anchor - a) // step) * step  # first grid point >= a
        while s + dur <= b:
            yield s
            s += step


def _frame(req: SlotRequest, tz: tzinfo, ws: int, we: int) -> list[Piece]:
    out: list[Piece] = []
    for d in _local_dates(ws, we, tz, 0):
        if not is_business_day(d):
            continue
        anchor = _wall_us(d, req.working_hours[0], tz)
        day: list[Piece] = [(anchor, _wall_us(d, req.working_hours[1], tz), anchor)]
        if req.lunch is not None:
            day = _subtract(day, [(_wall_us(d, req.lunch[0], tz), _wall_us(d, req.lunch[1], tz))])
        out.extend((max(a, ws), min(b, we), anc) for a, b, anc in day if max(a, ws) < min(b, we))
    return out


def _blocked(m: MemberAvailability, req: SlotRequest, tz: tzinfo, ws: int, we: int) -> list[Span]:
    buf = req.buffer_minutes * _MINUTE_US
    spans: list[Span] = []
    for b in m.busy:
        s, e = _us(b.start, tz), _us(b.end, tz)
        if e > s:
            spans.append((s - buf, e + buf))
    hours = m.working_hours or req.working_hours
    mtz = _zone(m.timezone) if m.timezone else tz
    if hours != req.working_hours or (m.timezone or req.timezone) != req.timezone:
        prev = -_FAR
        for d in _local_dates(ws, we, mtz, 1):
            spans.append((prev, _wall_us(d, hours[0], mtz)))
            prev = _wall_us(d, hours[1], mtz)
        spans.append((prev, _FAR))
    return _merge(spans)


def _free(starts: list[int], ends: list[int], s: int, e: int) -> bool:
    j = bisect_right(ends, s)
    return j == len(ends) or starts[j] >= e


def find_common_slots(request: SlotRequest) -> SlotResult:
    """Best ``max_candidates`` slots where every required member is free (see module doc)."""
    req = request
    tz = _zone(req.timezone)
    ws, we = _us(req.window_start, tz), _us(req.window_end, tz)
    dur, step = req.duration_minutes * _MINUTE_US, req.granularity_minutes * _MINUTE_US
    frame = _frame(req, tz, ws, we)
    blocked = [_blocked(m, req, tz, ws, we) for m in req.members]
    pairs = list(zip(req.members, blocked, strict=True))
    required_union = _merge([span for m, bl in pairs if m.required for span in bl])
    starts = list(_grid(_subtract(frame, required_union), dur, step))
    if not starts:
        return SlotResult([], _fast_reasons(req, frame, blocked, we - ws, dur, step))

    bounds = [([s for s, _ in bl], [e for _, e in bl]) for bl in blocked]
    counts = [0] * len(starts)
    for m, (bstarts, bends) in zip(req.members, bounds, strict=True):
        if m.required:
            continue
        j, n = 0, len(bends)
        for i, s in enumerate(starts):
            j = bisect_right(bends, s, j)
            if j == n or bstarts[j] >= s + dur:
                counts[i] += 1
    best = sorted(range(len(starts)), key=lambda i: -counts[i])[: req.max_candidates]  # stable: by start
    candidates = []
    for i in best:
        s = starts[i]
        flags = [_free(bs, be, s, s + dur) for bs, be in bounds]
        candidates.append(
            Candidate(
                start=(_EPOCH + timedelta(microseconds=s)).astimezone(tz),
                end=(_EPOCH + timedelta(microseconds=s + dur)).astimezone(tz),
                free=[m.id for m, f in zip(req.members, flags, strict=True) if f],
                busy=[m.id for m, f in zip(req.members, flags, strict=True) if not f],
            )
        )
    return SlotResult(candidates, [])


def _fast_reasons(
    req: SlotRequest, frame: list[Piece], blocked: list[list[Span]], window: int, dur: int, step: int
) -> list[NoSlotReason]:
    if window < dur or next(_grid(frame, dur, step), None) is None:
        return _reason_too_short(req)
    busy_ids = [
        m.id
        for m, bl in zip(req.members, blocked, strict=True)
        if m.required and next(_grid(_subtract(frame, bl), dur, step), None) is None
    ]
    return _reasons_members(req, busy_ids)


# --------------------------------------------------------------------------- what a person is shown


def find_spread_slots(request: SlotRequest) -> SlotResult:
    """The candidates to offer people (the chat command and `genai-bot slots` alike): the best
    ``request.max_candidates`` that do not overlap, one per day first (see ``spread``), taken from a pool of
    the slot finder's ranking."""
    found = find_common_slots(replace(request, max_candidates=max(POOL, request.max_candidates)))
    return SlotResult(spread(found.candidates, request.max_candidates), found.reasons)


def spread(ranked: list[Candidate], count: int) -> list[Candidate]:
    """The best `count` candidates that do not overlap each other, one per day first (a poll offering 10:00,
    10:15 and 10:30 on the same morning helps nobody). The slot finder's ranking order is kept."""
    chosen: list[Candidate] = []
    days: set[date] = set()
    for one_per_day in (True, False):
        for c in ranked:
            if len(chosen) >= count:
                break
            if c in chosen or any(c.start < o.end and o.start < c.end for o in chosen):
                continue
            if one_per_day and c.start.date() in days:
                continue
            chosen.append(c)
            days.add(c.start.date())
    order = {id(c): i for i, c in enumerate(ranked)}
    return sorted(chosen, key=lambda c: order[id(c)])
