"""One configured provider at run time (SDK client + concurrency limit) and how its errors are judged."""

from __future__ import annotations

import asyncio
import math
from email.utils import parsedate_to_datetime

import openai
from openai import AsyncAzureOpenAI, AsyncOpenAI, AsyncStream, Omit, omit
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessageParam

from genai_bot.db.models import utcnow
from genai_bot.llm.settings import DEFAULT_AZURE_API_VERSION, ProviderConfig

RETRY_AFTER_CAP_SECONDS = 30.0
EMPTY_ANSWER = "empty_answer"
_RETRYABLE_STATUS = frozenset({408, 409, 429})


class EmptyAnswer(Exception):
    """The provider answered with nothing to show: no choices, `content: null`, only white space, or a stream
    that ended without text. Counts as that provider failing (the next one is tried), not worth retrying on it."""


class Provider:
    """An SDK client (retries off: the gateway retries) and a semaphore bounding in-flight calls."""

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config
        self.semaphore = asyncio.Semaphore(config.concurrency)
        self.client = _make_client(config)

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def model(self) -> str:
        return self.config.model

    async def create(
        self, messages: list[ChatCompletionMessageParam], max_tokens: int | None, temperature: float | None
    ) -> ChatCompletion:
        limit, legacy_limit = self._token_limits(max_tokens)
        return await self.client.chat.completions.create(
            model=self.config.model,
            messages=messages,
            max_completion_tokens=limit,
            max_tokens=legacy_limit,
            temperature=temperature if temperature is not None else omit,
        )

    async def open_stream(
        self, messages: list[ChatCompletionMessageParam], max_tokens: int | None, temperature: float | None
    ) -> AsyncStream[ChatCompletionChunk]:
        limit, legacy_limit = self._token_limits(max_tokens)
        return await self.client.chat.completions.create(
            model=self.config.model,
            messages=messages,
            max_completion_tokens=limit,
            max_tokens=legacy_limit,
            temperature=temperature if temperature is not None else omit,
            stream=True,
            stream_options={"include_usage": True},
        )

    def _token_limits(self, max_tokens: int | None) -> tuple[int | Omit, int | Omit]:
        """OpenAI and Azure deprecated max_tokens; compatible servers (vLLM, Ollama, ...) still expect it."""
        if max_tokens is None:
            return omit, omit
        return (omit, max_tokens) if self.config.kind == "compatible" else (max_tokens, omit)

    async def aclose(self) -> None:
        await self.client.close()


def _make_client(config: ProviderConfig) -> AsyncOpenAI:
    api_key = config.api_key.get_secret_value() if config.api_key else None
    if config.kind == "azure":
        return AsyncAzureOpenAI(
            azure_endpoint=config.base_url or "",
            azure_deployment=config.deployment,
            api_key=api_key,
            api_version=config.api_version or DEFAULT_AZURE_API_VERSION,
            timeout=config.timeout_seconds,
            max_retries=0,
        )
    return AsyncOpenAI(
        api_key=api_key,
        base_url=config.base_url,
        timeout=config.timeout_seconds,
        max_retries=0,
    )


def error_code(exc: BaseException) -> str:
    """A short, text-free code for the usage table and logs."""
    if isinstance(exc, EmptyAnswer):
        return EMPTY_ANSWER
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APIStatusError):
        return f"http_{exc.status_code}"
    if isinstance(exc, openai.APITimeoutError | TimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection_error"
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"
    return type(exc).__name__[:50]


def is_provider_failure(exc: BaseException) -> bool:
    """Errors that mean "this provider did not answer" (try the next one) rather than a bug of ours."""
    return isinstance(exc, openai.OpenAIError | TimeoutError | EmptyAnswer)


def is_retryable(exc: BaseException) -> bool:
    """429, 5xx, timeouts and connection errors are worth retrying on the same provider."""
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _RETRYABLE_STATUS or exc.status_code >= 500
    return isinstance(exc, openai.APIConnectionError | TimeoutError)


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds the provider asked us to wait (Retry-After / retry-after-ms), if it said so."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        value = _float(raw_ms)
        return value / 1000.0 if value is not None else None
    raw = headers.get("retry-after")
    if raw is None:
        return None
    value = _float(raw)
    if value is not None:
        return value
    try:
        return max(0.0, (parsedate_to_datetime(raw) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None


def _float(raw: str) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
