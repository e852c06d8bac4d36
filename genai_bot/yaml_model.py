"""A YAML data file read into a pydantic model, its first problem as one line (the organisation file, the trip
rate table): `not valid YAML at line 3 (…)` or `units[2].approvers: Input should be a valid list`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

__all__ = ["read_yaml_model"]

M = TypeVar("M", bound=BaseModel)


def read_yaml_model(text: str, model: type[M], bad: Callable[[str], Exception]) -> M:
    """`model` validated from the YAML `text` (empty text is an empty mapping); the first problem raises
    `bad(detail)`, detail being one line that names where it is."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise bad(f"not valid YAML{where} ({getattr(exc, 'problem', None) or exc})") from None
    try:
        return model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in err["loc"]).replace(".[", "[")
        raise bad(f"{loc or 'top level'}: {err['msg']}") from None
