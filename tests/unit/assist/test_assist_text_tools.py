"""Pure helpers of the assist skill: token estimate, draft kinds, prompts, settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from genai_bot.errors import ConfigError
from genai_bot.settings_base import load_env_settings
from skills.assist.calls import strip_code_fence
from skills.assist.draft import DraftRequest, parse_kind, parse_request
from skills.assist.prompts import chat_prompt
from skills.assist.settings import AssistSettings


@pytest.mark.parametrize(
    ("word", "kind"),
    [
        ("notice", "notice"),
        ("通知", "notice"),
        ("ＮＯＴＩＣＥ", "notice"),
        ("お知らせ", "notice"),
        ("email", "email"),
        ("E-Mail", "email"),
        ("メール", "email"),
        ("ﾒｰﾙ", "email"),
        ("minutes", "minutes"),
        ("議事要旨", "minutes"),
        ("会議要旨", "minutes"),
        ("議事録", "minutes"),
        ("報告書", None),
        ("", None),
    ],
)
def test_draft_kinds_in_japanese_english_and_full_width(word: str, kind: str | None) -> None:
    assert parse_kind(word) == kind


def test_draft_request_splits_kind_and_points_loosely() -> None:
    assert parse_request("通知 12月1日\n停電点検") == DraftRequest("notice", "12月1日\n停電点検")
    assert parse_request("通知：12月1日 停電点検") == DraftRequest("notice", "12月1日 停電点検")
    assert parse_request("email, 日程調整") == DraftRequest("email", "日程調整")
    assert parse_request("通知　12月1日") == DraftRequest("notice", "12月1日")
    assert parse_request("議事要旨第3回検討会 議題") == DraftRequest("minutes", "第3回検討会 議題")
    assert parse_request("メールアドレス変更の周知") is None  # not "メール" + "アドレス…"
    assert parse_request("報告書 来週") is None


def test_chat_prompt_states_today_in_the_users_time_zone() -> None:
    late_utc = datetime(2026, 11, 30, 20, 30, tzinfo=UTC)  # already 1 December in Tokyo
    prompt = chat_prompt("ja", "Asia/Tokyo", late_utc)
    assert "2026年12月1日（火）" in prompt and "05:30（Asia/Tokyo）" in prompt
    assert "判断できないときは日本語" in prompt
    assert "判断できないときは英語" in chat_prompt("en", "Asia/Tokyo", late_utc)
    assert "Asia/Tokyo" in chat_prompt("ja", "Mars/Olympus", late_utc)  # an unknown zone falls back to JST


def test_code_fences_are_removed_from_model_answers() -> None:
    assert strip_code_fence("```\n本文\n```") == "本文"
    assert strip_code_fence("```text\n1行目\n2行目\n```\n") == "1行目\n2行目"
    assert strip_code_fence("  ふつうの文  ") == "ふつうの文"


def test_settings_defaults_and_a_bad_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GENAI_CHAT_HISTORY_TOKENS", "GENAI_CHAT_RETENTION_DAYS", "GENAI_CHAT_MAX_CHARS"):
        monkeypatch.delenv(name, raising=False)
    defaults = AssistSettings(_env_file=None)  # type: ignore[call-arg]
    assert (defaults.chat_history_tokens, defaults.chat_retention_days) == (3000, 30)
    assert (defaults.chat_max_chars, defaults.draft_max_chars, defaults.proofread_max_chars) == (4000, 2000, 4000)
    monkeypatch.setenv("GENAI_CHAT_HISTORY_TOKENS", "lots")
    with pytest.raises(ConfigError, match=r"^Setting GENAI_CHAT_HISTORY_TOKENS is invalid"):
        load_env_settings(AssistSettings, _env_file=None)
    monkeypatch.setenv("GENAI_CHAT_HISTORY_TOKENS", "2000")
    monkeypatch.setenv("GENAI_CHAT_RETENTION_DAYS", "0")  # 0 keeps chat memory forever
    assert load_env_settings(AssistSettings, _env_file=None).chat_retention_days == 0
    monkeypatch.setenv("GENAI_CHAT_RETENTION_DAYS", "-1")
    with pytest.raises(ConfigError, match="GENAI_CHAT_RETENTION_DAYS"):
        load_env_settings(AssistSettings, _env_file=None)
