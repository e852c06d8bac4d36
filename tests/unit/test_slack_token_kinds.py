"""A Slack token of the wrong kind stops start-up with one line that names the setting and the kind, never the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_bot.config import load_settings
from genai_bot.errors import ConfigError


@pytest.fixture(autouse=True)
def _no_dotenv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("SLACK_BOT_TOKEN", "xapp-1-A0-secretpart", "this is an app-level token"),
        ("SLACK_BOT_TOKEN", "xoxp-1-secretpart", "this is a user token"),
        ("SLACK_BOT_TOKEN", "sk-proj-secretpart", "it does not start with xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-1-secretpart", "this is a bot token"),
    ],
)
def test_a_token_of_another_kind_is_refused_by_name(name: str, value: str, said: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(**{name: value})
    message = str(caught.value)
    assert message.startswith(f"Setting {name} is invalid: {said}") and "\n" not in message
    assert "secretpart" not in message


def test_the_right_kinds_are_taken_and_trimmed() -> None:
    settings = load_settings(SLACK_BOT_TOKEN=" xoxb-1-abc\n", SLACK_APP_TOKEN="xapp-1-A0-abc")
    assert settings.slack_bot_token is not None and settings.slack_bot_token.get_secret_value() == "xoxb-1-abc"
    assert settings.slack_app_token is not None


def test_an_empty_token_is_no_token() -> None:
    """`.env` files list the names with empty values: that is "not set", not a malformed token."""
    settings = load_settings(SLACK_BOT_TOKEN="", SLACK_APP_TOKEN="  ")
    assert settings.slack_bot_token is None and settings.slack_app_token is None and not settings.slack_configured
