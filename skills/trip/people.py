"""Who is who for trips, from the organisation file (GENAI_ORG_FILE, genai_bot.org): the traveller's unit and
grade, who approves their requests, and who may act on them. Missing entries are friendly errors naming who must
fix them (the organisation file's maintainer)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_bot.errors import UserFacingError
from genai_bot.org import Member, Organisation
from genai_bot.services import Services

__all__ = [
    "Asked",
    "approvers_of",
    "display_name",
    "dm_target",
    "member_of",
    "my_ids",
    "require_org",
]

_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class Asked:
    """One approver or delegate to ask: the id to message on this platform and their role."""

    user_id: str
    role: str  # approver | delegate


def require_org(services: Services) -> Organisation:
    """The organisation, or the explanation that approvals need GENAI_ORG_FILE."""
    org = services.organisation()
    if org is None:
        raise UserFacingError("trip.error.no_org")
    return org


def member_of(services: Services, user_id: str) -> Member | None:
    org = services.organisation()
    return org.member(user_id) if org is not None else None


def display_name(services: Services, who: str, fallback: str | None = None) -> str:
    """How to name a person in a message: their name in the organisation file, else as given."""
    member = member_of(services, who)
    return member.name if member is not None else (fallback or who)


def my_ids(services: Services, user_id: str) -> tuple[str, ...]:
    """Every identifier of this person (the organisation file may name them by any)."""
    member = member_of(services, user_id)
    return (user_id, *(member.ids if member else ()))


def dm_target(org: Organisation, who: str, platform: str) -> str:
    """The id to message `who` (as written in the file) on `platform`: their Slack user id on Slack."""
    member = org.member(who)
    if platform == "slack" and member is not None and not _SLACK_ID.match(who):
        for candidate in member.ids:
            if _SLACK_ID.match(candidate):
                return candidate
    return who


def approvers_of(services: Services, traveller: str, platform: str) -> list[Asked]:
    """The approvers and delegates for the traveller's requests; a traveller or approver the file does not know,
    or a unit without approvers, is an error naming who must fix it."""
    org = require_org(services)
    where = str(services.settings.org_file or "GENAI_ORG_FILE")
    if org.member(traveller) is None:
        raise UserFacingError("trip.error.traveller_not_in_org", who=traveller, file=where)
    approvers, delegates = org.approvers_for(traveller)
    if not approvers and not delegates:
        raise UserFacingError("trip.error.no_approver", who=traveller, file=where)
    asked: list[Asked] = []
    for who, role in [*((a, "approver") for a in approvers), *((d, "delegate") for d in delegates)]:
        if org.member(who) is None:
            raise UserFacingError("trip.error.approver_not_in_org", who=who, file=where)
        target = dm_target(org, who, platform)
        if target != traveller and all(a.user_id != target for a in asked):
            asked.append(Asked(target, role))
    if not asked:
        raise UserFacingError("trip.error.no_approver", who=traveller, file=where)
    return asked
