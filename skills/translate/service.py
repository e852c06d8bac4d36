"""Translate a text with the room's LLM handle: protect tokens, apply the glossary, check the answer, restore.

Platform-neutral: takes text and returns a `Translation`; raises `UserFacingError` for what the user should see
(translate.* and the gateway's llm.* keys).
"""

from __future__ import annotations

from dataclasses import dataclass

import structlog

from genai_bot.errors import UserFacingError
from genai_bot.i18n import Lang
from genai_bot.llm import ChatMessage, RoomLLM
from skills.translate.glossary import Glossary, GlossaryEntry, enforce
from skills.translate.language import Target, other, resolve_target
from skills.translate.prompt import placeholder_reminder, translation_messages
from skills.translate.protect import Protected, Restored, append_missing, has_words, protect, restore

log = structlog.get_logger(__name__)

TASK = "translate"


@dataclass(frozen=True)
class Translation:
    text: str
    target: Lang
    glossary: tuple[GlossaryEntry, ...] = ()
    """Glossary entries that applied to this text."""
    unresolved: tuple[GlossaryEntry, ...] = ()
    """Entries whose target term could not be put into the text; show them as a note."""


@dataclass(frozen=True)
class _Attempt:
    raw: str
    restored: Restored


async def translate_text(
    llm: RoomLLM,
    text: str,
    target: Target,
    *,
    glossary: Glossary,
) -> Translation:
    """Translate `text` into `target` ('auto': Japanese → English, anything else → Japanese)."""
    if not llm.configured:
        raise UserFacingError("translate.no_llm")
    protected = protect(text)
    if not has_words(protected):
        raise UserFacingError("translate.empty")
    lang = resolve_target(target, protected.prose)
    entries = glossary.matching(protected.text, other(lang))
    messages = translation_messages(protected.text, lang, entries)
    log.debug("translate.request", chars=len(text), tokens=len(protected.tokens), glossary=len(entries), target=lang)
    attempt = await _ask(llm, messages, protected)
    if attempt.restored.missing:
        attempt = await _ask_again(llm, messages, attempt, protected)
    fixed, unresolved = enforce(attempt.raw, entries, lang)
    final = append_missing(restore(fixed, protected), protected)
    return Translation(final, lang, tuple(entries), tuple(unresolved))


async def _ask(llm: RoomLLM, messages: list[ChatMessage], protected: Protected) -> _Attempt:
    try:
        answer = await llm.complete(TASK, messages)
    except UserFacingError as exc:
        if exc.message_key == "llm.empty_answer":  # said the translate way: "no translation came back"
            raise UserFacingError("translate.empty_result") from None
        raise
    raw = answer.text.strip()
    if not raw:
        raise UserFacingError("translate.empty_result")
    return _Attempt(raw, restore(raw, protected))


async def _ask_again(llm: RoomLLM, messages: list[ChatMessage], first: _Attempt, protected: Protected) -> _Attempt:
    """One more try when the model dropped placeholders; the better of the two answers wins."""
    log.info("translate.placeholders_missing", missing=len(first.restored.missing))
    reminder = placeholder_reminder(messages, first.raw, first.restored.missing)
    try:
        second = await _ask(llm, reminder, protected)
    except UserFacingError:
        return first  # the first answer is usable: the missing tokens get appended
    return second if len(second.restored.missing) <= len(first.restored.missing) else first
