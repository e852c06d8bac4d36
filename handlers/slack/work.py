"""The one wrapper every Slack listener uses: acknowledge (when Slack waits for an ack), then run the work in the
core's task registry, so shutdown waits for it and its failure is logged."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck

from genai_bot.app import Core

__all__ = ["acked"]


async def acked(core: Core, name: str, work: Coroutine[Any, Any, None], ack: AsyncAck | None = None) -> None:
    """`ack` first (commands, shortcuts, buttons); events are acknowledged by Bolt and pass no ack. A modal
    submission acknowledges inside its work (field errors travel in the ack), so it passes none either."""
    if ack is not None:
        await ack()
    await core.services.tasks.run(work, name=name)
