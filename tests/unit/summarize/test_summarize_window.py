"""Time ranges and counts as users type them: English, Japanese, full-width; errors that say what works."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from skills.summarize.window import MAX_LAST, looks_like_since, parse_last, parse_since

JST = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # 12:00 in Tokyo


@pytest.mark.parametrize(
    ("value", "ago"),
    [
        ("2h", timedelta(hours=2)),
        ("30m", timedelta(minutes=30)),
        ("3d", timedelta(days=3)),
        ("1w", timedelta(weeks=1)),
        ("2時間", timedelta(hours=2)),
        ("２時間", timedelta(hours=2)),
        ("30分", timedelta(minutes=30)),
        ("3日", timedelta(days=3)),
        ("1週間", timedelta(weeks=1)),
        ("90min", timedelta(minutes=90)),
        ("過去2時間", timedelta(hours=2)),
        ("2時間前", timedelta(hours=2)),
        ("４ｈｏｕｒｓ", timedelta(hours=4)),
    ],
)
def test_durations_count_back_from_now(value: str, ago: timedelta) -> None:
    assert parse_since(value, NOW, JST) == NOW - ago


@pytest.mark.parametrize("value", ["today", "今日", "きょう", "本日", "ｔｏｄａｙ"])
def test_today_starts_at_midnight_in_the_users_time_zone(value: str) -> None:
    assert parse_since(value, NOW, JST) == datetime(2026, 12, 10, 0, 0, tzinfo=JST)


def test_today_depends_on_the_users_zone_not_utc() -> None:
    late_evening_utc = datetime(2026, 12, 10, 20, 0, tzinfo=UTC)  # already 12/11 05:00 in Tokyo
    assert parse_since("今日", late_evening_utc, JST) == datetime(2026, 12, 11, tzinfo=JST)
    assert parse_since("today", late_evening_utc, ZoneInfo("UTC")) == datetime(2026, 12, 10, tzinfo=UTC)


@pytest.mark.parametrize("value", ["yesterday", "昨日", "きのう"])
def test_yesterday_starts_at_yesterdays_midnight(value: str) -> None:
    assert parse_since(value, NOW, JST) == datetime(2026, 12, 9, tzinfo=JST)


@pytest.mark.parametrize(
    "value", ["2026-12-01", "2026/12/01", "2026年12月1日", "12/1", "12月1日", "１２月１日", "12/1以降", "12月1日から"]
)
def test_dates_start_at_midnight_of_that_day(value: str) -> None:
    assert parse_since(value, NOW, JST) == datetime(2026, 12, 1, tzinfo=JST)


def test_a_month_and_day_still_ahead_this_year_means_last_year() -> None:
    assert parse_since("12/25", NOW, JST) == datetime(2025, 12, 25, tzinfo=JST)


@pytest.mark.parametrize("value", ["soon", "明後日", "2x", "0h", "13/1", "2/30", "", "--", "12月"])
def test_unreadable_ranges_say_which_forms_are_accepted(value: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_since(value, NOW, JST)
    assert caught.value.message_key == "summarize.bad_since"
    text = t("ja", caught.value.message_key, **caught.value.args_)
    assert "--since 2h" in text and "今日" in text and "12月1日" in text
    assert "2h" in t("en", caught.value.message_key, **caught.value.args_)


def test_a_future_date_is_refused() -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_since("2027-01-05", NOW, JST)
    assert caught.value.message_key == "summarize.future_since"


def test_ranges_beyond_a_year_are_refused_without_overflowing() -> None:
    for value in ("2020-01-01", "999999w", "400d"):
        with pytest.raises(UserFacingError) as caught:
            parse_since(value, NOW, JST)
        assert caught.value.message_key == "summarize.since_too_old"


@pytest.mark.parametrize(
    ("value", "count"), [("200", 200), ("２００", 200), ("50件", 50), ("1", 1), (str(MAX_LAST), MAX_LAST)]
)
def test_last_takes_a_count(value: str, count: int) -> None:
    assert parse_last(value) == count


@pytest.mark.parametrize("value", ["0", "-5", "many", str(MAX_LAST + 1), "1.5"])
def test_bad_counts_name_the_accepted_range(value: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_last(value)
    assert caught.value.message_key == "summarize.bad_last"
    assert f"1〜{MAX_LAST}" in t("ja", "summarize.bad_last", **caught.value.args_)


def test_bare_words_are_recognised_as_ranges_only_when_they_look_like_one() -> None:
    assert all(looks_like_since(w) for w in ("今日", "2h", "12/1", "3日", "yesterday", "過去2時間"))
    assert not any(looks_like_since(w) for w in ("please", "共有", "--post", "m1"))
