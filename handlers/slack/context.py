"""Who, where and what: translate Slack ids into the core's Person and Room, and Slack's markup into neutral
text (`handlers.slack.mrkdwn`), once, at the edge."""

from __future__ import annotations

import re
from typing import Any

from genai_bot.app import Core
from genai_bot.messages import Person, Room
from handlers.slack.mrkdwn import to_neutral

PLATFORM = "slack"
_LEADING_MENTION = re.compile(r"^\s*(<@[A-Z0-9]+(\|[^>]*)?>\s*)+")


def incoming(text: object) -> str:
    """What a person typed (slash command text, a message), as the neutral text skills read; anything that is not
    text (a malformed payload) reads as nothing."""
    return to_neutral(text if isinstance(text, str) else "").strip()


def strip_mention(text: str) -> str:
    """'<@U0BOT> help me' → 'help me' (as neutral text)."""
    return incoming(_LEADING_MENTION.sub("", text or ""))


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id") or body.get("team") or ""
    if isinstance(team, dict):
        team = team.get("id", "")
    return str(team or (body.get("user") or {}).get("team_id") or "")


async def person_of(core: Core, body: dict[str, Any], user_id: str) -> Person:
    return await core.person(PLATFORM, team_of(body), user_id)


def room(channel_id: str, thread_ts: str | None = None, *, is_direct: bool = False) -> Room:
    return Room(platform=PLATFORM, channel_id=channel_id, thread_id=thread_ts, is_direct=is_direct)
