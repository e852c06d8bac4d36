"""Translate settings: defaults, environment names, and one-line errors naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from genai_bot.errors import ConfigError
from genai_bot.settings_base import load_env_settings
from skills.translate.settings import TranslateSettings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GENAI_TRANSLATE_GLOSSARY", raising=False)
    monkeypatch.delenv("GENAI_TRANSLATE_MAX_CHARS", raising=False)
    monkeypatch.chdir(tmp_path)  # no developer .env


def test_defaults_are_no_glossary_and_4000_characters() -> None:
    settings = load_env_settings(TranslateSettings)
    assert settings.glossary_path is None and settings.max_chars == 4000
    assert settings.glossary().entries == ()


def test_values_come_from_the_environment_and_dot_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "glossary.csv").write_text("ja,en\n内閣府,Cabinet Office\n", encoding="utf-8")
    (tmp_path / ".env").write_text("GENAI_TRANSLATE_GLOSSARY=glossary.csv\n", encoding="utf-8")
    monkeypatch.setenv("GENAI_TRANSLATE_MAX_CHARS", "1200")
    settings = load_env_settings(TranslateSettings)
    assert settings.max_chars == 1200
    assert [e.en for e in settings.glossary().entries] == ["Cabinet Office"]


def test_a_blank_glossary_setting_means_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENAI_TRANSLATE_GLOSSARY", "  ")
    assert load_env_settings(TranslateSettings).glossary_path is None


@pytest.mark.parametrize("value", ["0", "lots", "-5"])
def test_a_bad_limit_is_one_line_naming_the_setting(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("GENAI_TRANSLATE_MAX_CHARS", value)
    with pytest.raises(ConfigError) as caught:
        load_env_settings(TranslateSettings)
    assert str(caught.value).startswith("Setting GENAI_TRANSLATE_MAX_CHARS is invalid:")
    assert "\n" not in str(caught.value)


def test_a_bad_glossary_file_fails_the_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("term,translation\n", encoding="utf-8")
    monkeypatch.setenv("GENAI_TRANSLATE_GLOSSARY", str(tmp_path / "bad.csv"))
    with pytest.raises(ConfigError, match=r"^Setting GENAI_TRANSLATE_GLOSSARY is invalid: the first row"):
        load_env_settings(TranslateSettings)


def test_settings_can_be_built_directly_without_a_dot_env() -> None:
    settings = TranslateSettings(_env_file=None, GENAI_TRANSLATE_MAX_CHARS=10)  # type: ignore[call-arg]
    assert settings.max_chars == 10
