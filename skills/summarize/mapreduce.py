"""Summarising a transcript with the LLM: one call when it fits, else map-reduce.

Map: the transcript is cut into chunks by estimated tokens and each chunk is summarised concurrently (the
gateway's per-provider semaphore bounds how many run at once). Reduce: the partial summaries are merged;
when they are themselves too big for one call they are merged in groups, again concurrently, until one is
left. Every call asks for the same JSON shape, so partial and final answers look alike.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from genai_bot.i18n import Lang
from genai_bot.llm import RoomLLM, system, user
from genai_bot.tokens import chunk_by_tokens
from skills.summarize.transcript import Entry

TASK = "summarize"
CHUNK_TOKENS = 4000
"""Transcript tokens per call: small enough for any model's context and for parallel map calls."""
MAP_MAX_TOKENS = 1200
FINAL_MAX_TOKENS = 2000
TEMPERATURE = 0.2
T = TypeVar("T")

_LANGUAGE = {"ja": "Japanese", "en": "English"}
_SHAPE = (
    'Reply with ONLY a JSON object, no prose and no code fences, in this shape: {"key_points": [{"text": "...", '
    '"sources": ["m3"]}], "decisions": [{"text": "...", "sources": ["m7"]}], "action_items": [{"owner": "name or '
    'null", "task": "...", "due": "YYYY-MM-DD or as written, or null", "sources": ["m9"]}]}. '
    '"sources" lists the [m…] references of the messages that support each item.'
)
_RULES = (
    "Write every text in {language}, concisely, in a neutral business tone. Use only facts stated in the "
    "messages; never invent owners, dates or decisions. A decision is something agreed or settled; an action "
    "item is work someone is to do. Resolve relative dates (e.g. 'Friday', '来週月曜') against today, {today}. "
    "At most {points} key points, most important first. Empty lists are fine."
)
_SUMMARISE = (
    "You summarise workplace chat for staff of a Japanese public office. Each line of the conversation is "
    "`[ref] date time author: text`; `(↳mN)` marks a reply in the thread of mN."
)
_MERGE = (
    "You merge partial summaries of consecutive parts of one workplace conversation (oldest part first) into "
    "one summary. Combine duplicates, keep their sources, and when a later decision replaces an earlier one "
    "keep only the later."
)


@dataclass(frozen=True)
class LLMRun:
    text: str
    map_calls: int = 0
    reduce_calls: int = 0


def transcript_line(entry: Entry, tz: ZoneInfo) -> str:
    at = entry.message.at.astimezone(tz)
    reply = f" (↳{entry.reply_to})" if entry.reply_to else ""
    body = " / ".join(line.strip() for line in entry.text.splitlines() if line.strip())
    return f"[{entry.ref}] {at:%m/%d %H:%M} {entry.author}{reply}: {body}"


class MapReduceSummarizer:
    def __init__(
        self, llm: RoomLLM, *, lang: Lang, tz: ZoneInfo, now: datetime, chunk_tokens: int = CHUNK_TOKENS
    ) -> None:
        self._llm = llm
        self._chunk_tokens = chunk_tokens
        self._tz = tz
        self._language = _LANGUAGE[lang]
        self._today = f"{now.astimezone(tz):%Y-%m-%d (%a)}"

    def plan(self, entries: list[Entry]) -> list[list[str]]:
        """The transcript lines, chunked by the token budget (one chunk: no map-reduce needed)."""
        return chunk_by_tokens([transcript_line(e, self._tz) for e in entries], self._chunk_tokens)

    async def summarize(self, chunks: list[list[str]]) -> LLMRun:
        if len(chunks) == 1:
            return LLMRun(await self._ask(_SUMMARISE, "\n".join(chunks[0]), points=7, final=True))
        partials = await gather_all(
            [self._ask(_SUMMARISE, "\n".join(chunk), points=5, final=False) for chunk in chunks]
        )
        text, reduce_calls = await self._reduce(partials)
        return LLMRun(text, map_calls=len(chunks), reduce_calls=reduce_calls)

    async def _reduce(self, partials: list[str]) -> tuple[str, int]:
        calls = 0
        while True:
            labelled = [f"Part {i}:\n{p.strip()}" for i, p in enumerate(partials, start=1)]
            groups = chunk_by_tokens(labelled, self._chunk_tokens)
            if len(groups) == len(labelled):  # every partial is oversize: merge pairs so each round shrinks
                groups = [labelled[i : i + 2] for i in range(0, len(labelled), 2)]
            if len(groups) == 1:
                return await self._ask(_MERGE, "\n\n".join(groups[0]), points=7, final=True), calls + 1
            partials = await gather_all(
                [self._ask(_MERGE, "\n\n".join(group), points=7, final=False) for group in groups]
            )
            calls += len(groups)

    async def _ask(self, role: str, content: str, *, points: int, final: bool) -> str:
        rules = _RULES.format(language=self._language, today=self._today, points=points)
        prompt = f"{role} {_SHAPE} {rules}"
        completion = await self._llm.complete(
            TASK,
            [system(prompt), user(content)],
            temperature=TEMPERATURE,
            max_tokens=FINAL_MAX_TOKENS if final else MAP_MAX_TOKENS,
        )
        return completion.text


async def gather_all(coros: list[Coroutine[Any, Any, T]]) -> list[T]:
    """Like asyncio.gather, but the first failure cancels the calls still running (no wasted model calls)."""
    tasks = [asyncio.ensure_future(c) for c in coros]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
