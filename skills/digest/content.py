"""Building a digest: every registered section's items for a person (or a channel) on a local day, rendered as a
platform-neutral Reply with Snooze and Turn off buttons. An empty digest is None (nothing is sent)."""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import date

import structlog

from genai_bot.chat import ChatError
from genai_bot.dates import format_day
from genai_bot.digest_port import DigestItem, DigestSection
from genai_bot.i18n import Lang, t
from genai_bot.messages import Actions, Block, Button, Person, Reply, Room, Text
from genai_bot.services import Services

__all__ = ["ACTION", "gather_channel", "gather_personal", "render_digest"]

log = structlog.get_logger(__name__)
ACTION = "genai:digest"
Parts = list[tuple[DigestSection, list[DigestItem]]]


async def gather_personal(services: Services, person: Person, day: date) -> Parts:
    parts: Parts = []
    for section in services.digest_sections.all():
        items = await _gathered(section.gather(services, person, day), section, user=person.key)
        if items:
            parts.append((section, items))
    return parts


async def _gathered(work: Awaitable[list[DigestItem]], section: DigestSection, **where: str) -> list[DigestItem]:
    """A section's items; a section that fails is left out (logged), except when the platform is rate limiting:
    then the whole digest waits (the outbox brings it back when asked) rather than go out without it."""
    try:
        return await work
    except Exception as exc:
        if isinstance(exc, ChatError) and exc.code == "ratelimited":
            raise
        log.exception("digest.section_failed", section=section.name, **where)
        return []


async def gather_channel(services: Services, room: Room, day: date) -> Parts:
    parts: Parts = []
    for section in services.digest_sections.all():
        if section.channel_gather is None:
            continue
        items = await _gathered(section.channel_gather(services, room, day), section, channel=room.channel_id)
        if items:
            parts.append((section, items))
    return parts


def render_digest(
    parts: Parts, day: date, lang: Lang, *, sub_id: int | None = None, buttons: bool = True, channel: bool = False
) -> Reply | None:
    """The digest, or None when no section has anything (empty digests are not sent)."""
    if not parts:
        return None
    title = t(lang, "digest.title.channel" if channel else "digest.title", day=format_day(day, lang))
    blocks: list[Block] = [Text(f"*{title}*")]
    for section, items in parts:
        lines = [f"*{t(lang, section.heading_key)}*", *(_line(item, lang) for item in items)]
        blocks.append(Text("\n".join(lines)))
    if sub_id is not None:
        if buttons:
            blocks.append(
                Actions(
                    (
                        Button(t(lang, "digest.button.snooze"), ACTION, f"snooze {sub_id}"),
                        Button(t(lang, "digest.button.off"), ACTION, f"off {sub_id}", style="danger"),
                    )
                )
            )
        else:
            blocks.append(Text(t(lang, "digest.footer_typed", id=sub_id)))
    return Reply(blocks=blocks, ephemeral=False)


def _line(item: DigestItem, lang: Lang) -> str:
    text = f"• {item.title}"
    if item.detail:
        text += f" — {item.detail}"
    if item.link:
        text += f" [{t(lang, 'digest.open')}]({item.link})"
    elif item.ref:
        text += f" {item.ref}"
    return text
