"""Every package the code imports is declared in pyproject.toml, in the right list, and nothing declared is unused."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OWN = {"genai_bot", "handlers", "skills", "tests", "bench"}
# Declared but loaded by name rather than imported: database drivers picked by the URL scheme, and the
# .env reader pydantic-settings uses.
LOADED_BY_NAME = {"aiosqlite", "asyncpg", "python-dotenv"}
# Test tools run as commands or pytest plugins, not imported.
TOOLS = {"pytest-asyncio", "import-linter", "ruff", "mypy", "types-pyyaml"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[\s\[<>=!~;]", req, maxsplit=1)[0]) for req in requirements}


@cache
def _imported(*folders: str) -> set[str]:
    """Distributions providing the third-party top-level modules imported under ``folders``."""
    modules: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    third_party = modules - OWN - set(sys.stdlib_module_names) - {"__future__"}
    providers = _providers()
    missing = sorted(m for m in third_party if m not in providers)
    assert not missing, f"imported but not installed: {missing}"
    return {_normal(dist) for module in third_party for dist in providers[module]}


@cache
def _providers() -> dict[str, list[str]]:
    return packages_distributions()


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME = _declared(PROJECT["dependencies"])
TEST = _declared(PROJECT["optional-dependencies"]["test"])


def test_every_package_the_code_imports_is_a_declared_dependency() -> None:
    assert _imported("genai_bot", "handlers", "skills") - RUNTIME == set()


def test_every_package_tests_and_benchmarks_import_is_declared() -> None:
    assert _imported("tests", "bench") - RUNTIME - TEST == set()


def test_no_declared_dependency_is_unused() -> None:
    runtime_imports = _imported("genai_bot", "handlers", "skills")
    assert RUNTIME - runtime_imports - LOADED_BY_NAME == set()
    assert TEST - _imported("tests", "bench") - TOOLS == set()


def test_test_only_packages_stay_out_of_the_runtime_list() -> None:
    test_only = _imported("tests", "bench") - _imported("genai_bot", "handlers", "skills")
    assert test_only & RUNTIME <= {"asyncpg"}  # the PostgreSQL driver: the tests also talk to the server directly
