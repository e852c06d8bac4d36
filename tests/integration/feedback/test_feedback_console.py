"""👍/👎 on the console: an AI answer typed at a terminal ends with how to rate it; a rating is recorded once per
person (a second one changes it), with an optional reason, and audited."""

from __future__ import annotations

import io
import re

from sqlmodel import select

from genai_bot.app import Core
from genai_bot.db.feedback_models import AIAnswer, Feedback
from handlers.console.adapter import ConsoleAdapter
from tests.conftest import TestBot

_REF = re.compile(r"/genai feedback (\w+) up")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


async def ratings(core: Core) -> list[Feedback]:
    async with core.db.session() as s:
        return list((await s.exec(select(Feedback).order_by(Feedback.user))).all())


async def test_at_the_terminal_an_answer_says_how_to_rate_it_and_a_second_rating_changes_the_first(
    llm_core: Core,
) -> None:
    out = io.StringIO()
    console = ConsoleAdapter(
        llm_core, user="tanaka", stdin=_Terminal("/genai translate en 予算案を確認してください\n"), stdout=out
    )
    await console.run()
    match = _REF.search(out.getvalue())
    assert match, out.getvalue()
    ref = match.group(1)
    async with llm_core.db.session() as s:
        row = await s.get(AIAnswer, ref)
    assert row is not None and (row.skill, row.provider, row.model) == ("translate", "p1", "model-p1")

    lines = f"/genai feedback {ref} up\n/genai feedback {ref} down 訳語が不自然です\n"
    out = io.StringIO()
    await ConsoleAdapter(llm_core, user="tanaka", stdin=io.StringIO(lines), stdout=out).run()
    assert out.getvalue().splitlines() == [
        "👍 ありがとうございます。評価を記録しました。",
        "👎 理由とともに評価を記録しました。改善に役立てます。",
    ]
    rows = await ratings(llm_core)
    assert [(r.user, r.rating, r.reason, r.skill, r.model) for r in rows] == [
        ("console:local:tanaka", "down", "訳語が不自然です", "translate", "model-p1")
    ]

    other = await TestBot.signed_in(llm_core, "U-other")
    await other.send(f"/genai ｆｅｅｄｂａｃｋ {ref} 👍")
    assert [(r.user, r.rating) for r in await ratings(llm_core)] == [
        ("console:T-test:U-other", "up"),
        ("console:local:tanaka", "down"),
    ]
    audited = await llm_core.services.audit.recent(action="feedback.rate")
    assert [(e.actor, e.detail["rating"], e.detail["previous"], e.detail["reason_given"]) for e in audited] == [
        ("console:T-test:U-other", "up", None, False),
        ("console:local:tanaka", "down", "up", True),
        ("console:local:tanaka", "up", None, False),
    ]


async def test_piped_answers_stay_clean_and_no_rating_is_offered_under_errors(llm_core: Core) -> None:
    out = io.StringIO()
    lines = "/genai translate en 会議\n/genai help\n/genai translate\n/genai feedback abc123 up\n/genai feedback\n"
    await ConsoleAdapter(llm_core, user="tanaka", stdin=io.StringIO(lines), stdout=out).run()
    text = out.getvalue()
    assert "この回答の評価" not in text  # piped output (scripts) is the answers alone
    assert "「abc123」が見つかりません" in text
    assert "評価を読み取れません" in text
    async with llm_core.db.session() as s:
        answers = list((await s.exec(select(AIAnswer))).all())
    assert [a.skill for a in answers] == ["translate"]  # only the AI answer was offered a rating


async def test_a_down_click_opens_the_reason_form_and_sending_it_records_the_reason(llm_testbot: TestBot) -> None:
    core = llm_testbot.core
    reply = await llm_testbot.send("/genai translate en 会議")
    assert reply.feedback is not None
    up, down = reply.feedback.buttons.buttons
    assert (up.action_id, down.action_id) == ("genai:feedback", "genai:feedback")
    assert (up.value, down.value) == (f"{reply.feedback.ref} up", f"{reply.feedback.ref} down")
    person, room = llm_testbot.person, llm_testbot.room
    assert person is not None
    clicked = await core.handle(f"feedback {down.value}", person, room, "action")
    assert clicked.form is not None and clicked.form.command == f"feedback {reply.feedback.ref} down"
    sent = await core.handle(clicked.form.command, person, room, "action", extra={"reason": "長すぎる"})
    assert not sent.is_error and sent.feedback is None
    assert [(r.rating, r.reason) for r in await ratings(core)] == [("down", "長すぎる")]


async def test_retention_clears_old_reasons_and_keeps_the_ratings(llm_testbot: TestBot) -> None:
    from datetime import timedelta

    from genai_bot.retention_job import run_retention

    core = llm_testbot.core
    reply = await llm_testbot.send("/genai translate en 会議")
    assert reply.feedback is not None
    await llm_testbot.send(f"/genai feedback {reply.feedback.ref} down 古い理由")
    async with core.db.session() as s:
        row = (await s.exec(select(Feedback))).one()
        row.updated_at = row.updated_at - timedelta(days=core.settings.retention_days + 1)
        s.add(row)
    report = await run_retention(core.services)
    assert report.pruned["feedback_reasons"] == 1
    assert [(r.rating, r.reason) for r in await ratings(core)] == [("down", None)]


async def test_two_clicks_at_once_leave_one_rating(llm_testbot: TestBot) -> None:
    import asyncio

    core = llm_testbot.core
    reply = await llm_testbot.send("/genai translate en 会議")
    assert reply.feedback is not None and llm_testbot.person is not None
    clicks = [f"feedback {reply.feedback.ref} {rating}" for rating in ("up", "down", "up")]
    answers = await asyncio.gather(*(core.handle(c, llm_testbot.person, llm_testbot.room, "console") for c in clicks))
    assert not any(a.is_error for a in answers)
    assert len(await ratings(core)) == 1
