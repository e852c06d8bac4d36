"""The structured summary the model is asked for, and a forgiving parser for what it actually returns.

Models wrap JSON in code fences, add a sentence before it, return bare strings instead of objects, cite
sources as `"m3, m5"` or `[3, 5]`, or call the owner "assignee". All of that is accepted; anything that is
not a JSON object at all yields None so the caller can show the raw text instead.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from genai_bot.llm import parse_json_object

_REF = re.compile(r"m?(\d+)", re.IGNORECASE)


def _refs(value: Any) -> list[str]:
    """`["m1", "m2"]`, `"m1, m2"`, `[1, 2]`, `"m1"` → `["m1", "m2"]`."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    refs: list[str] = []
    for item in items:
        for number in _REF.findall(str(item)):
            ref = f"m{int(number)}"
            if ref not in refs:
                refs.append(ref)
    return refs


class Point(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(validation_alias=AliasChoices("text", "point", "summary", "decision", "content"))
    sources: list[str] = Field(default_factory=list, validation_alias=AliasChoices("sources", "source", "refs"))

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @field_validator("sources", mode="before")
    @classmethod
    def _sources(cls, value: Any) -> list[str]:
        return _refs(value)


class ActionItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    task: str = Field(validation_alias=AliasChoices("task", "text", "action", "item"))
    owner: str | None = Field(None, validation_alias=AliasChoices("owner", "assignee", "who", "person"))
    due: str | None = Field(None, validation_alias=AliasChoices("due", "due_date", "deadline", "by"))
    sources: list[str] = Field(default_factory=list, validation_alias=AliasChoices("sources", "source", "refs"))

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        return {"task": value} if isinstance(value, str) else value

    @field_validator("owner", "due", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> str | None:
        text = "" if value is None else str(value).strip()
        return None if text.casefold() in {"", "null", "none", "n/a", "unknown", "なし", "未定", "不明"} else text

    @field_validator("sources", mode="before")
    @classmethod
    def _sources(cls, value: Any) -> list[str]:
        return _refs(value)


class Summary(BaseModel):
    model_config = ConfigDict(extra="ignore")

    key_points: list[Point] = Field(default_factory=list, validation_alias=AliasChoices("key_points", "points"))
    decisions: list[Point] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(
        default_factory=list, validation_alias=AliasChoices("action_items", "actions")
    )

    @field_validator("key_points", "decisions", "action_items", mode="before")
    @classmethod
    def _list(cls, value: Any) -> Any:
        if value is None:
            return []
        return value if isinstance(value, list) else [value]


def parse_summary(text: str) -> Summary | None:
    """The summary in a model's answer, or None when the answer holds no usable JSON object."""
    raw = _json_object(text)
    if raw is None:
        return None
    try:
        return Summary.model_validate(raw)
    except ValidationError:
        return None


def _json_object(text: str) -> dict[str, Any] | None:
    value = parse_json_object(text)
    if not isinstance(value, dict) or not {"key_points", "points", "decisions", "action_items", "actions"} & set(value):
        return None
    return value
