"""What administrators control per channel: its confidentiality classification and whether AI features are on.

One rule for a classification change, whoever makes it (`/genai classify` in the channel or the dashboard): anyone
may raise the level; lowering it below the level in effect (an unset channel counts as the default) needs an
administrator. Every change is audited as `channel.classification_changed` (target `<platform>:<channel>`, detail
`level` and `via`: chat or dashboard). AI features switched off in a channel (`channel.ai_switched`, detail
`off`) refuse every LLM call made from it (see genai_bot.llm.handle.RoomLLM).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from genai_bot.channel_settings import channel_ai_off, update_channel_settings
from genai_bot.db.engine import Database
from genai_bot.db.models import ChannelSetting
from genai_bot.errors import UserFacingError
from genai_bot.llm.classification import channel_classification, set_channel_classification
from genai_bot.services import Services

__all__ = [
    "ChannelControls",
    "change_classification",
    "channel_ai_off",
    "channel_target",
    "default_level",
    "list_channels",
    "switch_ai",
]

_UNSET = 1  # an unset channel's level when no LLM gateway (and so no GENAI_DEFAULT_CLASSIFICATION) exists


@dataclass(frozen=True)
class ChannelControls:
    """A channel with settings: its classification (the strictest set; None: the default), language, AI off."""

    platform: str
    channel_id: str
    classification: int | None
    language: str | None
    ai_off: bool
    updated_at: datetime


def channel_target(platform: str, channel_id: str) -> str:
    """The audit target of a channel."""
    return f"{platform}:{channel_id}"


def default_level(services: Services) -> int:
    """GENAI_DEFAULT_CLASSIFICATION: the level of a channel nobody classified."""
    return services.llm.settings.default_classification if services.llm is not None else _UNSET


async def change_classification(
    services: Services,
    platform: str,
    channel_id: str,
    new: int | None,
    *,
    actor: str,
    may_lower: bool,
    team_id: str = "",
    via: str | None = None,
) -> int:
    """Set the channel's level (None: back to the default) under the rule above and audit it; the level now in
    effect. Raises `classify.lower_needs_admin` when `new` is lower than the current level and not `may_lower`."""
    default = default_level(services)
    stored = await channel_classification(services.db, platform, channel_id)
    current = default if stored is None else stored
    effective = default if new is None else new
    if effective < current and not may_lower:
        raise UserFacingError("classify.lower_needs_admin", level=current)
    await set_channel_classification(services.db, platform, channel_id, new, team_id=team_id)
    await services.audit.record(
        actor=actor,
        action="channel.classification_changed",
        target=channel_target(platform, channel_id),
        level=new,
        via=via or "chat",
    )
    return effective


async def switch_ai(
    services: Services,
    platform: str,
    channel_id: str,
    *,
    off: bool,
    actor: str,
    team_id: str = "",
    via: str | None = None,
) -> None:
    """Switch AI features off (or back on) in the channel; audited as `channel.ai_switched`."""
    await update_channel_settings(services.db, platform, channel_id, team_id=team_id, ai_off=off or None)
    await services.audit.record(
        actor=actor,
        action="channel.ai_switched",
        target=channel_target(platform, channel_id),
        off=off,
        via=via or "chat",
    )


async def list_channels(db: Database, *, limit: int = 1000) -> list[ChannelControls]:
    """Every channel with a setting (a shared channel's rows merged), most recently changed first."""
    async with db.session() as session:
        rows = list((await session.exec(select(ChannelSetting).order_by(col(ChannelSetting.id)))).all())
    merged: dict[tuple[str, str], list[ChannelSetting]] = {}
    for row in rows:
        merged.setdefault((row.platform, row.channel_id), []).append(row)
    channels = [_merge(platform, channel_id, group) for (platform, channel_id), group in merged.items()]
    channels.sort(key=lambda c: c.updated_at, reverse=True)
    return channels[:limit]


def _merge(platform: str, channel_id: str, rows: list[ChannelSetting]) -> ChannelControls:
    levels = [r.classification for r in rows if r.classification is not None]
    languages = [r for r in rows if r.language]
    return ChannelControls(
        platform=platform,
        channel_id=channel_id,
        classification=max(levels) if levels else None,
        language=max(languages, key=lambda r: r.updated_at).language if languages else None,
        ai_off=any(r.ai_off for r in rows),
        updated_at=max(r.updated_at for r in rows),
    )
