"""The chat assistant: mentions, DMs and console lines get an answer that remembers the thread.

Each turn: keep the user's message, recall the conversation within the token budget, ask the model, stream the
answer into the room through `ctx.chat` (or return it where there is no chat port) and keep the answer. When the
AI service fails, the request is kept and the error offers a retry (a button where the platform has buttons).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

import structlog

from genai_bot import pending
from genai_bot.commands import CommandContext, Handler
from genai_bot.errors import UserFacingError
from genai_bot.llm import ChatMessage, assistant, system, user
from genai_bot.messages import Reply, Room
from skills.assist.calls import check_length
from skills.assist.memory import BOT_AUTHOR, Conversation, Turn, recall, remember
from skills.assist.prompts import chat_prompt
from skills.assist.settings import AssistSettings

log = structlog.get_logger(__name__)
VERB = "chat"


@dataclass(frozen=True)
class Answer:
    text: str
    streamed: bool


def chat_handler(settings: AssistSettings) -> Handler:
    async def handler(ctx: CommandContext, args: str) -> Reply:
        return await chat(ctx, args, settings)

    return handler


async def chat(ctx: CommandContext, args: str, settings: AssistSettings) -> Reply:
    if not ctx.llm.configured:
        return Reply.text(ctx.t("chat.no_llm"), ephemeral=False)
    text = args.strip()
    if not text:
        return Reply.text(ctx.t("assist.chat.empty"), ephemeral=False)
    check_length(text, settings.chat_max_chars)
    if ctx.in_conversation or ctx.from_button:  # remembered per thread (the console: per channel) and streamed;
        return await _converse(ctx, ctx.room, text, settings)  # a retry click runs in the thread it was asked in
    return await _one_shot(ctx, text)


async def _converse(ctx: CommandContext, room: Room, text: str, settings: AssistSettings) -> Reply:
    """A turn of a remembered conversation, streamed into the room where the platform can."""
    db, clock = ctx.services.db, ctx.services.clock
    conversation = Conversation.of(room)
    await remember(db, conversation, text, author=ctx.person.user_id, is_bot=False, at=clock.now())
    turns = await recall(db, conversation, settings.chat_history_tokens)
    log.debug("assist.chat_turn", turns=len(turns), chars=sum(len(t.text) for t in turns))
    try:
        answer = await _ask(ctx, room, _messages(ctx, turns), stream=True)
    except UserFacingError as exc:
        return await pending.retry_offer_for(ctx, VERB, text, exc, room=room)
    await remember(db, conversation, answer.text, author=BOT_AUTHOR, is_bot=True, at=clock.now())
    await pending.mark_done(db, ctx.person, VERB, text, channel_id=room.channel_id)
    if not answer.streamed:
        return Reply.text(answer.text, ephemeral=False)
    if ctx.from_button:
        return Reply.text(ctx.t("assist.chat.retried"))
    return Reply(ephemeral=False, already_sent=True)


async def _one_shot(ctx: CommandContext, text: str) -> Reply:
    """`/genai chat …` typed as a command: a private answer, no memory (the channel is not a conversation)."""
    try:
        answer = await _ask(ctx, ctx.room, _messages(ctx, [Turn(text, is_bot=False)]), stream=False)
    except UserFacingError as exc:
        return await pending.retry_offer_for(ctx, VERB, text, exc)
    await pending.served(ctx, VERB, text)
    return Reply.text(answer.text)


def _messages(ctx: CommandContext, turns: Sequence[Turn]) -> list[ChatMessage]:
    prompt = chat_prompt(ctx.lang, ctx.person.timezone, ctx.services.clock.now())
    return [system(prompt), *(assistant(t.text) if t.is_bot else user(t.text) for t in turns)]


async def _ask(ctx: CommandContext, room: Room, messages: list[ChatMessage], *, stream: bool) -> Answer:
    llm = ctx.llm.about(room)
    if ctx.chat is None or not stream:
        done = await llm.complete(VERB, messages)
        return Answer(done.text, streamed=False)
    collected: list[str] = []
    async with contextlib.aclosing(llm.stream(VERB, messages)) as pieces:
        first = await anext(pieces, "")  # the stream opens here: a failure now posts nothing
        await ctx.chat.stream(room, _relay(first, pieces, collected))
    return Answer("".join(collected), streamed=True)


async def _relay(first: str, rest: AsyncIterator[str], collected: list[str]) -> AsyncIterator[str]:
    collected.append(first)
    yield first
    async for piece in rest:
        collected.append(piece)
        yield piece
