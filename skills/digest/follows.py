"""The digest's own section: short summaries of the channels a person follows (`digest follow #channel`).

Each channel is read through the chat port and summarised through the summarize skill with the room-aware LLM
handle for that channel (its classification decides whether an LLM may take it). When none may, the summarize
skill's extractive summary comes back labelled as such; when the LLM fails, the digest still goes, with an
extractive summary labelled as such.
"""

from __future__ import annotations

from datetime import date, timedelta

import structlog

from genai_bot.chat import ChatError, ChatPort
from genai_bot.commands import CommandContext
from genai_bot.digest_port import DigestItem
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.messages import Person, Reply, Room
from genai_bot.services import Services
from skills.digest.schedule import zone
from skills.digest.store import follows_of
from skills.summarize.compose import compose
from skills.summarize.extractive import key_sentences
from skills.summarize.transcript import Transcript, build_transcript, read_channel

__all__ = ["WINDOW", "followed_channels"]

log = structlog.get_logger(__name__)
WINDOW = timedelta(hours=24)
MAX_CHARS = 700
MAX_MESSAGES = 200
EXTRACTIVE_SENTENCES = 3


async def followed_channels(services: Services, person: Person, day: date) -> list[DigestItem]:
    """One item per followed channel with something new in the last 24 hours."""
    port = services.chat_ports.get(person.platform)
    if port is None:
        return []
    items: list[DigestItem] = []
    for followed in await follows_of(services.db, person.platform, person.team_id, person.user_id):
        room = Room(person.platform, followed.channel_id)
        label = f"#{followed.channel_name or followed.channel_id}"
        ref = f"[{label}](room:{followed.channel_id})"
        now = services.clock.now()
        try:
            messages, truncated = await read_channel(port, room, oldest=now - WINDOW, count=None, cap=MAX_MESSAGES)
            transcript = await build_transcript(port, messages, truncated=truncated)
        except ChatError as exc:
            if exc.code == "ratelimited":
                raise  # the digest waits for the platform rather than call a busy channel unreadable
            log.info("digest.channel_unreadable", channel=followed.channel_id, code=exc.code)
            items.append(DigestItem(label, t(person.lang, "digest.summary.unreadable"), ref=ref, kind="summary"))
            continue
        if not transcript.entries:
            continue
        detail = await _summary(services, port, person, room, transcript)
        link = await port.permalink(room, transcript.entries[-1].message.id)
        items.append(DigestItem(label, detail, link=link, ref=None if link else ref, kind="summary"))
    return items


async def _summary(services: Services, port: ChatPort, person: Person, room: Room, transcript: Transcript) -> str:
    ctx = CommandContext(person=person, room=room, services=services, source="action", verb="digest")
    tz = zone(person.timezone, services.settings.tz)
    try:
        composed = await compose(ctx, port, room, transcript, tz=tz, now=services.clock.now())
        text = Reply(blocks=composed.blocks).plain_text
    except UserFacingError as exc:  # the LLM failed: the digest still goes, with the key sentences as written
        log.info("digest.summary_extractive", channel=room.channel_id, reason=exc.message_key)
        sentences = key_sentences(transcript.entries, EXTRACTIVE_SENTENCES)
        text = "\n".join([t(person.lang, "digest.summary.extractive"), *(f"  {s.text}" for s in sentences)])
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"
