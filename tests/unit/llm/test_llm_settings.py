"""LLM settings: providers from JSON or from SDK-named shortcuts; a typo names the variable and the fix."""

from __future__ import annotations

import json
from typing import Any

import pytest

from genai_bot.errors import ConfigError
from genai_bot.llm import LLMSettings, load_llm_settings


def settings(**values: Any) -> LLMSettings:
    return load_llm_settings(_env_file=None, **values)


PROVIDERS = [
    {
        "name": "local",
        "kind": "compatible",
        "base_url": "http://llm.internal:8000/v1",
        "model": "qwen",
        "max_classification": 3,
        "api_key": "sk-local-secret",
    },
    {"name": "cloud", "kind": "openai", "model": "gpt-4o-mini", "api_key": "sk-cloud-secret"},
]


def test_nothing_configured_means_no_provider() -> None:
    s = settings()
    assert not s.configured
    assert "OPENAI_API_KEY" in s.describe()[0]


def test_openai_api_key_alone_gives_one_openai_provider() -> None:
    s = settings(OPENAI_API_KEY="sk-test", OPENAI_BASE_URL="http://proxy.local/v1")
    [p] = s.providers
    assert (p.name, p.kind, p.model, p.base_url) == (
        "openai",
        "openai",
        "gpt-4o-mini",
        "http://proxy.local/v1",
    )
    assert [c.name for c in s.route("summarize")] == ["openai"]
    assert settings(OPENAI_API_KEY="sk-test", GENAI_LLM_MODEL="gpt-4.1").providers[0].model == "gpt-4.1"


def test_azure_settings_give_one_azure_provider() -> None:
    s = settings(
        AZURE_OPENAI_ENDPOINT="https://x.openai.azure.com",
        AZURE_OPENAI_API_KEY="k",
        OPENAI_API_VERSION="2024-06-01",
    )
    [p] = s.providers
    assert (p.name, p.kind, p.base_url, p.api_version) == (
        "azure",
        "azure",
        "https://x.openai.azure.com",
        "2024-06-01",
    )


def test_providers_routes_prices_and_masking_from_json() -> None:
    s = settings(
        GENAI_LLM_PROVIDERS=json.dumps(PROVIDERS),
        GENAI_LLM_ROUTES=json.dumps({"chat": ["cloud", "local"], "translate": ["local"]}),
        GENAI_LLM_PRICES=json.dumps({"gpt-4o-mini": {"prompt": 0.5, "completion": 2.0}}),
        GENAI_MASK_PATTERNS=json.dumps([r"職員番号\d{6}"]),
        GENAI_MASK_TERMS="極秘案件A、 プロジェクトX,B",
        GENAI_DEFAULT_CLASSIFICATION="2",
    )
    assert [p.name for p in s.route("chat")] == ["cloud", "local"]
    assert [p.name for p in s.route("translate")] == ["local"]
    assert [p.name for p in s.route("draft")] == ["local", "cloud"]  # no route: every provider in order
    assert s.cost("gpt-4o-mini", 1000, 500) == pytest.approx(1.5)
    assert s.cost("unpriced", 1000, 500) == 0.0
    assert s.mask_patterns == [("CUSTOM", r"職員番号\d{6}")]
    assert sorted(s.mask_terms) == ["B", "プロジェクトX", "極秘案件A"]
    assert s.default_classification == 2
    assert settings(GENAI_MASK_TERMS='["a, b", "c"]').mask_terms == ["a, b", "c"]


def test_describe_names_providers_but_never_keys() -> None:
    lines = settings(GENAI_LLM_PROVIDERS=json.dumps(PROVIDERS)).describe()
    text = "\n".join(lines)
    assert "local: compatible qwen at llm.internal" in text
    assert "cloud: openai gpt-4o-mini" in text
    assert "secret" not in text.replace("classification", "")
    assert "sk-" not in text


@pytest.mark.parametrize(
    ("values", "variable", "hint"),
    [
        ({"GENAI_LLM_PROVIDERS": '[{"name": "a",'}, "GENAI_LLM_PROVIDERS", "not valid JSON"),
        ({"GENAI_LLM_PROVIDERS": '{"name": "a"}'}, "GENAI_LLM_PROVIDERS", "JSON list"),
        (
            {"GENAI_LLM_PROVIDERS": '[{"name": "a", "kind": "compatible", "base_url": "http://x"}]'},
            "GENAI_LLM_PROVIDERS",
            "model",
        ),
        (
            {"GENAI_LLM_PROVIDERS": '[{"name": "a", "kind": "gemini", "model": "m"}]'},
            "GENAI_LLM_PROVIDERS",
            "kind",
        ),
        (
            {"GENAI_LLM_PROVIDERS": '[{"name": "a", "kind": "openai", "model": "m"}]'},
            "GENAI_LLM_PROVIDERS",
            "OPENAI_API_KEY",
        ),
        (
            {"GENAI_LLM_PROVIDERS": json.dumps(PROVIDERS), "GENAI_LLM_ROUTES": '{"chat": ["nope"]}'},
            "GENAI_LLM_ROUTES",
            "nope",
        ),
        ({"GENAI_LLM_ROUTES": "chat=local"}, "GENAI_LLM_ROUTES", "not valid JSON"),
        ({"GENAI_LLM_PRICES": '{"m": {"prompt": "cheap"}}'}, "GENAI_LLM_PRICES", "prompt"),
        ({"GENAI_MASK_PATTERNS": '["(unclosed"]'}, "GENAI_MASK_PATTERNS", "does not compile"),
        ({"GENAI_MASK_TERMS": '["a", 1]'}, "GENAI_MASK_TERMS", "list"),
        ({"GENAI_DEFAULT_CLASSIFICATION": "7"}, "GENAI_DEFAULT_CLASSIFICATION", "less than or equal to 3"),
    ],
)
def test_a_bad_value_stops_with_one_line_naming_the_variable(values: dict[str, str], variable: str, hint: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings(**values)
    message = str(caught.value)
    assert message.startswith(f"Setting {variable} is invalid")
    assert hint in message
    assert "\n" not in message


def test_the_constructor_itself_rejects_malformed_json() -> None:
    with pytest.raises(ConfigError, match="GENAI_LLM_PROVIDERS"):
        LLMSettings(_env_file=None, GENAI_LLM_PROVIDERS="not json")
