"""Counting a poll and choosing the best slot; spreading slot candidates so a poll offers real choices."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from skills.committee.models import Committee, CommitteeMember, Meeting, Poll, PollOption, Vote
from skills.committee.poll_view import poll_message
from skills.committee.slots import Candidate, spread
from skills.committee.store import PollState
from skills.committee.tally import answered_count, has_answered, non_voters, rank, tally

JST = ZoneInfo("Asia/Tokyo")
DAY = datetime(2026, 12, 1, 10, 0, tzinfo=JST)


def _state(votes: dict[tuple[int, int], str], *, optional: tuple[int, ...] = ()) -> PollState:
    members = [
        CommitteeMember(id=i, committee_id=1, user_id=f"U{i}", name=f"M{i}", required=i not in optional)
        for i in (1, 2, 3, 4)
    ]
    options = [
        PollOption(
            id=10 + p, poll_id=1, position=p, start=DAY + timedelta(days=p), end=DAY + timedelta(days=p, hours=1)
        )
        for p in (1, 2, 3)
    ]
    rows = [Vote(poll_id=1, option_id=10 + p, member_id=m, answer=a) for (p, m), a in votes.items()]
    return PollState(
        Committee(id=1, platform="slack", team_id="T1", name="c", created_by="x"),
        Meeting(id=1, committee_id=1, title="m", created_by="x"),
        Poll(id=1, meeting_id=1),
        options,
        rows,
        members,
    )


def test_tally_lists_who_answered_what_per_slot_and_who_has_not_answered() -> None:
    state = _state({(1, 1): "yes", (1, 2): "maybe", (2, 1): "no", (2, 2): "yes"})
    rows = tally(state)
    assert [m.name for m in rows[0].yes] == ["M1"] and [m.name for m in rows[0].maybe] == ["M2"]
    assert [m.name for m in rows[1].no] == ["M1"] and [m.name for m in rows[1].yes] == ["M2"]
    assert [m.name for m in non_voters(state)] == ["M1", "M2", "M3", "M4"]  # nobody answered slot 3 yet


def test_best_slot_has_most_required_yes_then_required_maybe_then_is_earliest() -> None:
    # slot 3: two required ○; slot 2: one ○ one △; slot 1: one ○
    state = _state({(3, 1): "yes", (3, 2): "yes", (2, 1): "yes", (2, 2): "maybe", (1, 1): "yes"})
    assert [r.option.position for r in rank(state)] == [3, 2, 1]
    # a tie on required answers goes to the earlier slot
    tie = _state({(1, 1): "yes", (2, 2): "yes"})
    assert rank(tie)[0].option.position == 1


def test_optional_members_only_break_ties() -> None:
    # slot 2 has more ○ in total, but only from optional member 4; slot 1 has more required ○
    state = _state({(1, 1): "yes", (1, 2): "yes", (2, 1): "yes", (2, 4): "yes"}, optional=(4,))
    assert rank(state)[0].option.position == 1
    tie = _state({(1, 1): "yes", (2, 1): "yes", (2, 4): "yes"}, optional=(4,))
    assert rank(tie)[0].option.position == 2


def test_votes_of_people_no_longer_on_the_committee_do_not_count() -> None:
    state = _state({(1, 99): "yes", (2, 1): "yes"})
    assert rank(state)[0].option.position == 2


def _cand(day: int, hour: int, minute: int = 0) -> Candidate:
    start = DAY.replace(hour=hour, minute=minute) + timedelta(days=day)
    return Candidate(start=start, end=start + timedelta(minutes=60), free=[], busy=[])


def test_spread_offers_separate_days_first_and_never_overlapping_slots() -> None:
    ranked = [_cand(0, 9, 30), _cand(0, 9, 45), _cand(0, 10, 30), _cand(1, 9, 30), _cand(2, 14)]
    chosen = spread(ranked, 4)
    assert [(c.start.day, c.start.hour, c.start.minute) for c in chosen] == [
        (1, 9, 30),
        (1, 10, 30),
        (2, 9, 30),
        (3, 14, 0),
    ]
    assert all(not (a.start < b.end and b.start < a.end) for a in chosen for b in chosen if a is not b)


def test_spread_keeps_the_slot_finders_ranking_order() -> None:
    ranked = [_cand(2, 14), _cand(0, 9, 30), _cand(1, 9, 30)]  # ranked by optional members free
    assert spread(ranked, 2) == [ranked[0], ranked[1]]


def test_a_slot_where_a_required_member_answered_no_loses_to_one_without() -> None:
    # slot 1: three required ○ but M4 (required) cannot come; slot 2: one ○ and two △, nobody required says ×
    state = _state(
        {
            (1, 1): "yes",
            (1, 2): "yes",
            (1, 3): "yes",
            (1, 4): "no",
            (2, 1): "yes",
            (2, 2): "maybe",
            (2, 3): "maybe",
            (2, 4): "maybe",
            (3, 1): "no",
            (3, 2): "no",
        }
    )
    assert [r.option.position for r in rank(state)] == [2, 1, 3]
    # an optional member's × does not count against a slot
    optional_no = _state({(1, 1): "yes", (1, 4): "no", (2, 1): "maybe"}, optional=(4,))
    assert rank(optional_no)[0].option.position == 1


def test_a_member_has_answered_only_after_answering_every_slot() -> None:
    state = _state({(1, 1): "yes", (2, 1): "no", (3, 1): "maybe", (1, 2): "yes", (2, 2): "yes"})
    assert [m.name for m in non_voters(state)] == ["M2", "M3", "M4"]
    assert answered_count(state, 2) == 2 and has_answered(state, 1) and not has_answered(state, 2)


def test_the_poll_message_shows_partial_progress() -> None:
    state = _state({(1, 1): "yes", (2, 1): "no", (3, 1): "maybe", (1, 2): "yes", (2, 2): "yes"})
    state.poll.status = "open"
    text = poll_message(state, "ja").plain_text
    assert "未回答: M2（2/3）、M3、M4" in text
    assert "Not answered yet: M2 (2/3), M3, M4" in poll_message(state, "en").plain_text
