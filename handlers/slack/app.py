"""Build the Bolt AsyncApp for a Core: Web API client on GENAI_SLACK_API_URL, a body-free logger, the once-only
middleware (it only notes the request's key: the claim itself runs after the ack, in `handlers.slack.work`),
listeners. Nothing here touches the database or the network before Slack has its ack."""

from __future__ import annotations

from aiohttp import ClientConnectorError
from slack_bolt.async_app import AsyncApp
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped, warning_token_skipped
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from genai_bot.app import Core
from genai_bot.errors import ConfigError
from genai_bot.logs import body_free_logger, without_message
from handlers.slack.assistant import register_assistant
from handlers.slack.chat_port import SlackChatPort
from handlers.slack.identity import bot_authorize
from handlers.slack.listeners import register_listeners
from handlers.slack.paced import PacedWebClient, pacing_middleware
from handlers.slack.reactions import register_reaction_listeners
from handlers.slack.replay import replay_middleware
from handlers.slack.resume import enable_durable_replies

ADDS_ON_EACH_CALL = frozenset(
    {"chat.postMessage", "chat.postEphemeral", "chat.startStream", "chat.appendStream", "files.completeUploadExternal"}
)
"""Methods that add something each time they arrive: not re-sent when the request may have arrived already."""


class PostSafeConnectionRetryHandler(AsyncConnectionErrorRetryHandler):
    """slack_sdk's retry on connection errors, except where a retry could post twice: a call of
    ADDS_ON_EACH_CALL is retried only when its connection was never made. A dropped connection or a reset may
    come after Slack carried the call out (only the answer was lost); the caller decides (an outbox delivery looks
    for its post before sending it again, `genai_bot.notify.post_once`)."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        method = request.url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
        if method in ADDS_ON_EACH_CALL and not isinstance(error, ClientConnectorError):
            return False
        return await super()._can_retry_async(state=state, request=request, response=response, error=error)


def build_web_client(core: Core) -> PacedWebClient:
    settings = core.settings
    if settings.slack_bot_token is None:
        raise ConfigError("Setting SLACK_BOT_TOKEN is missing: add the bot token (xoxb-…) to the environment or .env.")
    pacer = core.services.pacer
    retry: list[AsyncRetryHandler] = [
        AsyncServerErrorRetryHandler(max_retry_count=2),
        PostSafeConnectionRetryHandler(max_retry_count=2),
    ]
    if pacer is None:  # the pacer retries a 429 itself, through its permits, and slows every instance down
        retry.insert(0, AsyncRateLimitErrorRetryHandler(max_retry_count=5))  # waits for Retry-After
    return PacedWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        retry_handlers=retry,
        pacer=pacer,
    )


def build_bolt_app(core: Core, *, http_mode: bool) -> AsyncApp:
    settings = core.settings
    secret = settings.slack_signing_secret
    if http_mode and secret is None:
        raise ConfigError(
            "Setting SLACK_SIGNING_SECRET is missing: HTTP mode verifies Slack's signatures with it "
            "(Basic Information → Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode."
        )
    client = build_web_client(core)
    core.services.chat_ports[SlackChatPort.platform] = SlackChatPort(client)
    enable_durable_replies(core, client)  # replies Slack cannot take now wait in the outbox; cut-off work resumes
    logger = body_free_logger()  # Bolt logs whole bodies; this keeps only what happened
    # Bolt reads SLACK_BOT_TOKEN from the environment too and warns that it is unused: the client carries it, and
    # `authorize` hands back exactly that token.
    with without_message(logger, warning_client_prioritized_and_token_skipped(), warning_token_skipped()):
        app = AsyncApp(
            client=client,
            signing_secret=secret.get_secret_value() if secret else None,
            request_verification_enabled=http_mode,
            authorize=bot_authorize(client, core.services.tasks),  # auth.test once, before the first ack needs it
            logger=logger,
        )
    if core.services.pacer is not None:
        app.middleware(pacing_middleware(core.services.pacer))  # Bolt's per-request clients wait for permits too
    app.middleware(replay_middleware())
    register_listeners(app, core)
    register_assistant(app, core)
    register_reaction_listeners(app, core)
    return app
