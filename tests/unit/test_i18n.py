"""Every message exists in Japanese and English with the same placeholders, every key the code uses exists, every
placeholder is filled where the code names its key, and every verb has its help texts."""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

import genai_bot.web.admin_app  # noqa: F401  (the dashboard registers its catalogs on import)
from genai_bot import i18n
from genai_bot.app import build_registry


def test_catalogs_have_the_same_keys_in_both_languages() -> None:
    build_registry()  # imports every skill, registering its catalog
    assert i18n.keys("ja", singulars=False) == i18n.keys("en", singulars=False)


def test_a_count_of_one_reads_as_a_singular_where_the_language_has_one() -> None:
    build_registry()
    assert i18n.t("en", "committee.list.members", count=1) == "1 member"
    assert i18n.t("en", "committee.list.members", count=2) == "2 members"
    assert i18n.t("ja", "committee.list.members", count=1) == "1人"


def test_every_singular_form_belongs_to_a_key_and_needs_no_other_placeholder() -> None:
    catalogs = _catalogs()
    for lang, catalog in catalogs.items():
        for key, text in catalog.items():
            if key.endswith(i18n.PLURAL_ONE):
                base = key.removesuffix(i18n.PLURAL_ONE)
                assert base in catalog, (lang, key)
                assert _placeholders(text) <= _placeholders(catalog[base]), (lang, key)


def test_every_verb_has_a_summary_and_usage_in_both_languages() -> None:
    for verb in build_registry().verbs:
        for lang in ("ja", "en"):
            assert i18n.t(lang, verb.summary_key) != verb.summary_key, (lang, verb.name)
            assert i18n.t(lang, verb.usage_key).startswith("/genai"), (lang, verb.name)


def test_a_missing_argument_never_crashes_a_message() -> None:
    assert "{verb}" in i18n.t("en", "coming_soon")  # the template is returned rather than raising


# --- every catalog, scanned: placeholders and the keys the code uses (issue 11) --------------------------------

_SOURCES = ("genai_bot", "skills", "handlers")
_KEY_POSITION = {"UserFacingError": 0, "FieldError": 1, "tell_asker": 0}
"""Calls that take a message key, and the position of the key among their arguments (`t` is worked out below)."""


@dataclass(frozen=True)
class KeyUse:
    where: str
    key: str
    given: frozenset[str] | None
    """The keyword arguments passed (None: `**args`, not checkable); None too for a key named by `…_key=`."""
    prefix_only: bool = False
    """An f-string key: only its constant start is known (`f"committee.role.{role}"`)."""


def _catalogs() -> dict[str, dict[str, str]]:
    build_registry()  # imports every skill, registering its catalog

    return {lang: {key: i18n.template(lang, key) for key in i18n.keys(lang)} for lang in i18n.LANGS}


def _placeholders(template: str) -> set[str]:
    return {re.split(r"[.\[!:]", name)[0] for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _key_argument(call: ast.Call) -> ast.expr | None:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if name == "t":  # ctx.t(key, …) / self.t(key, …), or t(lang, key, …) / i18n.t(lang, key, …)
        bound = isinstance(func, ast.Attribute) and not (isinstance(func.value, ast.Name) and func.value.id == "i18n")
        position = 0 if bound else 1
    elif name in _KEY_POSITION:
        position = _KEY_POSITION[name]
    else:
        return None
    return call.args[position] if len(call.args) > position else None


def _uses() -> list[KeyUse]:
    root = Path(__file__).resolve().parents[2]
    uses: list[KeyUse] = []
    for path in sorted(p for source in _SOURCES for p in (root / source).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(root)}:{node.lineno}"
            for keyword in node.keywords:  # Verb(summary_key="verb.help", usage_key=…)
                if keyword.arg and keyword.arg.endswith("_key") and isinstance(keyword.value, ast.Constant):
                    if isinstance(keyword.value.value, str):
                        uses.append(KeyUse(where, keyword.value.value, None))
            key = _key_argument(node)
            given = (
                None if any(k.arg is None for k in node.keywords) else frozenset(k.arg for k in node.keywords if k.arg)
            )
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                uses.append(KeyUse(where, key.value, given))
            elif isinstance(key, ast.JoinedStr) and key.values and isinstance(key.values[0], ast.Constant):
                uses.append(KeyUse(where, str(key.values[0].value), None, prefix_only=True))
    return uses


def test_every_template_is_well_formed_and_has_the_same_placeholders_in_both_languages() -> None:
    catalogs = _catalogs()
    differ = {
        key: (_placeholders(catalogs["ja"][key]), _placeholders(catalogs["en"][key]))
        for key in catalogs["ja"]
        if _placeholders(catalogs["ja"][key]) != _placeholders(catalogs["en"][key])
    }
    assert differ == {}  # a placeholder in one language only is left unfilled, or its value lost, in the other


def test_every_key_the_code_uses_exists_in_ja_and_en() -> None:
    catalogs = _catalogs()
    uses = _uses()
    assert len(uses) > 300, "the scan no longer finds the message keys in the code"
    missing = [
        (use.where, use.key, lang)
        for use in uses
        for lang in i18n.LANGS
        if not (
            any(key.startswith(use.key) for key in catalogs[lang]) if use.prefix_only else use.key in catalogs[lang]
        )
    ]
    assert missing == []


def test_every_message_is_given_every_placeholder_it_shows() -> None:
    catalogs = _catalogs()
    unfilled = [
        (use.where, use.key, lang, sorted(_placeholders(catalogs[lang][use.key]) - use.given))
        for use in _uses()
        if use.given is not None and not use.prefix_only and use.key in catalogs["ja"]
        for lang in i18n.LANGS
        if _placeholders(catalogs[lang][use.key]) - use.given
    ]
    assert unfilled == []
