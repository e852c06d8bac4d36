"""Per-channel settings (`channel_settings`): the rows of one channel, and setting values on them.

A channel may have a row per workspace that asked (a shared channel); reads consider them all, and a change is
written to all of them (a channel never set gets its first row, `team_id` recorded).
"""

from __future__ import annotations

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from genai_bot.db.engine import Database
from genai_bot.db.models import ChannelSetting, utcnow

__all__ = ["channel_ai_off", "channel_setting_rows", "update_channel_settings"]


async def channel_setting_rows(session: AsyncSession, platform: str, channel_id: str) -> list[ChannelSetting]:
    query = select(ChannelSetting).where(
        col(ChannelSetting.platform) == platform, col(ChannelSetting.channel_id) == channel_id
    )
    return list((await session.exec(query)).all())


async def update_channel_settings(
    db: Database, platform: str, channel_id: str, *, team_id: str = "", **values: object
) -> None:
    """Set `values` (column name → value) on the channel's rows, creating its first row when there is none."""
    async with db.session() as session:
        rows = await channel_setting_rows(session, platform, channel_id)
        if not rows:
            rows = [ChannelSetting(platform=platform, team_id=team_id, channel_id=channel_id)]
        for row in rows:
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = utcnow()
            session.add(row)


async def channel_ai_off(db: Database, platform: str, channel_id: str) -> bool:
    """True when an administrator switched AI features off in the channel (on any of its rows)."""
    async with db.session() as session:
        return any(row.ai_off for row in await channel_setting_rows(session, platform, channel_id))
