"""Committee settings from the environment; a bad value names the variable."""

from __future__ import annotations

from datetime import time

import pytest

from genai_bot.errors import ConfigError
from genai_bot.settings_base import load_env_settings
from skills.committee.settings import CommitteeSettings, parse_hours


def test_defaults_are_government_office_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GENAI_COMMITTEE_WORKING_HOURS", "GENAI_COMMITTEE_LUNCH", "GENAI_COMMITTEE_DURATION_MINUTES"):
        monkeypatch.delenv(name, raising=False)
    settings = load_env_settings(CommitteeSettings, _env_file=None)
    assert settings.hours == (time(9, 30), time(18, 15))
    assert settings.lunch_block == (time(12, 0), time(13, 0))
    assert settings.duration_minutes == 60


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENAI_COMMITTEE_WORKING_HOURS", "10:00-17:00")
    monkeypatch.setenv("GENAI_COMMITTEE_DURATION_MINUTES", "90")
    settings = load_env_settings(CommitteeSettings, _env_file=None)
    assert settings.hours == (time(10), time(17)) and settings.duration_minutes == 90


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GENAI_COMMITTEE_WORKING_HOURS", "18:00-09:00"),
        ("GENAI_COMMITTEE_LUNCH", "noon"),
        ("GENAI_COMMITTEE_MAX_CANDIDATES", "50"),
    ],
)
def test_a_bad_value_stops_with_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as err:
        load_env_settings(CommitteeSettings, _env_file=None)
    assert name in str(err.value) and "\n" not in str(err.value)


def test_hours_accept_japanese_separators() -> None:
    assert parse_hours("9:30〜18:15") == (time(9, 30), time(18, 15))


def test_a_bad_setting_stops_the_start_not_the_first_command(monkeypatch: pytest.MonkeyPatch) -> None:
    from genai_bot.app import build_registry

    monkeypatch.setenv("GENAI_COMMITTEE_DURATION_MINUTES", "forever")
    with pytest.raises(ConfigError) as err:
        build_registry()
    assert "GENAI_COMMITTEE_DURATION_MINUTES" in str(err.value)
