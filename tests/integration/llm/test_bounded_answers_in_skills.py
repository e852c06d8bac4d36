"""What a person sees of a bounded answer in every skill: a huge answer arrives cut, with a note in their language;
an empty answer is a friendly error with a retry, never an empty reply. The real openai SDK against the stand-in."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest
from sqlmodel import col, select

from genai_bot.app import Core
from genai_bot.clock import FixedClock
from genai_bot.config import Settings
from genai_bot.db.models import ChannelMessage, PendingRequest, UsageEvent
from genai_bot.messages import Actions, Reply, Room
from handlers.console.chat_port import ConsoleChatPort
from handlers.console.render import render_text
from skills.committee.models import Meeting
from skills.committee.settings import CommitteeSettings
from tests.conftest import TestBot, clickable, llm_settings_for, running_core
from tests.integration.committee.conftest import MONDAY, Office, committee_with_members
from tests.integration.summarize.conftest import attach_console, seed
from tests.world.openai_api import FakeOpenAI

CAP = 300
THREAD = Room(platform="slack", channel_id="C1", thread_id="1700000000.000100")
NOTE_JA = f"（回答が長すぎるため、{CAP} 文字で打ち切りました）"
NOTE_EN = f"(The answer was too long and was cut at {CAP} characters.)"
EMPTY_JA = "AI サービスから空の回答が返りました"


@pytest.fixture
async def bounded_core(settings: Settings, fake_llm: FakeOpenAI) -> AsyncIterator[Core]:
    """One provider (no retries) whose answers are cut at CAP characters; a console history and a pinned clock."""
    options = {"max_retries": 0, "timeout_seconds": 2}
    llm = llm_settings_for(fake_llm, provider_options=options, GENAI_LLM_MAX_CHARS=str(CAP))
    async with running_core(settings, llm_settings=llm) as core:
        attach_console(core)
        yield core


@pytest.fixture
async def bot(bounded_core: Core) -> TestBot:
    bot = await TestBot.signed_in(bounded_core, "tanaka")
    bot.chat = clickable(bounded_core)  # a platform with buttons
    return bot


async def ask(bot: TestBot, line: str, source: str, room: Room = THREAD) -> Reply:
    assert bot.person is not None
    return await bot.core.handle(line, bot.person, room, source, chat=bot.chat)  # type: ignore[arg-type]


async def pending(core: Core) -> list[PendingRequest]:
    async with core.db.session() as s:
        return list((await s.exec(select(PendingRequest).order_by(col(PendingRequest.id)))).all())


def retry_button_of(reply: Reply) -> tuple[str, str]:
    [actions] = [b for b in reply.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    return button.action_id, button.value


async def test_a_huge_streamed_chat_answer_stops_at_the_cap_with_a_note(bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_huge(5_000_000)
    reply = await ask(bot, "chat 規程を全部書き出して", "mention")
    assert reply.already_sent and not reply.is_error
    shown = bot.chat.out.getvalue()  # type: ignore[union-attr]
    assert shown.rstrip().endswith(NOTE_JA)
    assert len(shown.rstrip()) == CAP + 2 + len(NOTE_JA)
    async with bot.core.db.session() as s:
        kept = (await s.exec(select(ChannelMessage.text).where(col(ChannelMessage.is_bot)))).all()
    assert kept and all(t.startswith("長い回答です。") and t.endswith(NOTE_JA) for t in kept)  # remembered as shown


async def test_a_huge_answer_to_a_typed_command_is_cut_with_a_note_in_the_users_language(
    bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    await bot.as_user("U-en", lang="en")
    fake_llm.reply_huge(50_000, unit="A long answer. ")
    reply = await ask(bot, "chat write everything", "command", Room(platform="slack", channel_id="C1"))
    assert not reply.is_error
    assert reply.plain_text.startswith("A long answer.") and reply.plain_text.endswith(NOTE_EN)
    assert "max_tokens" in fake_llm.requests[-1]


async def test_an_empty_chat_stream_posts_nothing_and_offers_a_retry_that_answers(
    bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.empty_next("blank")
    reply = await ask(bot, "chat 予算の締め切りは？", "mention")
    assert reply.is_error and EMPTY_JA in reply.plain_text
    assert bot.chat.out.getvalue() == ""  # type: ignore[union-attr]  # no empty message was posted
    [kept] = await pending(bot.core)
    assert retry_button_of(reply) == ("genai:chat", f"--retry {kept.id}")
    assert (kept.verb, kept.args, kept.status) == ("chat", "予算の締め切りは？", "pending")

    retried = await ask(bot, f"chat --retry {kept.id}", "action", Room(platform="slack", channel_id="C1"))
    assert not retried.is_error
    assert "[model-p1] 予算の締め切りは？" in bot.chat.out.getvalue()  # type: ignore[union-attr]
    assert [p.status for p in await pending(bot.core)] == ["done"]


async def test_an_empty_summary_is_an_error_with_a_retry_and_the_request_kept(
    bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    await seed(bot.core, [(30, "sato", "来年度予算の資料は12月5日までに提出します。")])
    fake_llm.empty_next("null")
    reply = await bot.send("/genai summarize --since 2h")
    assert reply.is_error and render_text(reply).startswith(f"! {EMPTY_JA}")
    assert "依頼内容は保存してあります" in render_text(reply)
    [kept] = await pending(bot.core)
    assert retry_button_of(reply) == ("genai:summarize", f"--retry {kept.id}")
    assert (kept.verb, kept.args) == ("summarize", "--since 2h")


@pytest.mark.parametrize(
    ("line", "verb", "error"),
    [
        ("/genai draft 通知 12月1日に避難訓練を行う", "draft", EMPTY_JA),
        ("/genai proofread 会議を行ないます", "proofread", EMPTY_JA),
        ("/genai translate en 会議は明日です", "translate", "AI サービスから翻訳結果が返ってきませんでした"),
        ("/genai chat 今日の予定は？", "chat", EMPTY_JA),
    ],
)
async def test_every_assist_verb_and_translate_offer_a_retry_for_an_empty_answer(
    bot: TestBot, fake_llm: FakeOpenAI, line: str, verb: str, error: str
) -> None:
    fake_llm.empty_next("no_choices")
    assert bot.person is not None
    reply = await bot.core.handle(line, bot.person, Room("slack", "C1"), "command", chat=bot.chat)
    assert reply.is_error and error in reply.plain_text
    [kept] = await pending(bot.core)
    assert retry_button_of(reply) == (f"genai:{verb}", f"--retry {kept.id}")
    assert bot.core.services.llm is not None
    await bot.core.services.llm.flush_usage()
    async with bot.core.db.session() as s:
        [row] = (await s.exec(select(UsageEvent))).all()
    assert (row.skill, row.success, row.error) == (verb, False, "empty_answer")


async def test_empty_minutes_are_an_error_with_a_retry_and_no_draft_is_saved(
    settings: Settings, fake_llm: FakeOpenAI
) -> None:
    llm = llm_settings_for(fake_llm, provider_options={"max_retries": 0})
    terminal = io.StringIO()

    def attach(core: Core) -> None:
        core.services.chat_ports["console"] = ConsoleChatPort(core.db, terminal)

    committee = CommitteeSettings(_env_file=None)  # type: ignore[call-arg]
    async with running_core(
        settings, llm_settings=llm, clock=FixedClock(MONDAY), skill_settings=[committee], setup=attach
    ) as core:
        office = Office(core, FixedClock(MONDAY), terminal)
        await committee_with_members(office)
        await office.text("tanaka", "/genai committee poll 予算検討委員会 2/15 2/19 --duration 90")
        await office.text("tanaka", "/genai committee confirm 1 1")
        fake_llm.empty_next("blank")
        failed = await office.text("tanaka", "/genai committee minutes 1 議題：予算\n了承")
        assert failed.startswith(f"! {EMPTY_JA}") and "再試行" in failed
        [kept] = await pending(core)
        assert (kept.verb, kept.args) == ("committee", "minutes 1 議題：予算\n了承")
        async with core.db.session() as s:
            assert (await s.exec(select(Meeting))).one().minutes_draft is None
