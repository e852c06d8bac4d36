"""Every message exists in Japanese and English, and every verb has its help texts."""

from __future__ import annotations

from genai_bot import i18n
from genai_bot.app import build_registry


def test_catalogs_have_the_same_keys_in_both_languages() -> None:
    build_registry()  # imports every skill, registering its catalog
    assert i18n.keys("ja") == i18n.keys("en")


def test_every_verb_has_a_summary_and_usage_in_both_languages() -> None:
    for verb in build_registry().verbs:
        for lang in ("ja", "en"):
            assert i18n.t(lang, verb.summary_key) != verb.summary_key, (lang, verb.name)
            assert i18n.t(lang, verb.usage_key).startswith("/genai"), (lang, verb.name)


def test_a_missing_argument_never_crashes_a_message() -> None:
    assert "{verb}" in i18n.t("en", "coming_soon")  # the template is returned rather than raising
