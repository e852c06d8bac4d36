"""The seams of the architecture, checked on the source: skills reach the LLM only through `ctx.llm`, and speak no
platform's syntax. (import-linter checks modules; this checks the names a skill may use from a module.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SKILLS = Path(__file__).resolve().parents[2] / "skills"
FORBIDDEN_NAMES = {"LLMGateway", "CallContext", "channel_classification", "set_channel_classification", "Provider"}
PLATFORM_SYNTAX = re.compile(r"<[@#!]|ctx\.source *==|channel_classification|CallContext\(")


def _skill_modules() -> list[Path]:
    return sorted(SKILLS.rglob("*.py"))


@pytest.mark.parametrize("path", _skill_modules(), ids=lambda p: str(p.relative_to(SKILLS)))
def test_a_skill_reaches_the_llm_only_through_ctx_llm(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not imported & FORBIDDEN_NAMES, f"{path.name} imports {imported & FORBIDDEN_NAMES}"
    gateway_uses = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "llm"
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "services"
    ]
    assert not gateway_uses, f"{path.name} uses services.llm (the gateway) on lines {gateway_uses}: use ctx.llm"


@pytest.mark.parametrize("path", _skill_modules(), ids=lambda p: str(p.relative_to(SKILLS)))
def test_a_skill_speaks_no_platform_syntax(path: Path) -> None:
    found = [
        (n, line.strip())
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if PLATFORM_SYNTAX.search(line)
    ]
    assert not found, f"{path.name}: {found}"
