"""One app under test, in its own process: ``python -m bench._serve --app bot|baseline``.

`bot` is genai-bot's HTTP mode exactly as `genai-bot run` builds it (core from the environment's settings, the
Bolt app, `build_http_app`); `baseline` is the minimal Bolt app of `bench._baseline`. Both listen on a free port of
127.0.0.1 and print one JSON line (`{"port": …, "pid": …}`) when they are ready; they stop when stdin closes.
Settings come from the environment (GENAI_DATABASE_URL, SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
GENAI_SLACK_API_URL, …), as for the real process.

`--outbox-every S --outbox-batch N` (bot only): every S seconds the bot schedules N chat posts due at once in its
own outbox (what reminders and digests do), numbered "bench outbox post #n", so its sweeps deliver them alongside
the live traffic and the stand-in can tell a missing or a doubled one.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from datetime import timedelta
from itertools import count

from aiohttp import web

from bench._baseline import baseline_http_app
from genai_bot.app import Core, build_core
from genai_bot.config import load_settings
from genai_bot.logs import configure_logging
from genai_bot.messages import Reply, Room
from genai_bot.notify import schedule_post

OUTBOX_TEXT = "bench outbox post"


async def _bot_app() -> tuple[web.Application, Core]:
    from handlers.slack.app import build_bolt_app
    from handlers.slack.server import build_http_app

    settings = load_settings()
    core = build_core(settings, adapter="http")
    await core.start()
    return build_http_app(core, build_bolt_app(core, http_mode=True)), core


async def _schedule_outbox_posts(core: Core, every: float, batch: int) -> None:
    numbers = count(1)
    room = Room(platform="slack", channel_id="C1")
    outbox = core.services.outbox
    assert outbox is not None
    while True:
        for _ in range(batch):
            n = next(numbers)
            due = core.services.clock.now() - timedelta(seconds=1)
            reply = Reply.text(f"{OUTBOX_TEXT} #{n}")
            await schedule_post(outbox, dedup_key=f"bench:{n}", due_at=due, room=room, reply=reply)
        await asyncio.sleep(every)


async def _stdin_closed() -> None:
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)


async def serve(app_name: str, outbox_every: float, outbox_batch: int) -> None:
    core: Core | None = None
    if app_name == "bot":
        web_app, core = await _bot_app()
    else:
        web_app = await baseline_http_app()
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    port = int(runner.addresses[0][1])
    feeder = None
    if core is not None and outbox_every > 0:
        feeder = asyncio.create_task(_schedule_outbox_posts(core, outbox_every, outbox_batch))
    print(json.dumps({"port": port, "pid": os.getpid()}), flush=True)
    try:
        await _stdin_closed()
    finally:
        if feeder is not None:
            feeder.cancel()
        await runner.cleanup()
        if core is not None:
            await core.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench._serve")
    parser.add_argument("--app", choices=("bot", "baseline"), required=True)
    parser.add_argument("--outbox-every", type=float, default=0.0)
    parser.add_argument("--outbox-batch", type=int, default=1)
    args = parser.parse_args()
    configure_logging("WARNING")
    profile_to = os.environ.get("BENCH_PROFILE")  # a file: the app's cProfile stats, written when it stops
    if not profile_to:
        asyncio.run(serve(args.app, args.outbox_every, args.outbox_batch))
        return
    import cProfile

    with cProfile.Profile() as profile:
        asyncio.run(serve(args.app, args.outbox_every, args.outbox_batch))
    profile.dump_stats(f"{profile_to}.{args.app}")


if __name__ == "__main__":
    main()
