"""Stand-ins for the outside world that tests, demos and benchmarks run the bot against.

The Slack side: a Web API server, a Socket Mode server and a signed-request sender,
all speaking Slack's real wire formats to the real ``slack_sdk`` / ``slack_bolt`` clients.
"""

from tests.world.signing import SlackEventSender, sign
from tests.world.slack_api import Call, FakeSlackAPI, Response
from tests.world.slack_params import Stream, UploadedFile
from tests.world.slack_payloads import (
    app_mention_event,
    block_actions_payload,
    event_callback,
    message_event,
    message_shortcut_payload,
    slash_command_payload,
    view_submission_payload,
)
from tests.world.socket_mode import FakeSocketModeServer

__all__ = [
    "Call",
    "FakeSlackAPI",
    "FakeSocketModeServer",
    "Response",
    "SlackEventSender",
    "Stream",
    "UploadedFile",
    "app_mention_event",
    "block_actions_payload",
    "event_callback",
    "message_event",
    "message_shortcut_payload",
    "sign",
    "slash_command_payload",
    "view_submission_payload",
]
