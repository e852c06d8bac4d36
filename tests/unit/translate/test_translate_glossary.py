"""The organisation glossary: CSV parsing with clear errors, a file cache, matching, and exact enforcement."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genai_bot.errors import ConfigError
from skills.translate.glossary import Glossary, GlossaryEntry, enforce, load_glossary, parse_glossary

CSV = (
    "ja,en,note\nデジタル庁,Digital Agency,省庁名\nデジタル,digital,\n内閣府,Cabinet Office,\nマイナンバー,My Number,\n"
)
AGENCY = GlossaryEntry("デジタル庁", "Digital Agency", "省庁名")
CABINET = GlossaryEntry("内閣府", "Cabinet Office")


@pytest.fixture
def glossary() -> Glossary:
    return parse_glossary(CSV)


def test_rows_are_read_with_notes_a_bom_blank_lines_and_full_width_header() -> None:
    parsed = parse_glossary("\ufeffＪＡ,EN\n\n 内閣府 , Cabinet Office \n,\n")
    assert parsed.entries == (CABINET,)
    assert parse_glossary(CSV).entries[0] == AGENCY


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("term,translation\n内閣府,Cabinet Office\n", "header ja,en"),
        ("", "header ja,en"),
        ("ja,en\n内閣府,\n", "line 2 needs both"),
        ("ja,en\n内閣府,Cabinet Office\n内閣府,Cabinet\n", "line 3 repeats the term '内閣府' (first on line 2)"),
    ],
)
def test_a_malformed_csv_names_the_setting_and_the_line(text: str, detail: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_glossary(text)
    message = str(caught.value)
    assert message.startswith("Setting GENAI_TRANSLATE_GLOSSARY is invalid:") and detail in message
    assert "\n" not in message


def test_a_missing_or_non_utf8_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"GENAI_TRANSLATE_GLOSSARY.*cannot be read"):
        load_glossary(tmp_path / "missing.csv")
    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes("ja,en\n内閣府,Cabinet Office\n".encode("shift_jis"))
    with pytest.raises(ConfigError, match="save the CSV as UTF-8"):
        load_glossary(sjis)


def test_the_file_is_read_again_only_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("ja,en\n内閣府,Cabinet Office\n", encoding="utf-8")
    first = load_glossary(path)
    assert load_glossary(path) is first
    path.write_text("ja,en\n内閣府,Cabinet Office of Japan\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert load_glossary(path).entries == (GlossaryEntry("内閣府", "Cabinet Office of Japan"),)
    assert load_glossary(None).entries == ()


def test_matching_prefers_the_longer_term_and_normalises_full_width(glossary: Glossary) -> None:
    assert glossary.matching("デジタル庁と内閣府の会議", "ja") == [AGENCY, CABINET]
    assert glossary.matching("デジタル化とﾃﾞｼﾞﾀﾙ庁", "ja") == [AGENCY, GlossaryEntry("デジタル", "digital")]
    assert glossary.matching("the DIGITAL AGENCY and the cabinet office", "en") == [AGENCY, CABINET]
    assert glossary.matching("Cabinet Offices", "en") == []  # whole words only
    assert glossary.matching("お知らせ", "ja") == []


def test_a_term_already_in_the_answer_is_left_alone(glossary: Glossary) -> None:
    assert enforce("The Digital Agency met.", [AGENCY], "en") == ("The Digital Agency met.", [])
    assert enforce("My Number cards", [GlossaryEntry("マイナンバー", "My Number")], "en")[1] == []


@pytest.mark.parametrize(
    ("answer", "fixed"),
    [
        ("the digital agency met", "the Digital Agency met"),  # letter case
        ("The デジタル庁 met", "The Digital Agency met"),  # left untranslated
        ("The Digital Agencies met.", "The Digital Agency met."),  # inflection
        ("The Digtal Agency met.", "The Digital Agency met."),  # typo
    ],
)
def test_a_variant_of_the_english_term_is_replaced(answer: str, fixed: str) -> None:
    assert enforce(answer, [AGENCY], "en") == (fixed, [])


def test_japanese_target_term_is_fixed_only_when_the_source_term_was_left_as_is() -> None:
    assert enforce("Cabinet Officeが発表しました", [CABINET], "ja") == ("内閣府が発表しました", [])
    assert enforce("キャビネットオフィスが発表しました", [CABINET], "ja") == (
        "キャビネットオフィスが発表しました",
        [CABINET],
    )


def test_an_unrecognisable_variant_is_reported_not_guessed() -> None:
    answer = "The Agency for Digital Transformation met [[P1]]."
    assert enforce(answer, [AGENCY], "en") == (answer, [AGENCY])
