"""Settings: defaults, .env support, and one clear line for a missing or malformed value."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_bot.config import load_settings
from genai_bot.errors import ConfigError


def test_defaults_are_embedded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.database_engine == "sqlite"
    assert settings.timezone == "Asia/Tokyo" and settings.language == "ja"
    assert not settings.slack_configured


def test_dotenv_file_is_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("GENAI_LANGUAGE=en\nSLACK_BOT_TOKEN=xoxb-from-dotenv\n")
    settings = load_settings()
    assert settings.language == "en"
    assert settings.slack_bot_token is not None and settings.slack_configured
    assert "xoxb-from-dotenv" not in repr(settings)  # secrets never print


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("GENAI_TIMEZONE", "Mars/Olympus", "Asia/Tokyo"),
        ("GENAI_LANGUAGE", "fr", "'ja' or 'en'"),
        ("GENAI_DATABASE_URL", "mysql://x", "postgresql+asyncpg://"),
        ("GENAI_HTTP_PORT", "eighty", "integer"),
    ],
)
def test_malformed_setting_fails_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str, fragment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"Setting {name} is invalid")
    assert fragment in message
