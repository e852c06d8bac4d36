"""Poll deadlines and reminders land on business days (weekends, national holidays, 12/29–1/3 are not), in the
committee's time zone. 2027-02-11 (Thu) is a national holiday. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from genai_bot.db.models import OutboxMessage
from skills.committee.settings import CommitteeSettings
from tests.integration.committee.conftest import JST, Office, committee_with_members


def utc_wall(*wall: int) -> datetime:
    return datetime(*wall, tzinfo=JST).astimezone(UTC).replace(tzinfo=None)


async def due(office: Office) -> dict[str, datetime]:
    async with office.core.db.session() as s:
        return {
            r.dedup_key: r.due_at.replace(tzinfo=None)
            if r.due_at.tzinfo is None
            else r.due_at.astimezone(UTC).replace(tzinfo=None)
            for r in (await s.exec(select(OutboxMessage))).all()
        }


async def test_a_default_deadline_on_a_weekend_or_holiday_moves_back_to_the_previous_business_day(
    office: Office,
) -> None:
    await committee_with_members(office)
    office.clock.set(datetime(2027, 2, 4, 9, 0, tzinfo=JST))  # Thu: three days out is Sunday 2/7
    opened = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    assert "回答期限: 2月5日(金) 18:15" in opened
    office.clock.set(datetime(2027, 2, 8, 9, 0, tzinfo=JST))  # Mon: three days out is the holiday 2/11
    opened = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    assert "回答期限: 2月10日(水) 18:15" in opened


async def test_a_default_deadline_already_over_moves_to_the_next_business_day(office: Office) -> None:
    await committee_with_members(office)
    office.core.services.skill_settings.use(CommitteeSettings(_env_file=None, poll_days=0))  # type: ignore[call-arg]
    office.clock.set(datetime(2027, 2, 5, 19, 0, tzinfo=JST))  # Friday after working hours
    opened = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/9 2/12")
    assert "回答期限: 2月8日(月) 18:15" in opened
    # no business day left before the first candidate: said so, never a deadline in the past
    refused = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/8 2/12")
    assert refused.startswith("! ") and "前の営業日（2月5日(金)）は受付時間が終わっている" in refused
    assert "期間を 2月9日(火) 以降にずらしてください" in refused


async def test_a_monday_poll_asked_on_friday_has_friday_as_its_deadline_and_a_saturday_deadline_moves_too(
    office: Office,
) -> None:
    await committee_with_members(office)
    office.clock.set(datetime(2027, 2, 5, 10, 0, tzinfo=JST))  # Friday morning; the first slot is Monday 2/8
    by_default = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/8 2/10")
    assert "回答期限: 2月5日(金) 18:15" in by_default
    saturday = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/8 2/10 --deadline 明日")
    assert "回答期限: 2月5日(金) 18:15" in saturday
    assert "指定の 2月6日(土) は営業日ではないため、回答期限をその前の営業日 2月5日(金) にしました" in saturday
    office.clock.set(datetime(2027, 2, 5, 19, 0, tzinfo=JST))  # Friday evening: no business day is left
    for line in ("", " --deadline 明日"):
        refused = await office.text("tanaka", f"/genai committee poll 予算検討委員会 2/8 2/10{line}")
        assert refused.startswith("! ") and "（2月5日(金)）は受付時間が終わっている" in refused


async def test_a_weekend_deadline_whose_business_day_before_is_over_is_refused(office: Office) -> None:
    await committee_with_members(office)
    office.clock.set(datetime(2027, 2, 1, 10, 0, tzinfo=JST))  # Monday
    refused = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --deadline 1/30")
    assert refused.startswith("! ") and "1月30日(土) は営業日ではなく" in refused and "（1月29日(金)）" in refused
    assert "`--deadline 2/4`" in refused


async def test_an_explicit_deadline_already_over_today_is_refused(office: Office) -> None:
    await committee_with_members(office)
    office.clock.set(datetime(2027, 2, 1, 19, 0, tzinfo=JST))  # Monday after 18:15
    refused = await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --deadline 2/1")
    assert refused.startswith("! ") and "回答期限が過ぎた日時" in refused and "`--deadline 2/4`" in refused


async def test_a_sunday_deadline_is_friday_evening_and_its_reminder_friday_morning(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --deadline 2/7")
    rows = await due(office)
    assert rows["poll:1:remind:2:"] == utc_wall(2027, 2, 5, 9, 30)
    assert rows["poll:1:deadline:1"] == utc_wall(2027, 2, 5, 18, 15)


async def test_the_deadline_hint_is_a_valid_date_for_these_candidates(office: Office) -> None:
    await committee_with_members(office)
    text = await office.text("tanaka", "/genai committee slots 予算検討委員会 2/15 2/16")
    assert "`--deadline 2/4`" in text and "12/5" not in text
    unreadable = await office.text("tanaka", "/genai committee poll 1 2/15 2/19 --deadline いつか")
    assert "`--deadline 2/4`" in unreadable


async def test_meeting_reminders_move_to_business_day_mornings_and_name_the_date(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/18 2/18 --max 1")
    confirmed = await office.text("tanaka", "/genai committee confirm 1 1 --force")
    # a week before is the holiday 2/11: Wednesday 2/10 morning; the day before is an ordinary Wednesday
    assert "1週間前（資料準備）（2月10日(水) 09:30）、前営業日（2月17日(水) 09:30）" in confirmed
    rows = await due(office)
    assert rows["meeting:1:t-7d"] == utc_wall(2027, 2, 10, 9, 30)
    assert rows["meeting:1:t-1d"] == utc_wall(2027, 2, 17, 9, 30)
    swept = await office.core.services.outbox.sweep(now=datetime(2027, 2, 17, 9, 31, tzinfo=JST).astimezone(UTC))
    assert swept.sent == 2
    posted = office.posted()
    assert "【資料準備】「第1回 予算検討委員会」は 2月18日(木) 09:30–10:30 に開催します" in posted
    assert "まで1週間です" not in posted
    assert "【明日開催】「第1回 予算検討委員会」は 2月18日(木) 09:30–10:30 に開催します" in posted
