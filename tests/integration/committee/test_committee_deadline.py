"""A poll's deadline ends answering at that very moment, before anyone closes it: a typed or proxy answer after it
is refused in the voter's language and changes nothing (no vote, no audit row, the same tally); an answer a second
before it counts; the secretariat can still close the poll. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from tests.integration.committee.conftest import JST, Office, committee_with_members

POLL = "/genai committee poll 予算検討委員会 2/15 2/19 --duration 90 --deadline 2/10"
DEADLINE = datetime(2027, 2, 10, 18, 15, tzinfo=JST)  # the deadline day's closing time


async def rows(office: Office, sql: str) -> list[tuple[object, ...]]:
    async with office.core.db.session() as s:
        return [tuple(r) for r in (await s.exec(text(sql))).all()]  # type: ignore[call-overload]


async def vote_rows(office: Office) -> list[tuple[object, ...]]:
    return await rows(office, "SELECT option_id, member_id, answer FROM votes ORDER BY option_id, member_id")


async def vote_audits(office: Office) -> int:
    return len(await rows(office, "SELECT id FROM audit_log WHERE action = 'committee.vote_recorded'"))


def last_poll_message(office: Office) -> str:
    return office.posted().rsplit("📅", 1)[1]


async def test_an_answer_after_the_deadline_is_refused_and_changes_nothing(office: Office) -> None:
    await committee_with_members(office)
    await office.person("sato", lang="en")
    assert "回答期限: 2月10日(水) 18:15" in await office.text("tanaka", POLL)

    office.clock.set(DEADLINE - timedelta(seconds=1))  # just in time
    assert (await office.text("suzuki", "/genai committee vote 1 1 ○ 2 ×")).startswith("○ を記録しました")
    before, audited, tally = await vote_rows(office), await vote_audits(office), last_poll_message(office)
    assert len(before) == 2 and audited == 2 and "○ suzuki" in tally

    office.clock.set(DEADLINE)  # the deadline itself: no longer
    late = await office.text("suzuki", "/genai committee vote 1 1 ×")
    assert late == (
        "! 投票 #1 は回答期限（2月10日(水) 18:15）を過ぎたため、回答を受け付けられません。"
        "回答を変える必要がある場合は事務局にご連絡ください。"
    )
    late_en = await office.text("sato", "/genai committee vote 1 1 yes 2 no")
    assert late_en == (
        "! Poll #1 stopped taking answers at its deadline (Wed 10 Feb 18:15). "
        "If your answer needs to change, please contact the secretariat."
    )
    proxy = await office.text("tanaka", "/genai committee vote 1 1 △ --for 山田太郎")
    assert proxy.startswith("! 投票 #1 は回答期限（2月10日(水) 18:15）を過ぎたため")
    assert await vote_rows(office) == before
    assert await vote_audits(office) == audited

    # the posted poll now says so, keeps the tally, and offers no buttons or typed vote
    shown = last_poll_message(office)
    assert (
        "回答期限（2月10日(水) 18:15）を過ぎたため、回答の受付を終了しました。"
        "事務局が締め切って日程を確定します。" in shown
    )
    assert "1. 2月15日(月) 09:30–11:00　○ 1  △ 0  × 0" in shown and "○ suzuki" in shown
    assert "[○]" not in shown and "committee vote 1" not in shown

    # the secretariat closes the poll on the answers given in time
    office.clock.set(DEADLINE + timedelta(hours=16))
    closed = await office.text("tanaka", "/genai committee close 1")
    assert "投票を締め切りました。最適な候補:\n1. 2月15日(月) 09:30–11:00　○ 1  △ 0  × 0" in closed
    assert "締め切りました。事務局が日程を確定します。" in last_poll_message(office)
    assert "締め切られているため、回答できません" in await office.text("suzuki", "/genai committee vote 1 1 ○")
    assert await vote_rows(office) == before


async def test_an_answer_before_the_deadline_is_accepted_in_english_too(office: Office) -> None:
    await committee_with_members(office)
    await office.person("sato", lang="en")
    await office.text("tanaka", POLL)
    office.clock.set(DEADLINE - timedelta(minutes=1))
    recorded = await office.text("sato", "/genai committee vote 1 1 yes")
    assert recorded.startswith("Recorded ○"), recorded
    assert await vote_audits(office) == 1
    assert "[○]" in last_poll_message(office)  # still taking answers


async def test_the_posted_poll_says_answering_ended_when_the_deadline_comes(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    assert "[○]" in last_poll_message(office)
    office.clock.set(DEADLINE - timedelta(minutes=1))
    await office.core.services.outbox.sweep(now=office.clock.now())
    assert "[○]" in last_poll_message(office)  # not yet

    office.clock.set(DEADLINE + timedelta(seconds=15))  # the next sweep after the deadline, nobody clicking
    await office.core.services.outbox.sweep(now=office.clock.now())
    shown = last_poll_message(office)
    assert "回答期限（2月10日(水) 18:15）を過ぎたため、回答の受付を終了しました。" in shown
    assert "[○]" not in shown and "未回答: tanaka、suzuki、sato、山田太郎" in shown
    assert await rows(office, "SELECT status FROM outbox WHERE dedup_key = 'poll:1:view'") == [("sent",)]


async def test_a_poll_closed_before_its_deadline_is_left_alone_at_the_deadline(office: Office) -> None:
    await committee_with_members(office)
    await office.text("tanaka", POLL)
    await office.text("tanaka", "/genai committee close 1")
    assert await rows(office, "SELECT status FROM outbox WHERE dedup_key = 'poll:1:view'") == [("cancelled",)]
    posted = office.posted()
    office.clock.set(DEADLINE)
    await office.core.services.outbox.sweep(now=office.clock.now())
    assert office.posted() == posted
