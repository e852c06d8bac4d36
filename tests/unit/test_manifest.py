"""manifest/manifest.yaml creates an app with everything the adapter listens for, advertises only what works, and
agrees with the README; `.env.example` lists every documented setting without a secret."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from genai_bot.app import build_registry
from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from handlers.slack.listeners import SHORTCUT_VERBS
from skills.assist.settings import AssistSettings
from skills.committee.settings import CommitteeSettings
from skills.translate.settings import TranslateSettings

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


# --- the manifest, the README and the registry agree (issue 11) ------------------------------------------------

README = MANIFEST.parents[1] / "README.md"


def test_the_readme_lists_exactly_the_manifests_event_subscriptions() -> None:
    events = set(load()["settings"]["event_subscriptions"]["bot_events"])
    text = " ".join(README.read_text("utf-8").split())
    listed = re.search(r"the event subscriptions \(([^)]*)\)", text)
    assert listed is not None
    assert set(re.findall(r"`([a-z_.]+)`", listed.group(1))) == events


def test_the_usage_hint_advertises_exactly_the_verbs_that_work() -> None:
    [command] = load()["features"]["slash_commands"]
    hinted = [word.strip() for word in command["usage_hint"].split("|")]
    working = {verb.name for verb in build_registry().verbs if not verb.planned}
    assert set(hinted) == working
    assert hinted[0] == "help" and len(hinted) == len(set(hinted))


def test_request_urls_use_the_keys_slacks_manifest_reference_names() -> None:
    """A slash command's URL is `url`; events and interactivity take `request_url` (Slack's manifest reference).
    The HTTP-mode lines are commented out in the Socket Mode manifest: uncommented, they must be those keys."""
    text = MANIFEST.read_text("utf-8")
    uncommented = yaml.safe_load(re.sub(r"^(\s*)# ((?:request_)?url: )", r"\1\2", text, flags=re.MULTILINE))
    [command] = uncommented["features"]["slash_commands"]
    assert command["url"] == "https://YOUR-HOST/slack/events" and "request_url" not in command
    settings = uncommented["settings"]
    assert settings["event_subscriptions"]["request_url"] == "https://YOUR-HOST/slack/events"
    assert settings["interactivity"]["request_url"] == "https://YOUR-HOST/slack/events"
    assert "request_url under" not in text.replace("`request_url` under", "")  # the header names the right keys


# --- .env.example -------------------------------------------------------------------------------------------

ENV_EXAMPLE = MANIFEST.parents[1] / ".env.example"
_ENV_LINE = re.compile(r"^# ([A-Z][A-Z0-9_]+)=(.*)$")


def _example() -> dict[str, str]:
    lines = ENV_EXAMPLE.read_text("utf-8").splitlines()
    assert all(not line.strip() or line.startswith("#") for line in lines)  # an unchanged copy changes nothing
    return {m.group(1): m.group(2) for m in map(_ENV_LINE.match, lines) if m}


def test_env_example_lists_every_setting_the_readme_documents_and_no_other() -> None:
    section = README.read_text("utf-8").split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = {
        name
        for row in section.splitlines()
        if row.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1])
    }
    assert len(documented) > 40
    assert set(_example()) == documented


def test_env_example_holds_no_secret_and_its_values_are_valid_settings(tmp_path: Path) -> None:
    example = _example()
    secrets = [name for name in example if re.search(r"_TOKEN$|SECRET|_KEY$|PASSWORD", name)]
    assert secrets and all(example[name] == "" for name in secrets)
    env = tmp_path / ".env"
    env.write_text("".join(f"{name}={value}\n" for name, value in example.items() if value), "utf-8")
    for settings_class in (Settings, LLMSettings, CommitteeSettings, TranslateSettings, AssistSettings):
        settings_class(_env_file=env)  # type: ignore[call-arg]  # each value as written is accepted
