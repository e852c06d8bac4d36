"""What the bot put on the wire to the stand-in Slack, as one text: every Web API call and response_url post."""

from __future__ import annotations

import asyncio
import json

from genai_bot.app import Core
from tests.world import FakeSlackAPI

BROADCASTS = ("<!channel", "<!here", "<!everyone", "<!subteam")


def sent_to_slack(slack: FakeSlackAPI) -> str:
    """Everything the bot sent: the parameters of every Web API call and every response_url body."""
    calls = [json.dumps(c.params, ensure_ascii=False) for c in slack.calls]
    responses = [json.dumps(r.body, ensure_ascii=False) for r in slack.responses]
    return "\n".join(calls + responses)


def assert_no_broadcast(slack: FakeSlackAPI) -> None:
    wire = sent_to_slack(slack)
    assert not [b for b in BROADCASTS if b in wire], wire


async def settled(core: Core, seconds: float = 10.0) -> None:
    """Wait until the bot has no work in flight (at most `seconds`)."""
    deadline = asyncio.get_running_loop().time() + seconds
    while core.services.tasks.in_flight:
        assert asyncio.get_running_loop().time() < deadline, "the bot did not finish in time"
        await asyncio.sleep(0.02)
