"""Finding slots for a committee from imported .ics calendars and Microsoft Graph (the Entra stand-in), with the
reasons when there is none and the fallback when Graph refuses. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from genai_bot.config import Settings
from genai_bot.llm import LLMSettings
from handlers.slack.chat_port import SlackChatPort
from tests.conftest import make_settings
from tests.integration.committee.conftest import JST, Office, _office, committee_with_members
from tests.world.entra_graph import FakeEntraGraph


def ics(*spans: tuple[str, str]) -> bytes:
    """An iCalendar file with one busy event per (start, end) in JST, e.g. ("2027-02-15 09:00", "2027-02-15 19:00")."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//committee//JA"]
    for i, (start, end) in enumerate(spans):
        s, e = (datetime.fromisoformat(x).replace(tzinfo=JST).astimezone(UTC) for x in (start, end))
        lines += [
            "BEGIN:VEVENT",
            f"UID:busy-{i}@test",
            f"DTSTAMP:{s:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{s:%Y%m%dT%H%M%SZ}",
            f"DTEND:{e:%Y%m%dT%H%M%SZ}",
            "SUMMARY:予定",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


async def import_calendar(office: Office, tmp_path: Path, member: str, data: bytes) -> str:
    path = tmp_path / f"{abs(hash(member))}.ics"
    path.write_bytes(data)
    return await office.text("tanaka", f"/genai committee calendar import 予算検討委員会 {member} {path}")


async def test_candidates_explain_who_is_free_busy_or_unknown(office: Office, tmp_path: Path) -> None:
    await committee_with_members(office)
    imported = await import_calendar(office, tmp_path, "@sato", ics(("2027-02-15 09:00", "2027-02-15 19:00")))
    assert "sato さん（委員）の予定表を取り込みました" in imported and "1 件の予定を取り込みました" in imported
    await import_calendar(office, tmp_path, "yamada@example.ac.jp", ics(("2027-02-16 09:00", "2027-02-16 19:00")))
    text = await office.text("suzuki", "/genai committee slots 予算検討委員会 2/15 2/16 --max 2")
    assert "「予算検討委員会」の候補日時（2月15日(月)〜2月16日(火)、60分）" in text
    assert "2月15日" not in text.split("60分）", 1)[1]  # sato (required) is busy all Monday
    assert "1. 2月16日(火) 09:30–10:30 — 任意参加の 1人が不可" in text
    assert "参加可: sato" in text and "予定あり: 山田太郎" in text
    assert "予定不明（投票で確認）: tanaka、suzuki" in text
    assert "[この候補で投票を開始]" in text
    assert "/genai committee poll 1 2027-02-15 2027-02-16 --duration 60 --max 2" in text


async def test_optional_members_decide_the_ranking_and_lunch_and_buffer_are_respected(
    office: Office, tmp_path: Path
) -> None:
    await committee_with_members(office)
    await import_calendar(office, tmp_path, "yamada@example.ac.jp", ics(("2027-02-15 09:00", "2027-02-15 14:00")))
    await import_calendar(office, tmp_path, "@sato", ics(("2027-02-15 15:00", "2027-02-15 16:00")))
    text = await office.text(
        "tanaka", "/genai committee slots 予算検討委員会 2/15 --duration 90 --lunch --buffer 15 --max 3"
    )
    first = text.split("\n")[1]
    assert first.startswith("*1. 2月15日(月) 16:15–17:45*") or first.startswith("1. 2月15日(月) 16:15–17:45"), text
    assert "12:00" not in text and "12:30–" not in text  # lunch block stays free


async def test_a_required_member_busy_throughout_is_named_with_what_to_do(office: Office, tmp_path: Path) -> None:
    await committee_with_members(office)
    await import_calendar(office, tmp_path, "@sato", ics(("2027-02-15 08:00", "2027-02-17 20:00")))
    text = await office.text("tanaka", "/genai committee slots 予算検討委員会 2/15 2/17")
    assert text.startswith("! 「予算検討委員会」で 2月15日(月)〜2月17日(水) に 60分の候補が見つかりませんでした。")
    assert "必須メンバーの sato さんは、期間中ずっと予定が入っていて 60分空いている時間がありません。" in text
    assert "期間を広げる" in text
    assert "/genai committee member set 1 sato --optional" in text


async def test_a_window_without_business_hours_is_too_short(office: Office) -> None:
    await committee_with_members(office)
    weekend = await office.text("tanaka", "/genai committee slots 予算検討委員会 2027-02-13 2027-02-14")
    assert "平日の勤務時間に 60分の枠がとれません" in weekend
    long_meeting = await office.text("tanaka", "/genai committee slots 予算検討委員会 2/15 --duration ９時間")
    assert "平日の勤務時間に 540分の枠がとれません" in long_meeting


async def test_bad_windows_are_refused_with_examples(office: Office) -> None:
    await committee_with_members(office)
    assert "指定された期間は過ぎています" in await office.text("tanaka", "/genai committee slots 1 1/20 1/22")
    assert "終了日が開始日より前" in await office.text("tanaka", "/genai committee slots 1 2027-02-20 2027-02-10")
    assert "期間「いつか」が読み取れません" in await office.text("tanaka", "/genai committee slots 1 いつか")
    assert "期間は 62日以内" in await office.text("tanaka", "/genai committee slots 1 2/2 5/1")
    assert "所要時間は 5〜600分" in await office.text("tanaka", "/genai committee slots 1 2/15 --duration 2日")
    assert "使い方:" in await office.text("tanaka", "/genai committee slots")


async def test_slots_without_dates_opens_a_form(office: Office) -> None:
    await committee_with_members(office)
    reply = await office.send("tanaka", "/genai committee slots 予算検討委員会")
    assert reply.form is not None and reply.form.command == "committee slots 1"
    submitted = await office.send(
        "tanaka", "/genai committee slots 1", extra={"first": "2027-02-15", "last": "2027-02-16", "duration": "90"}
    )
    assert "90分" in submitted.plain_text and not submitted.is_error
    bad = await office.send(
        "tanaka", "/genai committee slots 1", extra={"first": "2027-02-15", "last": "2027-02-16", "duration": "0"}
    )
    assert "所要時間" in bad.field_errors["duration"]


async def test_calendar_import_errors(office: Office, tmp_path: Path) -> None:
    await committee_with_members(office)
    junk = tmp_path / "junk.ics"
    junk.write_bytes(b"this is not a calendar")
    assert "カレンダーファイル（.ics）として読み取れませんでした" in await office.text(
        "tanaka", f"/genai committee calendar import 1 @sato {junk}"
    )
    assert "を読めませんでした" in await office.text(
        "tanaka", f"/genai committee calendar import 1 @sato {tmp_path / 'missing.ics'}"
    )
    slack = SlackChatPort(AsyncWebClient(token="xoxb-test"))  # cannot read the bot machine's files
    from_slack = await office.core.handle(
        f"/genai committee calendar import 1 @sato {junk}",
        await office.person("tanaka"),
        office.room,
        "command",
        chat=slack,
    )
    assert from_slack.is_error and "コンソール" in from_slack.plain_text
    assert "事務局だけ" in await office.text("sato", f"/genai committee calendar import 1 @sato {junk}")


# --- Microsoft Graph ------------------------------------------------------------------------------------------


@pytest.fixture
async def graph_office(settings: Settings, entra: FakeEntraGraph) -> AsyncIterator[Office]:
    entra.add_user("tanaka@example.go.jp", "田中")
    entra.add_user("suzuki@example.go.jp", "鈴木")
    with_graph = make_settings(GENAI_DATABASE_URL=settings.database_url, **entra.settings_env())
    async with _office(with_graph, LLMSettings(_env_file=None)) as office:  # type: ignore[call-arg]
        yield office


async def _graph_committee(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee member set 1 @suzuki --email suzuki@example.go.jp")


async def test_graph_busy_times_shape_the_candidates(graph_office: Office, entra: FakeEntraGraph) -> None:
    await _graph_committee(graph_office)
    entra.add_busy(
        "suzuki@example.go.jp", datetime(2027, 2, 15, 9, 0, tzinfo=JST), datetime(2027, 2, 15, 12, 0, tzinfo=JST)
    )
    text = await graph_office.text("tanaka", "/genai committee slots 予算検討委員会 2/15 --max 1")
    assert "1. 2月15日(月) 12:00–13:00" in text
    assert "参加可: tanaka、suzuki" in text
    assert entra.calls_to("schedule"), "Graph getSchedule was asked"


async def test_graph_refusing_falls_back_to_imported_calendars_and_says_so(
    graph_office: Office, entra: FakeEntraGraph, tmp_path: Path
) -> None:
    await _graph_committee(graph_office)
    await import_calendar(graph_office, tmp_path, "@suzuki", ics(("2027-02-15 09:00", "2027-02-15 15:00")))
    entra.forbid("schedule")
    text = await graph_office.text("tanaka", "/genai committee slots 予算検討委員会 2/15 --max 1")
    assert "1. 2月15日(月) 15:00–16:00" in text  # from suzuki's imported .ics
    assert "Outlook の予定表を参照できなかったため、取り込み済みの予定で空き状況を判定しました" in text
    assert "予定表を読む権限がアプリにありません" in text


async def test_graph_unreachable_falls_back_too(graph_office: Office, entra: FakeEntraGraph) -> None:
    await _graph_committee(graph_office)
    await entra.down()
    text = await graph_office.text("tanaka", "/genai committee slots 予算検討委員会 2/15 --max 1")
    assert "Microsoft Graph に接続できませんでした" in text and "1. 2月15日(月) 09:30–10:30" in text
