"""Counting a poll: answers per slot, who has not answered, and which slot is best.

Best = most ○ among required members, then most △ among required members, then most ○ overall (optional
members break ties), then the earliest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from genai_bot.db.committee_models import CommitteeMember, PollOption
from skills.committee.store import PollState, utc


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

    def sort_key(self) -> tuple[int, int, int, float]:
        return (-self.required_yes, -self.required_maybe, -len(self.yes), utc(self.option.start).timestamp())


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


def non_voters(state: PollState) -> list[CommitteeMember]:
    voted = {v.member_id for v in state.votes}
    return [m for m in state.members if m.id not in voted]


def rank(state: PollState) -> list[OptionTally]:
    return sorted(tally(state), key=OptionTally.sort_key)
