"""Confidentiality classification per channel (0 public … 3 secret), stored in `channel_settings`.

The level belongs to the conversation, not to whoever asks about it: a channel id is unique on its platform (Slack
channel ids are unique across the workspaces of an Enterprise Grid, and a shared channel keeps its id in every
workspace), so lookups key on the platform and the channel. The `team_id` column records which workspace set it;
should two workspaces have set a level for one shared channel, the strictest applies.
"""

from __future__ import annotations

from genai_bot.channel_settings import channel_setting_rows, update_channel_settings
from genai_bot.db.engine import Database
from genai_bot.errors import UserFacingError
from genai_bot.llm.settings import CLASSIFICATION_LEVELS


def parse_classification(value: str | int) -> int:
    """A level from user input ("2", 2, "secret", "confidential"); raises a user-facing error otherwise."""
    if isinstance(value, int):
        level = value
    else:
        text = value.strip().lower()
        names = {name: level for level, name in CLASSIFICATION_LEVELS.items()}
        level = names[text] if text in names else int(text) if text.isdigit() else -1
    if level not in CLASSIFICATION_LEVELS:
        raise UserFacingError("llm.invalid_classification", value=value)
    return level


async def channel_classification(db: Database, platform: str, channel_id: str) -> int | None:
    """The channel's level, or None when it was never set (the caller then uses the default)."""
    async with db.session() as session:
        levels = [row.classification for row in await channel_setting_rows(session, platform, channel_id)]
    known = [level for level in levels if level is not None]
    return max(known) if known else None


async def set_channel_classification(
    db: Database, platform: str, channel_id: str, level: int | None, *, team_id: str = ""
) -> None:
    """Set (or with None, clear) the channel's level, whichever workspace asks (`team_id` is recorded)."""
    if level is not None and level not in CLASSIFICATION_LEVELS:
        raise UserFacingError("llm.invalid_classification", value=level)
    await update_channel_settings(db, platform, channel_id, team_id=team_id, classification=level)
