from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from skills.committee.slots import (
    BusyInterval,
    Candidate,
    MemberAvailability,
    NoSlotCode,
    SlotRequest,
    SlotResult,
    find_common_slots,
)
from tests.oracles.slots_naive import naive_find_common_slots

JST = ZoneInfo("Asia/Tokyo")


def at(text: str, tz: ZoneInfo = JST) -> datetime:
    """``"2026-12-01 10:00"`` in ``tz`` (JST by default)."""
    return datetime.fromisoformat(text).replace(tzinfo=tz)


def busy(*spans: tuple[str, str]) -> list[BusyInterval]:
    return [BusyInterval(at(s), at(e)) for s, e in spans]


def member(mid: str, *spans: tuple[str, str], required: bool = True, **kw: Any) -> MemberAvailability:
    return MemberAvailability(id=mid, required=required, busy=busy(*spans), **kw)


def request(start: str, end: str, duration: int, members: list[MemberAvailability], **kw: Any) -> SlotRequest:
    return SlotRequest(window_start=at(start), window_end=at(end), duration_minutes=duration, members=members, **kw)


def both(req: SlotRequest) -> SlotResult:
    """Run the fast finder and check the reference implementation agrees."""
    fast = find_common_slots(req)
    assert naive_find_common_slots(req) == fast
    return fast


def starts(result: SlotResult) -> list[str]:
    return [c.start.strftime("%m-%d %H:%M") for c in result.candidates]


# ------------------------------------------------------------------------------------ edges


def test_meeting_ending_at_ten_leaves_ten_free() -> None:
    req = request(
        "2026-12-01 09:30",
        "2026-12-01 18:15",
        60,
        [member("a", ("2026-12-01 09:30", "2026-12-01 10:00"))],
        max_candidates=1,
    )
    [first] = both(req).candidates
    assert first == Candidate(at("2026-12-01 10:00"), at("2026-12-01 11:00"), ["a"], [])


def test_meeting_starting_at_eleven_allows_ten_to_eleven() -> None:
    req = request(
        "2026-12-01 09:30",
        "2026-12-01 12:00",
        60,
        [
            member("a", ("2026-12-01 09:30", "2026-12-01 10:00"), ("2026-12-01 11:00", "2026-12-01 12:00")),
        ],
    )
    assert starts(both(req)) == ["12-01 10:00"]


def test_grid_is_aligned_to_working_day_start() -> None:
    req = request(
        "2026-12-01 00:00",
        "2026-12-02 00:00",
        30,
        [member("a", ("2026-12-01 09:00", "2026-12-01 10:05"))],
        working_hours=(time(9, 40), time(18, 0)),
        granularity_minutes=30,
        max_candidates=3,
    )
    assert starts(both(req)) == ["12-01 10:10", "12-01 10:40", "12-01 11:10"]


def test_window_clips_candidates() -> None:
    req = request("2026-12-01 10:10", "2026-12-01 11:00", 30, [member("a")], max_candidates=10)
    assert starts(both(req)) == ["12-01 10:15", "12-01 10:30"]


def test_last_slot_of_the_day_ends_at_working_hours_end() -> None:
    req = request("2026-12-01 17:00", "2026-12-02 00:00", 60, [member("a")], max_candidates=10)
    assert starts(both(req)) == ["12-01 17:00", "12-01 17:15"]


def test_zero_length_busy_block_occupies_nothing() -> None:
    req = request(
        "2026-12-01 09:30",
        "2026-12-01 10:30",
        60,
        [member("a", ("2026-12-01 10:00", "2026-12-01 10:00"))],
        buffer_minutes=15,
    )
    assert starts(both(req)) == ["12-01 09:30"]


def test_naive_datetimes_mean_the_request_time_zone() -> None:
    naive = MemberAvailability("a", busy=[BusyInterval(datetime(2026, 12, 1, 9, 30), datetime(2026, 12, 1, 11, 0))])
    req = SlotRequest(
        window_start=datetime(2026, 12, 1, 0, 0),
        window_end=datetime(2026, 12, 2, 0, 0),
        duration_minutes=60,
        members=[naive],
        max_candidates=1,
    )
    [first] = both(req).candidates
    assert first.start.isoformat() == "2026-12-01T11:00:00+09:00"


def test_utc_busy_blocks_are_converted() -> None:
    utc = ZoneInfo("UTC")
    a = MemberAvailability("a", busy=[BusyInterval(at("2026-12-01 00:30", utc), at("2026-12-01 02:00", utc))])
    req = request("2026-12-01 09:30", "2026-12-01 18:15", 60, [a], max_candidates=1)
    assert starts(both(req)) == ["12-01 11:00"]  # 02:00Z is 11:00 JST


# ------------------------------------------------------------------------- business days


@pytest.mark.parametrize(
    ("start", "end", "first"),
    [
        ("2026-12-05 00:00", "2026-12-08 00:00", "12-07 09:30"),  # Sat/Sun skipped
        ("2026-11-21 00:00", "2026-11-25 00:00", "11-24 09:30"),  # 11/23 勤労感謝の日 (Monday)
        ("2026-09-19 00:00", "2026-09-25 00:00", "09-24 09:30"),  # 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日
        ("2026-05-02 00:00", "2026-05-08 00:00", "05-07 09:30"),  # 5/6 振替休日
        ("2026-12-29 00:00", "2027-01-05 00:00", "01-04 09:30"),  # 12/29 – 1/3 closure
    ],
)
def test_non_business_days_are_skipped(start: str, end: str, first: str) -> None:
    assert starts(both(request(start, end, 60, [member("a")], max_candidates=1))) == [first]


def test_december_28_is_still_a_business_day() -> None:
    req = request("2026-12-28 00:00", "2027-01-05 00:00", 60, [member("a")], max_candidates=1)
    assert starts(both(req)) == ["12-28 09:30"]


# ------------------------------------------------------------------------ lunch and buffer


def test_lunch_block_is_excluded() -> None:
    req = request(
        "2026-12-01 11:00", "2026-12-01 14:00", 60, [member("a")], lunch=(time(12, 0), time(13, 0)), max_candidates=10
    )
    assert starts(both(req)) == ["12-01 11:00", "12-01 13:00"]


def test_buffer_keeps_distance_from_busy_blocks() -> None:
    req = request(
        "2026-12-01 09:30",
        "2026-12-01 12:00",
        30,
        [member("a", ("2026-12-01 10:00", "2026-12-01 11:00"))],
        buffer_minutes=15,
        max_candidates=10,
    )
    assert starts(both(req)) == ["12-01 11:15", "12-01 11:30"]
    no_buffer = request(
        "2026-12-01 09:30",
        "2026-12-01 12:00",
        30,
        [member("a", ("2026-12-01 10:00", "2026-12-01 11:00"))],
        max_candidates=10,
    )
    assert starts(both(no_buffer)) == ["12-01 09:30", "12-01 11:00", "12-01 11:15", "12-01 11:30"]


def test_buffer_applies_to_optional_members_too() -> None:
    req = request(
        "2026-12-01 11:00",
        "2026-12-01 12:00",
        30,
        [
            member("chair"),
            member("opt", ("2026-12-01 10:00", "2026-12-01 11:00"), required=False),
        ],
        buffer_minutes=15,
        max_candidates=10,
    )
    result = both(req)
    assert starts(result) == ["12-01 11:15", "12-01 11:30", "12-01 11:00"]
    assert result.candidates[-1].busy == ["opt"]


# ---------------------------------------------------------------------------------- ranking


def test_optional_members_rank_candidates() -> None:
    req = request(
        "2026-12-01 09:30",
        "2026-12-01 12:00",
        60,
        [
            member("chair"),
            member("b", ("2026-12-01 09:30", "2026-12-01 11:00"), required=False),
            member("c", ("2026-12-01 09:30", "2026-12-01 10:00"), required=False),
        ],
        max_candidates=3,
    )
    result = both(req)
    assert result.candidates == [
        Candidate(at("2026-12-01 11:00"), at("2026-12-01 12:00"), ["chair", "b", "c"], []),
        Candidate(at("2026-12-01 10:00"), at("2026-12-01 11:00"), ["chair", "c"], ["b"]),
        Candidate(at("2026-12-01 10:15"), at("2026-12-01 11:15"), ["chair", "c"], ["b"]),
    ]
    assert result.reasons == []


def test_busy_optional_member_never_blocks_a_slot() -> None:
    req = request(
        "2026-12-01 09:30",
        "2026-12-01 18:15",
        60,
        [
            member("chair"),
            member("away", ("2026-12-01 00:00", "2026-12-02 00:00"), required=False),
        ],
        max_candidates=1,
    )
    [first] = both(req).candidates
    assert (first.free, first.busy) == (["chair"], ["away"])


# ------------------------------------------------------------------ per-member hours / zones


def test_member_in_london_meets_at_the_end_of_the_tokyo_day() -> None:
    london = MemberAvailability("london", working_hours=(time(9, 0), time(17, 30)), timezone="Europe/London")
    winter = request("2026-12-01 00:00", "2026-12-02 00:00", 15, [member("tokyo"), london], max_candidates=10)
    assert starts(both(winter)) == ["12-01 18:00"]  # 09:00 GMT
    summer = request("2026-07-01 00:00", "2026-07-02 00:00", 15, [member("tokyo"), london], max_candidates=10)
    assert starts(both(summer)) == ["07-01 17:00", "07-01 17:15", "07-01 17:30", "07-01 17:45", "07-01 18:00"]


def test_optional_member_outside_own_hours_counts_as_busy() -> None:
    new_york = MemberAvailability("ny", required=False, timezone="America/New_York")
    req = request("2026-12-01 00:00", "2026-12-02 00:00", 60, [member("tokyo"), new_york], max_candidates=1)
    [first] = both(req).candidates
    assert (first.free, first.busy) == (["tokyo"], ["ny"])


def test_member_working_hours_in_request_zone() -> None:
    part_time = MemberAvailability("pt", working_hours=(time(13, 0), time(17, 0)))
    req = request("2026-12-01 00:00", "2026-12-02 00:00", 60, [member("a"), part_time], max_candidates=1)
    assert starts(both(req)) == ["12-01 13:00"]


def test_other_request_time_zone_formats_output_in_that_zone() -> None:
    london = ZoneInfo("Europe/London")
    req = SlotRequest(
        timezone="Europe/London",
        window_start=datetime(2026, 12, 1),
        window_end=datetime(2026, 12, 2),
        duration_minutes=60,
        members=[MemberAvailability("a")],
        max_candidates=1,
    )
    [first] = both(req).candidates
    assert first.start == datetime(2026, 12, 1, 9, 30, tzinfo=london)
    assert first.start.isoformat() == "2026-12-01T09:30:00+00:00"


# ---------------------------------------------------------------------------------- reasons


def test_window_shorter_than_duration() -> None:
    result = both(request("2026-12-01 10:00", "2026-12-01 11:00", 90, [member("a")]))
    assert result.candidates == []
    assert [r.code for r in result.reasons] == [NoSlotCode.WINDOW_TOO_SHORT]
    assert "90 minutes" in result.reasons[0].message


def test_window_with_only_weekend_or_evening_time_is_too_short() -> None:
    weekend = both(request("2026-12-05 00:00", "2026-12-07 00:00", 30, [member("a")]))
    assert [r.code for r in weekend.reasons] == ["window_too_short"]
    evening = both(request("2026-12-01 18:00", "2026-12-01 23:00", 30, [member("a")]))
    assert [r.code for r in evening.reasons] == ["window_too_short"]


def test_required_member_busy_throughout() -> None:
    req = request(
        "2026-12-01 00:00",
        "2026-12-02 00:00",
        60,
        [
            member("tanaka"),
            member("suzuki", ("2026-12-01 09:00", "2026-12-01 12:00"), ("2026-12-01 12:30", "2026-12-01 19:00")),
            member("sato", ("2026-12-01 00:00", "2026-12-02 00:00"), required=False),
        ],
    )
    result = both(req)
    assert result.candidates == []
    [reason] = result.reasons
    assert reason.code == NoSlotCode.MEMBER_BUSY_THROUGHOUT
    assert reason.args["member"] == "suzuki"
    assert "suzuki" in reason.message


def test_no_common_time() -> None:
    req = request(
        "2026-12-01 00:00",
        "2026-12-02 00:00",
        60,
        [
            member("a", ("2026-12-01 09:00", "2026-12-01 14:00")),
            member("b", ("2026-12-01 13:00", "2026-12-01 19:00")),
        ],
    )
    result = both(req)
    assert result.candidates == []
    assert [(r.code, r.args) for r in result.reasons] == [(NoSlotCode.NO_COMMON_TIME, {"members": "a, b"})]


# ------------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"window_end": at("2026-12-01 09:00")}, "window_end"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"granularity_minutes": 0}, "granularity_minutes"),
        ({"buffer_minutes": -5}, "buffer_minutes"),
        ({"timezone": "Mars/Olympus"}, "time zone"),
        ({"working_hours": (time(18), time(9))}, "working_hours"),
        ({"lunch": (time(13), time(12))}, "lunch"),
        ({"members": [MemberAvailability("a"), MemberAvailability("a")]}, "duplicate"),
        ({"members": [MemberAvailability("a", timezone="Nowhere/City")]}, "time zone"),
    ],
)
def test_invalid_requests_are_rejected(kwargs: dict[str, Any], fragment: str) -> None:
    base: dict[str, Any] = {
        "window_start": at("2026-12-01 09:00"),
        "window_end": at("2026-12-02 09:00"),
        "duration_minutes": 60,
        "members": [MemberAvailability("a")],
    }
    with pytest.raises(ValueError, match=fragment):
        SlotRequest(**(base | kwargs))


def test_busy_interval_must_not_end_before_start() -> None:
    with pytest.raises(ValueError, match="before start"):
        BusyInterval(at("2026-12-01 10:00"), at("2026-12-01 09:00"))
    with pytest.raises(ValueError, match="naive"):
        BusyInterval(datetime(2026, 12, 1, 9), at("2026-12-01 10:00"))


# ------------------------------------------------------------------ randomised oracle check

_ZONES = ["Asia/Tokyo", "Asia/Tokyo", "Asia/Tokyo", "America/New_York", "Europe/London"]
_MEMBER_ZONES = ["Asia/Tokyo", "Europe/London", "Asia/Kolkata", "America/New_York"]
# Around golden week, 9/22, the year end, a weekend and US/UK daylight-saving switches.
_FIRST_DAYS = [
    date(2026, 5, 1),
    date(2026, 9, 18),
    date(2026, 12, 26),
    date(2026, 11, 20),
    date(2026, 3, 6),
    date(2026, 10, 23),
    date(2026, 12, 1),
    date(2026, 12, 1),
]


def _random_request(rng: random.Random) -> SlotRequest:
    zone_name = rng.choice(_ZONES)
    tz = ZoneInfo(zone_name)
    first = rng.choice(_FIRST_DAYS) + timedelta(days=rng.randint(0, 3))
    ws = datetime.combine(first, time(rng.randint(0, 23), rng.choice([0, 7, 15, 30, 45])), tzinfo=tz)
    if rng.random() < 0.2:
        ws = ws.replace(second=rng.randint(0, 59))
    we = ws + timedelta(minutes=rng.randint(30, 3 * 1440))
    span = int((we - ws).total_seconds() // 60)
    members = []
    for i in range(rng.randint(1, 5)):
        blocks = []
        for _ in range(rng.randint(0, 10)):
            s = ws + timedelta(minutes=rng.randint(-120, span))
            if rng.random() < 0.5:
                s = s.replace(minute=s.minute // 15 * 15, second=0)
            e = s + timedelta(minutes=rng.choice([0, 10, 15, 30, 45, 60, 90, 180, 600]))
            roll = rng.random()
            if roll < 0.2:
                s, e = s.replace(tzinfo=None), e.replace(tzinfo=None)
            elif roll < 0.4:
                s, e = s.astimezone(ZoneInfo("UTC")), e.astimezone(ZoneInfo("UTC"))
            blocks.append(BusyInterval(s, e))
        hours = None
        if rng.random() < 0.25:
            h = rng.randint(6, 12)
            hours = (time(h, rng.choice([0, 30])), time(rng.randint(h + 1, 23), rng.choice([0, 15])))
        zone = rng.choice(_MEMBER_ZONES) if rng.random() < 0.25 else None
        members.append(MemberAvailability(f"m{i}", rng.random() < 0.5, blocks, hours, zone))
    return SlotRequest(
        timezone=zone_name,
        window_start=ws.replace(tzinfo=None) if rng.random() < 0.3 else ws,
        window_end=we,
        duration_minutes=rng.choice([15, 30, 45, 60, 90, 120, 300]),
        working_hours=rng.choice([(time(9, 30), time(18, 15)), (time(9), time(17)), (time(8), time(22))]),
        buffer_minutes=rng.choice([0, 0, 5, 10, 15]),
        max_candidates=rng.choice([1, 3, 5, 10]),
        granularity_minutes=rng.choice([5, 10, 15, 15, 30]),
        lunch=rng.choice([None, (time(12), time(13)), (time(11, 45), time(12, 30))]),
        members=members,
    )


def test_fast_matches_minute_by_minute_reference_on_random_cases() -> None:
    rng = random.Random(20261201)
    outcomes: dict[str, int] = {}
    for case in range(250):
        req = _random_request(rng)
        fast, naive = find_common_slots(req), naive_find_common_slots(req)
        assert fast == naive, f"case {case}: {req}"
        assert [c.start.isoformat() for c in fast.candidates] == [c.start.isoformat() for c in naive.candidates]
        for key in ["candidates"] if fast.candidates else [str(r.code) for r in fast.reasons]:
            outcomes[key] = outcomes.get(key, 0) + 1
    # The seed exercises every outcome, so the comparison covers each branch.
    assert set(outcomes) == {"candidates", "window_too_short", "member_busy_throughout", "no_common_time"}
