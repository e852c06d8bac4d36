"""A secretariat's first hour on the console (issue 11, item 7): a form that cannot open says just what to type;
a window partly in the past says where the search really starts; a poll nobody has answered is not confirmed
without a second, deliberate `--force`; the ranking after `close` has a heading and no repeated number; English
counts and names read as English."""

from __future__ import annotations

from datetime import datetime

from tests.integration.committee.conftest import JST, Office, committee_with_members


async def test_a_missing_window_on_the_console_says_just_how_to_type_it(office: Office) -> None:
    await committee_with_members(office)
    reply = await office.text("tanaka", "/genai committee poll 予算検討委員会")
    assert "次のように入力してください:\n`/genai committee poll <委員会>" in reply
    assert "入力画面を表示できない場合" not in reply
    english = await office.person("tanaka", lang="en")
    assert english.lang == "en"
    reply = await office.text("tanaka", "/genai committee slots 予算検討委員会")
    assert reply.startswith("Type:\n`/genai committee slots <committee>") and "If no form opens" not in reply


async def test_a_window_partly_in_the_past_is_searched_from_today_and_says_so(office: Office) -> None:
    await committee_with_members(office)
    office.clock.set(datetime(2027, 2, 3, 9, 0, tzinfo=JST))  # Wednesday
    reply = await office.text("tanaka", "/genai committee slots 予算検討委員会 2/1 2/5")
    assert "（2月3日(水)〜2月5日(金)、60分）" in reply  # the heading shows the range really searched
    assert "2月1日(月) から今日の前日までは過ぎているため、今日（2月3日(水)）から探しました" in reply
    assert "2月1日(月)〜" not in reply
    assert "poll 1 2027-02-03 2027-02-05" in reply  # the poll it offers starts today too


async def test_a_poll_nobody_answered_is_confirmed_only_when_asked_again_with_force(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    refused = await office.text("tanaka", "/genai committee confirm 1 2")
    assert refused.startswith("! ") and "まだ誰も回答していません" in refused
    assert "`/genai committee confirm 1 2 --force`" in refused
    assert "を確定しました" in await office.text("tanaka", "/genai committee confirm 1 2 --force")


async def test_a_poll_with_answers_confirms_without_force(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    await office.text("sato", "/genai committee vote 1 3 ○")
    assert "を確定しました" in await office.text("tanaka", "/genai committee confirm 1 3")


async def test_the_ranking_after_close_has_a_heading_and_lists_the_best_slot_once(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --max 3")
    await office.text("sato", "/genai committee vote 1 2 ○")
    closed = await office.text("tanaka", "/genai committee close 1")
    best, others = closed.split("ほかの候補（良い順）\n")
    assert "最適な候補:\n2. 2月16日(火)" in best
    assert [line.split(" ")[0] for line in others.splitlines()[:2]] == ["1.", "3."]
    assert "2. " not in others.split("\n  [")[0]


async def test_english_counts_and_unknown_calendars_read_as_english(office: Office) -> None:
    await office.person("tanaka", lang="en")
    await office.text("tanaka", "/genai committee create Budget")
    listed = await office.text("tanaka", "/genai committee list")
    assert "1 member —" in listed and "1 members" not in listed
    slots = await office.text("tanaka", "/genai committee slots Budget 2/15 2/16")
    assert "No calendar data for tanaka: the poll will ask." in slots
    assert " have no calendar" not in slots


async def test_closing_a_poll_nobody_answered_says_the_choice_is_only_the_first_slot(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19")
    closed = await office.text("tanaka", "/genai committee close 1")
    assert "⚠️ 誰も回答していないため、最初の候補を選んでいます" in closed
    await office.text("tanaka", "/genai committee poll 予算検討委員会 2/22 2/26")
    await office.text("sato", "/genai committee vote 2 1 ○")
    assert "誰も回答していない" not in await office.text("tanaka", "/genai committee close 2")


async def test_one_slot_reads_as_one_slot_in_english(office: Office) -> None:
    await office.person("tanaka", lang="en")
    await office.text("tanaka", "/genai committee create Budget")
    opened = await office.text("tanaka", "/genai committee poll Budget 2/15 2/16 --max 1")
    assert "(poll #1, 1 slot)" in opened
