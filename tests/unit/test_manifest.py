"""manifest/manifest.yaml creates an app with everything the adapter listens for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from handlers.slack.listeners import SHORTCUT_VERBS

MANIFEST = Path(__file__).resolve().parents[2] / "manifest" / "manifest.yaml"


def load() -> dict[str, Any]:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_top_level_sections_and_bot_user() -> None:
    m = load()
    assert {"display_information", "features", "oauth_config", "settings"} <= set(m)
    assert m["display_information"]["name"]
    assert len(m["display_information"]["description"]) <= 140  # Slack's limit
    assert m["features"]["bot_user"]["display_name"]
    assert m["features"]["app_home"]["home_tab_enabled"] is True


def test_slash_command_and_shortcuts_match_the_adapter() -> None:
    features = load()["features"]
    assert [c["command"] for c in features["slash_commands"]] == ["/genai"]
    shortcuts = {s["callback_id"]: s for s in features["shortcuts"]}
    assert set(shortcuts) == set(SHORTCUT_VERBS)
    assert all(s["type"] == "message" and len(s["name"]) <= 24 for s in shortcuts.values())


def test_events_interactivity_and_socket_mode() -> None:
    settings = load()["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) >= {
        "app_mention",
        "message.im",
        "app_home_opened",
        "reaction_added",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True


def test_scopes_cover_the_features() -> None:
    scopes = set(load()["oauth_config"]["scopes"]["bot"])
    needed = {
        "commands",
        "chat:write",
        "app_mentions:read",
        "im:history",
        "channels:history",
        "groups:history",
        "users:read",
        "reactions:read",
        "files:write",
        "assistant:write",
    }
    assert needed <= scopes
    # each event needs its scope
    assert "im:history" in scopes and "reactions:read" in scopes


def test_assistant_surface_is_enabled_with_its_events_and_scopes() -> None:
    m = load()
    view = m["features"]["assistant_view"]
    assert view["assistant_description"] and len(view["assistant_description"]) <= 200
    events = set(m["settings"]["event_subscriptions"]["bot_events"])
    assert {"assistant_thread_started", "assistant_thread_context_changed", "message.im"} <= events
    assert {"assistant:write", "im:history", "chat:write"} <= set(m["oauth_config"]["scopes"]["bot"])
    assert m["features"]["app_home"]["messages_tab_enabled"] is True  # assistant threads live in the DM
