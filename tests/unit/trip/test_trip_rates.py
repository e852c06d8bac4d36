"""The 2025 rate table as shipped: every prefecture resolves, destinations are found however they are typed, and a
broken table file is one line naming the entry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from genai_bot.errors import ConfigError
from genai_bot.settings_base import load_env_settings
from skills.trip.rates import SHIPPED_RATES, RatesFileError, UnknownDestination, load_rates, parse_rates
from skills.trip.settings import TripSettings

RATES = load_rates(SHIPPED_RATES)


def test_the_shipped_table_covers_all_47_prefectures_from_2025_04_01() -> None:
    edition = RATES.latest
    assert edition.valid_from == date(2025, 4, 1)
    assert len(edition.prefectures) == 47
    for pref in edition.prefectures.values():
        assert RATES.resolve(pref.name) == pref.name and RATES.resolve(pref.name_en) == pref.name
        assert 8000 <= pref.caps["general"] <= 19000
    # the values the sources name
    caps = {name: p.caps["general"] for name, p in edition.prefectures.items()}
    assert (caps["東京都"], caps["大阪府"], caps["愛知県"], caps["福岡県"]) == (19000, 13000, 11000, 18000)
    assert {n for n, p in edition.prefectures.items() if p.checked} == {"東京都", "大阪府", "愛知県", "福岡県"}
    assert edition.classes["designated"].illustrative
    assert RATES.edition_for(date(2025, 3, 31)) is None and RATES.edition_for(date(2025, 4, 1)) == edition


@pytest.mark.parametrize(
    "typed",
    [
        "大阪",
        "大阪市",
        "大阪府",
        "Osaka",
        "osaka",
        "ｏｓａｋａ",
        "ＯＳＡＫＡ",
        "Osaka-shi",
        "osaka city",
        "Ōsaka",
        " 大阪 ",
    ],
)
def test_osaka_however_it_is_typed(typed: str) -> None:
    assert RATES.resolve(typed) == "大阪府"


@pytest.mark.parametrize(
    ("typed", "prefecture"),
    [
        ("札幌", "北海道"),
        ("札幌市", "北海道"),
        ("Sapporo", "北海道"),
        ("仙台", "宮城県"),
        ("横浜市", "神奈川県"),
        ("名古屋", "愛知県"),
        ("Nagoya", "愛知県"),
        ("京都", "京都府"),
        ("京都市", "京都府"),
        ("神戸", "兵庫県"),
        ("広島", "広島県"),
        ("広島市", "広島県"),
        ("福岡市", "福岡県"),
        ("那覇", "沖縄県"),
        ("東京", "東京都"),
        ("Tokyo-to", "東京都"),
        ("北海道", "北海道"),
        ("Hyogo Prefecture", "兵庫県"),
        ("Osaka Pref.", "大阪府"),
        ("大阪府大阪市北区", "大阪府"),
        ("北海道札幌市中央区", "北海道"),
        ("東京都千代田区霞が関", "東京都"),
    ],
)
def test_major_cities_and_english_names(typed: str, prefecture: str) -> None:
    assert RATES.resolve(typed) == prefecture


def test_an_unknown_destination_suggests_close_matches() -> None:
    with pytest.raises(UnknownDestination) as caught:
        RATES.resolve("Osakka")
    assert caught.value.field == "destination" and caught.value.suggestions[0] == "Osaka"
    with pytest.raises(UnknownDestination) as caught:
        RATES.resolve("ニューヨーク")
    assert caught.value.suggestions == () and caught.value.message_key == "trip.error.unknown_destination_no_match"


def test_grades_map_to_their_class() -> None:
    edition = RATES.latest
    assert RATES.grade_class(edition, "係員").code == "general"
    assert RATES.grade_class(edition, "課長").code == "general"
    assert RATES.grade_class(edition, "審議官").code == "designated"
    assert RATES.grade_class(edition, "Director-General").code == "designated"


_GOOD = SHIPPED_RATES.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _GOOD.replace("東京都: {en: Tokyo, general: 19000", "東京都: {en: Tokyo, general: -1"),
            "prefectures.東京都.general",
        ),
        (_GOOD.replace("  審議官: designated", "  審議官: senior"), "grades.審議官: unknown class 'senior'"),
        (_GOOD.replace("  那覇: 沖縄県", "  那覇: 琉球"), "aliases.那覇: unknown prefecture '琉球'"),
        (_GOOD.replace("valid_from: 2025-04-01", "valid_from: someday"), "valid_from"),
        ("prefectures: [", "not valid YAML"),
    ],
)
def test_a_broken_table_is_one_line_naming_the_entry(text: str, expected: str) -> None:
    with pytest.raises(RatesFileError) as caught:
        parse_rates(text, source="rates.yaml")
    assert expected in str(caught.value) and "\n" not in str(caught.value)


def test_a_folder_holds_one_table_per_revision(tmp_path: Path) -> None:
    (tmp_path / "rates_2025.yaml").write_text(_GOOD, encoding="utf-8")
    newer = _GOOD.replace("valid_from: 2025-04-01", "valid_from: 2026-04-01").replace(
        "東京都: {en: Tokyo, general: 19000", "東京都: {en: Tokyo, general: 21000"
    )
    (tmp_path / "rates_2026.yaml").write_text(newer, encoding="utf-8")
    table = load_rates(tmp_path)
    old, new = table.edition_for(date(2026, 3, 31)), table.edition_for(date(2026, 4, 1))
    assert old is not None and new is not None
    assert (old.prefectures["東京都"].caps["general"], new.prefectures["東京都"].caps["general"]) == (19000, 21000)


def test_the_setting_defaults_to_the_shipped_table_and_a_bad_one_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_env_settings(TripSettings).rates_file == SHIPPED_RATES
    monkeypatch.setenv("GENAI_TRIP_RATES_FILE", str(tmp_path / "missing.yaml"))
    with pytest.raises(ConfigError) as caught:
        load_env_settings(TripSettings)
    message = str(caught.value)
    assert message.startswith("Setting GENAI_TRIP_RATES_FILE is invalid") and "missing.yaml" in message
    assert "\n" not in message
