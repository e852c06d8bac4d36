"""Confidentiality classification per channel (0 public … 3 secret), stored in `channel_settings`."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db.engine import Database
from genai_bot.db.models import ChannelSetting, utcnow
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


async def channel_classification(db: Database, platform: str, team_id: str, channel_id: str) -> int | None:
    """The channel's level, or None when it was never set (the caller then uses the default)."""
    async with db.session() as session:
        row = await _find(session, platform, team_id, channel_id)
    return row.classification if row is not None else None


async def set_channel_classification(
    db: Database, platform: str, team_id: str, channel_id: str, level: int | None
) -> None:
    """Set (or with None, clear) the channel's level."""
    if level is not None and level not in CLASSIFICATION_LEVELS:
        raise UserFacingError("llm.invalid_classification", value=level)
    async with db.session() as session:
        row = await _find(session, platform, team_id, channel_id)
        if row is None:
            row = ChannelSetting(platform=platform, team_id=team_id, channel_id=channel_id)
        row.classification = level
        row.updated_at = utcnow()
        session.add(row)


async def _find(session: AsyncSession, platform: str, team_id: str, channel_id: str) -> ChannelSetting | None:
    query = select(ChannelSetting).where(
        ChannelSetting.platform == platform,
        ChannelSetting.team_id == team_id,
        ChannelSetting.channel_id == channel_id,
    )
    return (await session.exec(query)).first()
