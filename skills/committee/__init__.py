"""Committee management: members, slot finding, polls, confirmation, reminders, minutes (`/genai committee`)."""

import genai_bot.calendar.messages  # noqa: F401  (calendar.* texts used in committee replies)
import skills.committee.messages
import skills.committee.messages_meeting  # noqa: F401
from genai_bot.commands import Verb
from genai_bot.skill_host import SkillHost
from skills.committee.commands import handle
from skills.committee.settings import CommitteeSettings


def register(host: SkillHost) -> None:
    """`/genai committee …` (委員会) replaces the "coming soon" answer. A malformed GENAI_COMMITTEE_* setting
    stops the start here, with one line naming it."""
    host.settings(CommitteeSettings)
    registry = host.registry
    registry.register(Verb("committee", ("委員会",), handle))
