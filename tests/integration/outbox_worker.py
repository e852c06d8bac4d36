"""A bot process that only delivers the outbox's Slack posts, for the fault tests to kill, restart and race.

    python -m tests.integration.outbox_worker

Settings come from the environment as the bot reads them (GENAI_DATABASE_URL, SLACK_BOT_TOKEN,
GENAI_SLACK_API_URL, GENAI_INSTANCE_ID); the Slack client is the bot's own (`build_web_client`, whose retry
handlers wait out Retry-After). Two knobs for the tests:

- OUTBOX_TEST_LEASE: the outbox lease in seconds (default: the outbox's own);
- OUTBOX_TEST_FREEZE: a dedup key; once that row is posted the process freezes before it records the send, as if
  it died between Slack's answer and the database write (the test then SIGKILLs it).

It prints `ready <instance id>` once it sweeps, `posted <key>` when it froze, and sweeps every 0.1 s.
"""

from __future__ import annotations

import asyncio
import os

from genai_bot.app import build_core
from genai_bot.config import Settings
from genai_bot.db.models import OutboxMessage
from genai_bot.llm import LLMSettings
from genai_bot.notify import chat_post_deliverer, chat_post_kind, register_chat_posts
from genai_bot.outbox import Outbox
from handlers.slack.app import build_web_client
from handlers.slack.chat_port import SlackChatPort


async def main() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    core = build_core(settings, adapter="slack", llm_settings=LLMSettings(_env_file=None))  # type: ignore[call-arg]
    core.services.chat_ports["slack"] = SlackChatPort(build_web_client(core))
    lease = os.environ.get("OUTBOX_TEST_LEASE")
    outbox = Outbox(core.db, instance_id=settings.instance_id, **({"lease_seconds": float(lease)} if lease else {}))
    register_chat_posts(outbox, core.services.chat_ports)
    freeze = os.environ.get("OUTBOX_TEST_FREEZE")
    if freeze:
        deliver = chat_post_deliverer(core.services.chat_ports)

        async def deliver_then_freeze(message: OutboxMessage) -> None:
            await deliver(message)
            if message.dedup_key == freeze:
                print(f"posted {freeze}", flush=True)
                await asyncio.Event().wait()

        outbox.register(chat_post_kind("slack"), deliver_then_freeze)
    print(f"ready {outbox.instance_id}", flush=True)
    while True:
        try:
            await outbox.sweep()
        except Exception as exc:  # the database is away: the next sweep tries again
            print(f"sweep failed: {type(exc).__name__}", flush=True)
        await asyncio.sleep(0.1)


if __name__ == "__main__":
    asyncio.run(main())
