"""LLM settings: providers, routes per task, prices, masking rules, default classification.

Read from the environment and `.env` like the core settings. JSON-valued settings are parsed here so that a
typo stops the start with ONE line naming the variable and the fix (`ConfigError`), never a traceback.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, Self
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import SettingsConfigDict

from genai_bot.errors import ConfigError
from genai_bot.llm.limits import AnswerLimit, TaskLimit
from genai_bot.settings_base import EnvSettings, invalid_setting, load_env_settings

TASKS: tuple[str, ...] = ("chat", "summarize", "translate", "draft", "proofread")
CLASSIFICATION_LEVELS: dict[int, str] = {0: "public", 1: "internal", 2: "confidential", 3: "secret"}
DEFAULT_AZURE_API_VERSION = "2024-10-21"
OPENAI_BASE_URL = "https://api.openai.com/v1"

_PROVIDERS_EXAMPLE = '[{"name": "openai", "kind": "openai", "model": "gpt-4o-mini"}]'
_ROUTES_EXAMPLE = '{"chat": ["openai", "azure"]}'
_PRICES_EXAMPLE = '{"gpt-4o-mini": {"prompt": 0.02, "completion": 0.09}}'
_LIMITS_EXAMPLE = '{"chat": {"max_tokens": 2000, "max_chars": 8000}}'
_PATTERNS_EXAMPLE = '["職員番号\\\\d{6}"]'


def _invalid(name: str, detail: str, example: str | None = None) -> ConfigError:
    hint = f" (expected e.g. {example})" if example else ""
    return invalid_setting(name, f"{detail}{hint}")


class ProviderConfig(BaseModel):
    """One LLM endpoint as configured in GENAI_LLM_PROVIDERS."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=50)
    kind: Literal["openai", "azure", "compatible"]
    model: str = Field(min_length=1, max_length=100)
    base_url: str | None = None
    api_key: SecretStr | None = None
    max_classification: int = Field(1, ge=0, le=3)
    concurrency: int = Field(4, ge=1, le=1000)
    timeout_seconds: float = Field(30.0, gt=0)
    max_retries: int = Field(2, ge=0, le=10)
    api_version: str | None = None
    deployment: str | None = None

    def summary(self) -> str:
        """Name, kind, model, host and limits; never the key."""
        host = urlsplit(self.base_url).hostname if self.base_url else None
        where = f" at {host}" if host else ""
        return (
            f"{self.name}: {self.kind} {self.model}{where} "
            f"(classification ≤ {self.max_classification}, concurrency {self.concurrency})"
        )


class Price(BaseModel):
    """Yen per 1,000 tokens."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prompt: float = Field(0.0, ge=0)
    completion: float = Field(0.0, ge=0)


class LLMSettings(EnvSettings):
    """`GENAI_<FIELD>` where the name fits; the JSON-valued settings and the OpenAI SDK names are aliases."""

    model_config = SettingsConfigDict(env_prefix="GENAI_")

    providers_json: str | None = Field(None, validation_alias="GENAI_LLM_PROVIDERS")
    routes_json: str | None = Field(None, validation_alias="GENAI_LLM_ROUTES")
    prices_json: str | None = Field(None, validation_alias="GENAI_LLM_PRICES")
    mask_patterns_json: str | None = Field(None, validation_alias="GENAI_MASK_PATTERNS")
    mask_terms_raw: str | None = Field(None, validation_alias="GENAI_MASK_TERMS")
    default_classification: int = Field(1, ge=0, le=3)
    llm_model: str = Field("gpt-4o-mini", min_length=1)
    llm_max_tokens: int = Field(4096, ge=0, le=1_000_000)
    """Output tokens asked of the provider per call (`max_tokens`); 0 sends no limit."""
    llm_max_chars: int = Field(20_000, ge=1, le=10_000_000)
    """The longest answer kept, in characters, whatever the provider sends; the rest is cut with a note."""
    limits_json: str | None = Field(None, validation_alias="GENAI_LLM_LIMITS")

    # Single-provider shortcuts (OpenAI SDK names)
    openai_api_key: SecretStr | None = Field(None, validation_alias="OPENAI_API_KEY")
    openai_base_url: str | None = Field(None, validation_alias="OPENAI_BASE_URL")
    azure_openai_endpoint: str | None = Field(None, validation_alias="AZURE_OPENAI_ENDPOINT")
    azure_openai_api_key: SecretStr | None = Field(None, validation_alias="AZURE_OPENAI_API_KEY")
    openai_api_version: str | None = Field(None, validation_alias="OPENAI_API_VERSION")

    _providers: list[ProviderConfig] = PrivateAttr(default_factory=list)
    _routes: dict[str, list[str]] = PrivateAttr(default_factory=dict)
    _prices: dict[str, Price] = PrivateAttr(default_factory=dict)
    _limits: dict[str, TaskLimit] = PrivateAttr(default_factory=dict)
    _patterns: list[tuple[str, str]] = PrivateAttr(default_factory=list)
    _terms: list[str] = PrivateAttr(default_factory=list)

    @model_validator(mode="after")
    def _parse_json_settings(self) -> Self:
        self._providers = [self._complete(p) for p in self._parse_providers()]
        self._routes = self._parse_routes()
        self._prices = self._parse_prices()
        self._limits = _parse_limits(self.limits_json)
        self._patterns = _parse_patterns(self.mask_patterns_json)
        self._terms = _parse_terms(self.mask_terms_raw)
        return self

    # --- parsed views ---
    @property
    def providers(self) -> list[ProviderConfig]:
        return list(self._providers)

    @property
    def mask_patterns(self) -> list[tuple[str, str]]:
        """(label, regex) pairs; the label names the placeholder, e.g. CUSTOM -> [CUSTOM_1]."""
        return list(self._patterns)

    @property
    def mask_terms(self) -> list[str]:
        return list(self._terms)

    @property
    def configured(self) -> bool:
        return bool(self._providers)

    def route(self, task: str) -> list[ProviderConfig]:
        """Providers for `task` in fallback order; tasks without a route use every provider in order."""
        by_name = {p.name: p for p in self._providers}
        names = self._routes.get(task)
        if names is None:
            return list(self._providers)
        return [by_name[n] for n in names]

    def answer_limit(self, task: str) -> AnswerLimit:
        """How long `task`'s answers may be: its GENAI_LLM_LIMITS entry, else GENAI_LLM_MAX_TOKENS/_MAX_CHARS."""
        own = self._limits.get(task, TaskLimit())
        tokens = self.llm_max_tokens if own.max_tokens is None else own.max_tokens
        chars = self.llm_max_chars if own.max_chars is None else own.max_chars
        return AnswerLimit(max_tokens=tokens or None, max_chars=chars)

    def cost(self, model: str, prompt_tokens: int, completion_tokens: int) -> float:
        price = self._prices.get(model)
        if price is None:
            return 0.0
        return (prompt_tokens * price.prompt + completion_tokens * price.completion) / 1000.0

    def describe(self) -> list[str]:
        """Lines for a status page: providers, routes and masking. Never keys."""
        if not self._providers:
            return ["no LLM provider configured (set OPENAI_API_KEY or GENAI_LLM_PROVIDERS)"]
        lines = [p.summary() for p in self._providers]
        for task in sorted(set(TASKS) | set(self._routes)):
            lines.append(f"route {task}: " + " → ".join(p.name for p in self.route(task)))
        own = "; ".join(f"{task}: {_limit_text(self.answer_limit(task))}" for task in sorted(self._limits))
        lines.append(f"answers: {_limit_text(self.answer_limit(''))}" + (f" ({own})" if own else ""))
        lines.append(
            f"masking: built-in rules + {len(self._patterns)} pattern(s), {len(self._terms)} term(s); "
            f"default classification {self.default_classification}"
        )
        return lines

    # --- parsing ---
    def _parse_providers(self) -> list[ProviderConfig]:
        if self.providers_json is None or not self.providers_json.strip():
            return self._implicit_providers()
        data = _load_json("GENAI_LLM_PROVIDERS", self.providers_json, _PROVIDERS_EXAMPLE)
        if not isinstance(data, list):
            raise _invalid("GENAI_LLM_PROVIDERS", "expected a JSON list of providers", _PROVIDERS_EXAMPLE)
        providers = [_provider_from(i, item) for i, item in enumerate(data, start=1)]
        names = [p.name for p in providers]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise _invalid("GENAI_LLM_PROVIDERS", f"provider names must be unique, repeated: {', '.join(dupes)}")
        return providers

    def _implicit_providers(self) -> list[ProviderConfig]:
        found: list[ProviderConfig] = []
        if self.openai_api_key is not None:
            found.append(
                ProviderConfig(name="openai", kind="openai", model=self.llm_model, base_url=self.openai_base_url)
            )
        if self.azure_openai_endpoint and self.azure_openai_api_key is not None:
            found.append(
                ProviderConfig(name="azure", kind="azure", model=self.llm_model, base_url=self.azure_openai_endpoint)
            )
        return found

    def _complete(self, p: ProviderConfig) -> ProviderConfig:
        """Fill keys, URLs and API versions from the SDK-named settings; fail early when one is missing."""
        changes: dict[str, Any] = {}
        if p.kind == "openai":
            changes["api_key"] = p.api_key or self.openai_api_key
            changes["base_url"] = p.base_url or self.openai_base_url or OPENAI_BASE_URL
            if changes["api_key"] is None:
                raise _invalid(
                    "GENAI_LLM_PROVIDERS",
                    f"provider {p.name!r} has no api_key; add one or set OPENAI_API_KEY",
                )
        elif p.kind == "azure":
            changes["api_key"] = p.api_key or self.azure_openai_api_key
            changes["base_url"] = p.base_url or self.azure_openai_endpoint
            changes["api_version"] = p.api_version or self.openai_api_version or DEFAULT_AZURE_API_VERSION
            if changes["api_key"] is None or not changes["base_url"]:
                raise _invalid(
                    "GENAI_LLM_PROVIDERS",
                    f"azure provider {p.name!r} needs base_url and api_key "
                    "(or AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY)",
                )
        else:
            changes["api_key"] = p.api_key or SecretStr("not-needed")
            if not p.base_url:
                raise _invalid("GENAI_LLM_PROVIDERS", f"compatible provider {p.name!r} needs a base_url")
        return p.model_copy(update=changes)

    def _parse_routes(self) -> dict[str, list[str]]:
        if self.routes_json is None or not self.routes_json.strip():
            return {}
        data = _load_json("GENAI_LLM_ROUTES", self.routes_json, _ROUTES_EXAMPLE)
        if not isinstance(data, dict) or not all(
            isinstance(v, list) and all(isinstance(n, str) for n in v) for v in data.values()
        ):
            raise _invalid(
                "GENAI_LLM_ROUTES", "expected a JSON object of task → list of provider names", _ROUTES_EXAMPLE
            )
        known = {p.name for p in self._providers}
        for task, names in data.items():
            unknown = [n for n in names if n not in known]
            if unknown:
                raise _invalid(
                    "GENAI_LLM_ROUTES",
                    f"route {task!r} names unknown provider(s) {', '.join(unknown)}; "
                    f"known: {', '.join(sorted(known)) or 'none'}",
                )
        return {str(task): list(names) for task, names in data.items()}

    def _parse_prices(self) -> dict[str, Price]:
        if self.prices_json is None or not self.prices_json.strip():
            return {}
        data = _load_json("GENAI_LLM_PRICES", self.prices_json, _PRICES_EXAMPLE)
        if not isinstance(data, dict):
            raise _invalid("GENAI_LLM_PRICES", "expected a JSON object of model → prices", _PRICES_EXAMPLE)
        try:
            return {str(model): Price.model_validate(price) for model, price in data.items()}
        except ValidationError as exc:
            raise _invalid("GENAI_LLM_PRICES", _first_error(exc), _PRICES_EXAMPLE) from None


def _load_json(name: str, raw: str, example: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise _invalid(name, f"not valid JSON ({exc.msg} at character {exc.pos})", example) from None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(part) for part in err["loc"])
    return f"{where}: {err['msg']}" if where else str(err["msg"])


def _provider_from(index: int, item: object) -> ProviderConfig:
    label = f"provider #{index}"
    if isinstance(item, dict) and isinstance(item.get("name"), str):
        label += f" ({item['name']!r})"
    try:
        return ProviderConfig.model_validate(item)
    except ValidationError as exc:
        raise _invalid("GENAI_LLM_PROVIDERS", f"{label}: {_first_error(exc)}", _PROVIDERS_EXAMPLE) from None


def _limit_text(limit: AnswerLimit) -> str:
    tokens = f"{limit.max_tokens:,} tokens" if limit.max_tokens else "no token limit"
    return f"{tokens}, {limit.max_chars:,} characters"


def _parse_limits(raw: str | None) -> dict[str, TaskLimit]:
    if raw is None or not raw.strip():
        return {}
    data = _load_json("GENAI_LLM_LIMITS", raw, _LIMITS_EXAMPLE)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise _invalid("GENAI_LLM_LIMITS", "expected a JSON object of task → limits", _LIMITS_EXAMPLE)
    try:
        return {str(task): TaskLimit.model_validate(limit) for task, limit in data.items()}
    except ValidationError as exc:
        raise _invalid("GENAI_LLM_LIMITS", _first_error(exc), _LIMITS_EXAMPLE) from None


def _parse_patterns(raw: str | None) -> list[tuple[str, str]]:
    if raw is None or not raw.strip():
        return []
    data = _load_json("GENAI_MASK_PATTERNS", raw, _PATTERNS_EXAMPLE)
    if isinstance(data, list) and all(isinstance(p, str) for p in data):
        pairs = [("CUSTOM", p) for p in data]
    elif isinstance(data, dict) and all(isinstance(p, str) for p in data.values()):
        pairs = [(_label(str(k)), v) for k, v in data.items()]
    else:
        raise _invalid("GENAI_MASK_PATTERNS", "expected a JSON list of regular expressions", _PATTERNS_EXAMPLE)
    for _, pattern in pairs:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _invalid("GENAI_MASK_PATTERNS", f"regular expression {pattern!r} does not compile ({exc})") from None
    return pairs


def _label(name: str) -> str:
    label = re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")
    if not label or not label[0].isalpha():
        raise _invalid("GENAI_MASK_PATTERNS", f"pattern name {name!r} must start with a letter A-Z")
    return label


def _parse_terms(raw: str | None) -> list[str]:
    if raw is None or not raw.strip():
        return []
    text = raw.strip()
    if text.startswith("["):
        data = _load_json("GENAI_MASK_TERMS", text, '["極秘案件A", "プロジェクトX"]')
        if not isinstance(data, list) or not all(isinstance(t, str) for t in data):
            raise _invalid("GENAI_MASK_TERMS", "expected a JSON list of strings or a comma-separated list")
        items = data
    else:
        items = re.split(r"[,、，]", text)
    return sorted({t.strip() for t in items if t.strip()}, key=len, reverse=True)


def load_llm_settings(**overrides: Any) -> LLMSettings:
    """Read LLM settings; any bad value raises ConfigError with one line naming the variable and the fix."""
    return load_env_settings(LLMSettings, **overrides)
