"""Turning a transcript into the blocks of the answer: with the LLM when one may be used, else extractively.

The LLM is skipped (extractive summary, clearly labelled) when none is configured or when no configured
provider is cleared for the channel's classification. LLM outages are not handled here: the gateway's
`llm.*` errors propagate so the caller can offer a retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import structlog

from genai_bot.chat import ChatPort
from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.llm import RoomLLM
from genai_bot.messages import Block, Room
from skills.summarize.extractive import key_sentences
from skills.summarize.mapreduce import TASK, LLMRun, MapReduceSummarizer
from skills.summarize.render import (
    SourceRenderer,
    cited_refs,
    extractive_blocks,
    raw_blocks,
    spans_days,
    summary_blocks,
)
from skills.summarize.result import parse_summary
from skills.summarize.transcript import Entry, Transcript, bounded_gather

log = structlog.get_logger(__name__)
PERMALINK_CONCURRENCY = 8


@dataclass(frozen=True)
class Composed:
    blocks: list[Block]
    used_llm: bool
    map_calls: int = 0


async def compose(
    ctx: CommandContext, chat: ChatPort, room: Room, transcript: Transcript, *, tz: ZoneInfo, now: datetime
) -> Composed:
    llm = ctx.llm.about(room)
    try:
        await llm.check(TASK)
    except UserFacingError as exc:
        if exc.message_key == "llm.no_provider_for_classification":
            label = ctx.t("summarize.extractive_restricted", level=exc.args_.get("level", await llm.level()))
            return await _extractive(ctx, chat, room, transcript, tz, label)
        if exc.message_key == "llm.not_configured":
            return await _extractive(ctx, chat, room, transcript, tz, ctx.t("summarize.extractive_label"))
        raise
    run = await _summarise_with_llm(ctx, chat, llm, transcript, tz, now)
    summary = parse_summary(run.text)
    if summary is None:
        log.info("summarize.unstructured_answer", chars=len(run.text))
        return Composed(raw_blocks(run.text, ctx.t), used_llm=True, map_calls=run.map_calls)
    by_ref = transcript.by_ref()
    cited = [by_ref[r] for r in cited_refs(summary, by_ref)]
    sources = await _sources(ctx, chat, room, transcript, tz, cited)
    return Composed(summary_blocks(summary, sources), used_llm=True, map_calls=run.map_calls)


async def _summarise_with_llm(
    ctx: CommandContext, chat: ChatPort, llm: RoomLLM, transcript: Transcript, tz: ZoneInfo, now: datetime
) -> LLMRun:
    summarizer = MapReduceSummarizer(llm, lang=ctx.lang, tz=tz, now=now)
    chunks = summarizer.plan(transcript.entries)
    if len(chunks) > 1:
        await ctx.tell_asker("summarize.working", count=len(transcript.entries))  # a long summary takes a while
    return await summarizer.summarize(chunks)


async def _extractive(
    ctx: CommandContext, chat: ChatPort, room: Room, transcript: Transcript, tz: ZoneInfo, label: str
) -> Composed:
    sentences = key_sentences(transcript.entries)
    sources = await _sources(ctx, chat, room, transcript, tz, [s.entry for s in sentences])
    return Composed(extractive_blocks(sentences, sources, label), used_llm=False)


async def _sources(
    ctx: CommandContext, chat: ChatPort, room: Room, transcript: Transcript, tz: ZoneInfo, cited: list[Entry]
) -> SourceRenderer:
    wanted = [e for e in cited if e.message.link is None]
    links = await bounded_gather(
        [partial(chat.permalink, room, e.message.id) for e in wanted], limit=PERMALINK_CONCURRENCY
    )
    return SourceRenderer(
        t=ctx.t,
        tz=tz,
        by_ref=transcript.by_ref(),
        with_date=spans_days(transcript.entries, tz),
        links={e.message.id: link for e, link in zip(wanted, links, strict=True)},
    )
