"""The one wrapper every Slack listener uses: acknowledge (when Slack waits for an ack), then run the work in the
core's task registry, so shutdown waits for it and its failure is logged. The once-only claim and everything else
that touches the database runs inside that work, never before the ack: a delivery Slack already made (an event
retried with the same event_id, a replay with the same trigger_id or signature) is dropped there, before any side
effect (`handlers.slack.replay`)."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

import structlog
from slack_bolt.async_app import AsyncAck

from genai_bot.app import Core
from handlers.slack import replay

__all__ = ["acked"]

log = structlog.get_logger(__name__)


async def acked(core: Core, name: str, work: Coroutine[Any, Any, None], ack: AsyncAck | None = None) -> None:
    """`ack` first (commands, shortcuts, buttons); events are acknowledged by Bolt and pass no ack. A modal
    submission acknowledges inside its work (field errors travel in the ack), so it passes none either."""
    once = replay.current()
    if ack is not None:
        await ack()
    await core.services.tasks.run(_once(core, name, once, work), name=name)


async def _once(core: Core, name: str, once: replay.Replay | None, work: Coroutine[Any, Any, None]) -> None:
    if once is not None and not await once.claim(core):
        work.close()
        event = "slack_event_retry_ignored" if once.kind == "event" else "slack_replay_ignored"
        log.warning(event, listener=name)  # never the body
        return
    await work
