"""The LLM gateway: every model call of every skill goes through here.

Per call: choose the task's route, drop providers not cleared for the channel's classification, mask
the messages, then try each provider in order (retries with backoff on 429/5xx/timeouts, honouring
Retry-After; non-retryable 4xx moves on at once), bounded by a per-provider semaphore and timeout. An empty
answer (no choices, `content: null`, only white space, a stream without text) counts as that provider failing:
the next one is tried, then `llm.empty_answer`. Each attempt that reached a provider is recorded as a usage row.
The answer is unmasked before it is returned, and bounded: the task's `max_tokens` is asked of the provider and
the answer is cut at the task's character cap (`Completion.cut_at`; a stream ends with an `AnswerCut`).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Self, TypeVar, cast

import structlog
from openai import AsyncStream
from openai.types.chat import ChatCompletionChunk, ChatCompletionMessageParam
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from genai_bot.db.engine import Database
from genai_bot.errors import UserFacingError
from genai_bot.llm.limits import CharCap, StreamGate
from genai_bot.llm.masking import EXAMPLE_NONCE, Masker, MaskRules
from genai_bot.llm.providers import (
    EMPTY_ANSWER,
    RETRY_AFTER_CAP_SECONDS,
    EmptyAnswer,
    Provider,
    error_code,
    is_provider_failure,
    is_retryable,
    retry_after_seconds,
)
from genai_bot.llm.settings import LLMSettings
from genai_bot.llm.types import AnswerCut, BudgetCheck, CallContext, ChatMessage, Completion
from genai_bot.llm.usage import Attempt, UsageRecorder, usage_row
from genai_bot.tokens import estimate_message_tokens, estimate_tokens

log = structlog.get_logger(__name__)
T = TypeVar("T")

PLACEHOLDER_HINT = (
    f"Some values were replaced by placeholders such as [EMAIL_1_{EXAMPLE_NONCE}] or [PHONE_2_{EXAMPLE_NONCE}] "
    "(a kind, a number and a short code). Keep every placeholder exactly as written, including the brackets "
    "and the code, wherever the value belongs."
)


@dataclass
class _OpenStream:
    provider: Provider
    stream: AsyncStream[ChatCompletionChunk]
    started: float


@dataclass(frozen=True)
class _Bounds:
    """What a stream's relay needs to bound the answer and account for a stream it closed early."""

    max_chars: int
    wire: list[ChatCompletionMessageParam]

    def prompt_estimate(self) -> int:
        return sum(estimate_message_tokens(str(m.get("content") or "")) for m in self.wire)


def _answer_text(response: object) -> str:
    """The answer's text; "" when there are no choices, no message or `content: null`."""
    choices = getattr(response, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else ""


class LLMGateway:
    def __init__(
        self,
        settings: LLMSettings,
        db: Database | None,
        clock: Callable[[], float] = time.monotonic,
        *,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 8.0,
        retry_after_cap_seconds: float = RETRY_AFTER_CAP_SECONDS,
    ) -> None:
        self.settings = settings
        self._clock = clock
        self._providers = {config.name: Provider(config) for config in settings.providers}
        self._rules = MaskRules(settings.mask_patterns, settings.mask_terms)
        self._usage = UsageRecorder(db)
        self.budget: BudgetCheck | None = None
        """Asked by the room-aware handle before each call (monthly budgets); set by the composition root."""
        self._backoff = wait_exponential_jitter(
            multiplier=backoff_seconds, max=max_backoff_seconds, jitter=backoff_seconds
        )
        self._retry_after_cap = retry_after_cap_seconds

    # --- status ---
    @property
    def configured(self) -> bool:
        return bool(self._providers)

    def describe(self) -> list[str]:
        return self.settings.describe()

    def providers_for(self, task: str, classification: int | None = None) -> list[str]:
        """Provider names a call would try, in order (raises the same user-facing errors as a call)."""
        return [p.name for p in self._route(task, classification)]

    # --- calls ---
    async def complete(
        self,
        task: str,
        messages: Sequence[ChatMessage],
        *,
        ctx: CallContext,
        classification: int | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> Completion:
        route = self._route(task, classification)
        masker, wire = self._mask(messages)
        limit = self.settings.answer_limit(task)
        tokens = limit.tokens_for(max_tokens)
        failures: list[str] = []
        last: Exception | None = None
        for provider in route:

            async def once(p: Provider = provider) -> Completion:
                return await self._complete_once(p, task, ctx, wire, tokens, temperature)

            try:
                answer = await self._with_retries(provider, once)
            except Exception as exc:
                if not is_provider_failure(exc):
                    raise
                failures.append(self._note_failure(provider, task, exc))
                last = exc
                continue
            cap = CharCap(limit.max_chars)
            text = cap.take(masker.unmask(answer.text))
            if cap.reached:
                self._note_cut(answer.provider, task, cap.limit, len(answer.text))
            return Completion(
                text=text,
                provider=answer.provider,
                model=answer.model,
                prompt_tokens=answer.prompt_tokens,
                completion_tokens=answer.completion_tokens,
                cut_at=cap.limit if cap.reached else None,
            )
        raise self._exhausted(task, route, failures) from last

    async def stream(
        self,
        task: str,
        messages: Sequence[ChatMessage],
        *,
        ctx: CallContext,
        classification: int | None = None,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> AsyncGenerator[str | AnswerCut, None]:
        """Text deltas, unmasked; an `AnswerCut` last when the answer reached the task's character cap (the
        provider's stream is closed there). Fallback happens while the stream opens, and when a stream ends
        without any text; a failure after text arrived: llm.interrupted.

        Use `contextlib.aclosing(gateway.stream(...))` when you may stop early, so the slot is freed at once.
        """
        route = self._route(task, classification)
        masker, wire = self._mask(messages)
        limit = self.settings.answer_limit(task)
        tokens = limit.tokens_for(max_tokens)
        failures: list[str] = []
        remaining = route
        while True:
            opened = await self._open_first(remaining, task, ctx, wire, tokens, temperature, failures)
            relay = self._relay(opened, masker, task, ctx, _Bounds(limit.max_chars, wire))
            try:
                async with contextlib.aclosing(relay):
                    async for item in relay:
                        yield item
                return
            except EmptyAnswer as exc:  # nothing was handed on: the next provider may still answer
                failures.append(self._note_failure(opened.provider, task, exc))
                remaining = remaining[remaining.index(opened.provider) + 1 :]
                if not remaining:
                    raise self._exhausted(task, route, failures) from exc

    @property
    def usage(self) -> UsageRecorder:
        """The usage recorder (the composition root sets its `organisation_of`)."""
        return self._usage

    # --- lifecycle ---
    async def flush_usage(self) -> None:
        """Make every usage row recorded so far durable."""
        await self._usage.flush()

    async def aclose(self) -> None:
        await self._usage.aclose()
        for provider in self._providers.values():
            await provider.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # --- routing and masking ---
    def _route(self, task: str, classification: int | None) -> list[Provider]:
        route = [self._providers[c.name] for c in self.settings.route(task)]
        if not route:
            raise UserFacingError("llm.not_configured", task=task)
        level = self.settings.default_classification if classification is None else classification
        allowed = [p for p in route if p.config.max_classification >= level]
        if not allowed:
            highest = max(p.config.max_classification for p in route)
            services = ", ".join(f"{p.name} (≤{p.config.max_classification})" for p in route)
            raise UserFacingError(
                "llm.no_provider_for_classification", level=level, max_allowed=highest, task=task, services=services
            )
        return allowed

    def _mask(self, messages: Sequence[ChatMessage]) -> tuple[Masker, list[ChatCompletionMessageParam]]:
        masker = self._rules.masker()
        wire: list[dict[str, str]] = [{"role": m["role"], "content": masker.mask(m["content"])} for m in messages]
        if masker.masked_count:
            if wire and wire[0]["role"] == "system":
                wire[0]["content"] = f"{wire[0]['content']}\n\n{PLACEHOLDER_HINT}"
            else:
                wire.insert(0, {"role": "system", "content": PLACEHOLDER_HINT})
        chars = sum(len(m["content"]) for m in wire)
        log.debug("llm.request", messages=len(wire), chars=chars, masked=masker.masked_count)
        return masker, cast(list[ChatCompletionMessageParam], wire)

    # --- attempts ---
    async def _with_retries(self, provider: Provider, call: Callable[[], Awaitable[T]]) -> T:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(provider.config.max_retries + 1),
            wait=self._wait,
            retry=retry_if_exception(self._should_retry),
            reraise=True,
        )
        return await retrying(call)

    def _should_retry(self, exc: BaseException) -> bool:
        if not is_retryable(exc):
            return False
        asked = retry_after_seconds(exc)
        # A provider asking for a longer pause than we are willing to wait: try the next provider instead.
        return asked is None or asked <= self._retry_after_cap

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome is not None else None
        asked = retry_after_seconds(exc) if exc is not None else None
        if asked is not None:
            return min(asked, self._retry_after_cap)
        return float(self._backoff(state))

    async def _complete_once(
        self,
        provider: Provider,
        task: str,
        ctx: CallContext,
        wire: list[ChatCompletionMessageParam],
        max_tokens: int | None,
        temperature: float | None,
    ) -> Completion:
        async with provider.semaphore:
            started = self._clock()
            try:
                async with asyncio.timeout(provider.config.timeout_seconds):
                    response = await provider.create(wire, max_tokens, temperature)
            except BaseException as exc:
                self._record(provider, task, ctx, started, error=error_code(exc))
                raise
        usage = getattr(response, "usage", None)  # a proxy may leave out what the SDK does not check
        prompt = usage.prompt_tokens if usage else 0
        completion = usage.completion_tokens if usage else 0
        text = _answer_text(response)
        empty = not text.strip()
        self._record(provider, task, ctx, started, prompt, completion, error=EMPTY_ANSWER if empty else None)
        if empty:
            raise EmptyAnswer(provider.name)
        return Completion(text, provider.name, provider.model, prompt, completion)

    async def _open_first(
        self,
        route: list[Provider],
        task: str,
        ctx: CallContext,
        wire: list[ChatCompletionMessageParam],
        max_tokens: int | None,
        temperature: float | None,
        failures: list[str],
    ) -> _OpenStream:
        """The first provider of `route` whose stream opens; every failure is added to `failures`."""
        last: Exception | None = None
        for provider in route:

            async def once(p: Provider = provider) -> _OpenStream:
                return await self._open_once(p, task, ctx, wire, max_tokens, temperature)

            try:
                return await self._with_retries(provider, once)
            except Exception as exc:
                if not is_provider_failure(exc):
                    raise
                failures.append(self._note_failure(provider, task, exc))
                last = exc
        raise self._exhausted(task, route, failures) from last

    async def _open_once(
        self,
        provider: Provider,
        task: str,
        ctx: CallContext,
        wire: list[ChatCompletionMessageParam],
        max_tokens: int | None,
        temperature: float | None,
    ) -> _OpenStream:
        await provider.semaphore.acquire()
        started = self._clock()
        try:
            async with asyncio.timeout(provider.config.timeout_seconds):
                stream = await provider.open_stream(wire, max_tokens, temperature)
        except BaseException as exc:
            provider.semaphore.release()
            self._record(provider, task, ctx, started, error=error_code(exc))
            raise
        return _OpenStream(provider, stream, started)

    async def _relay(
        self, opened: _OpenStream, masker: Masker, task: str, ctx: CallContext, bounds: _Bounds
    ) -> AsyncGenerator[str | AnswerCut, None]:
        """Yield unmasked deltas up to the character cap (then an `AnswerCut`, and the stream is closed); record
        the usage from the final chunk (estimated when the cap stopped the reading first); release the slot.
        A stream without text raises `EmptyAnswer` before anything was handed on."""
        unmasker = masker.stream_unmasker()
        gate = StreamGate(bounds.max_chars)
        prompt = completion = 0
        error: str | None = "cancelled"
        try:
            async for chunk in opened.stream:
                if chunk.usage is not None:
                    prompt, completion = chunk.usage.prompt_tokens, chunk.usage.completion_tokens
                piece = gate.feed("".join(unmasker.feed(c.delta.content or "") for c in chunk.choices or () if c.delta))
                if piece:
                    yield piece
                if gate.cap.reached:
                    break
            else:
                piece = gate.feed(unmasker.flush())
                if piece:
                    yield piece
            if not gate.started:
                error = EMPTY_ANSWER
                raise EmptyAnswer(opened.provider.name)
            error = None
            if gate.cap.reached:
                if not completion:  # the provider's usage comes last, and the reading stopped before it
                    prompt, completion = bounds.prompt_estimate(), estimate_tokens(gate.sent)
                self._note_cut(opened.provider.name, task, gate.cap.limit, None)
                yield AnswerCut(gate.cap.limit)
        except EmptyAnswer:
            raise
        except Exception as exc:
            error = error_code(exc)
            if not is_provider_failure(exc):
                raise
            self._note_failure(opened.provider, task, exc)
            raise UserFacingError("llm.interrupted", task=task) from exc
        finally:
            with contextlib.suppress(Exception):
                await opened.stream.close()
            opened.provider.semaphore.release()
            self._record(opened.provider, task, ctx, opened.started, prompt, completion, error=error)

    # --- bookkeeping ---
    def _record(
        self,
        provider: Provider,
        task: str,
        ctx: CallContext,
        started: float,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        *,
        error: str | None = None,
    ) -> None:
        if error is None and ctx.answered is not None:
            ctx.answered(provider.name, provider.model)
        if not self._usage.enabled:
            return
        attempt = Attempt(
            provider=provider.name,
            model=provider.model,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            latency_ms=max(0, round((self._clock() - started) * 1000)),
            cost=self.settings.cost(provider.model, prompt_tokens, completion_tokens),
            error=error,
        )
        self._usage.record(usage_row(ctx, task, attempt))

    def _note_failure(self, provider: Provider, task: str, exc: BaseException) -> str:
        code = error_code(exc)
        log.warning("llm.provider_failed", provider=provider.name, model=provider.model, task=task, error=code)
        return code

    def _note_cut(self, provider: str, task: str, limit: int, received: int | None) -> None:
        log.warning("llm.answer_cut", provider=provider, task=task, max_chars=limit, received_chars=received)

    def _exhausted(self, task: str, route: list[Provider], failures: list[str]) -> UserFacingError:
        if failures and all(code == EMPTY_ANSWER for code in failures):
            return UserFacingError("llm.empty_answer", task=task)
        if failures and all(code == "timeout" for code in failures):
            seconds = max(p.config.timeout_seconds for p in route)
            return UserFacingError("llm.timeout", seconds=f"{seconds:g}", task=task)
        return UserFacingError("llm.unavailable", task=task, errors=",".join(failures))
