"""Counting a poll: answers per slot, who has not answered, and which slot is best.

Best = fewest × among required members (a slot a required member cannot attend loses to one they can), then
most ○ among required members, then most △ among required members, then most ○ overall (optional members break
ties), then the earliest.

A member has answered only when they answered every slot; a partial answer shows as progress ("3/5").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from skills.committee.models import CommitteeMember, PollOption
from skills.committee.store import PollState


@dataclass
class OptionTally:
    option: PollOption
    yes: list[CommitteeMember] = field(default_factory=list)
    maybe: list[CommitteeMember] = field(default_factory=list)
    no: list[CommitteeMember] = field(default_factory=list)

    def answered(self, answer: str) -> list[CommitteeMember]:
        return {"yes": self.yes, "maybe": self.maybe, "no": self.no}[answer]

    @property
    def required_yes(self) -> int:
        return sum(1 for m in self.yes if m.required)

    @property
    def required_maybe(self) -> int:
        return sum(1 for m in self.maybe if m.required)

    @property
    def required_no(self) -> list[CommitteeMember]:
        return [m for m in self.no if m.required]

    def sort_key(self) -> tuple[int, int, int, int, float]:
        return (
            len(self.required_no),
            -self.required_yes,
            -self.required_maybe,
            -len(self.yes),
            self.option.start.timestamp(),
        )


def tally(state: PollState) -> list[OptionTally]:
    """One tally per option, in the poll's order; votes of people no longer on the committee are ignored."""
    by_id = {m.id: m for m in state.members}
    tallies = {o.id: OptionTally(o) for o in state.options}
    for vote in sorted(state.votes, key=lambda v: v.member_id):
        member = by_id.get(vote.member_id)
        target = tallies.get(vote.option_id)
        if member is not None and target is not None and vote.answer in ("yes", "maybe", "no"):
            target.answered(vote.answer).append(member)
    return [tallies[o.id] for o in state.options]


def answered_count(state: PollState, member_id: int | None) -> int:
    """How many of the poll's slots this member has answered."""
    options = {o.id for o in state.options}
    return len({v.option_id for v in state.votes if v.member_id == member_id and v.option_id in options})


def has_answered(state: PollState, member_id: int | None) -> bool:
    """True once the member answered every slot (one click is not an answer to the poll)."""
    return answered_count(state, member_id) >= len(state.options)


def non_voters(state: PollState) -> list[CommitteeMember]:
    """Members who have not answered every slot yet (partial answers included)."""
    return [m for m in state.members if not has_answered(state, m.id)]


def rank(state: PollState) -> list[OptionTally]:
    return sorted(tally(state), key=OptionTally.sort_key)
