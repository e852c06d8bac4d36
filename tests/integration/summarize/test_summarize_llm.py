"""/genai summarize with the LLM stand-in: structured output, language, map-reduce, outages and retries."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import col, select

from genai_bot.db.models import PendingRequest, UsageEvent
from genai_bot.llm import set_channel_classification
from genai_bot.messages import Actions, Room
from handlers.console.render import render_text
from tests.conftest import TestBot, clickable
from tests.integration.summarize.conftest import seed, summary_json
from tests.world.openai_api import FakeOpenAI

MEETING = [
    (50, "tanaka", "来年度予算の資料は12月5日までに総務課へ提出することに決まりました。"),
    (40, "suzuki", "会場の予約は鈴木が担当します。連絡先は suzuki@example.lg.jp です。"),
    (30, "sato", "予算資料の様式は昨年度と同じです。"),
]
ANSWER = summary_json(
    key_points=[{"text": "予算資料の提出期限と様式が確認された", "sources": ["m1", "m3"]}],
    decisions=[{"text": "12月5日までに総務課へ提出する", "sources": ["m1"]}],
    action_items=[{"owner": "鈴木", "task": "会場を予約する", "due": "2026-12-04", "sources": ["m2"]}],
)


def prompt_of(request: dict[str, Any]) -> str:
    return str(request["messages"][0]["content"])


def transcript_of(request: dict[str, Any]) -> str:
    return str(request["messages"][-1]["content"])


async def test_a_short_channel_is_summarised_in_one_call_with_sections(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    await seed(ai_bot.core, MEETING)
    text = await ai_bot.text("/genai summarize")
    assert text.splitlines() == [
        "チャンネルの要約（過去 24 時間・3 件）",
        "要点",
        "• 予算資料の提出期限と様式が確認された（11:10 tanaka、11:30 sato）",
        "決定事項",
        "• 12月5日までに総務課へ提出する（11:10 tanaka）",
        "アクションアイテム",
        "• 鈴木：会場を予約する（期限: 12/4（金））（11:20 suzuki）",
    ]
    [request] = fake_llm.requests
    assert "Japanese" in prompt_of(request) and "2026-12-10" in prompt_of(request)
    assert "[m1] 12/10 11:10 tanaka: 来年度予算の資料" in transcript_of(request)
    assert "suzuki@example.lg.jp" not in fake_llm.wire_text()  # the gateway masked the address
    await ai_bot.core.services.llm.flush_usage()  # type: ignore[union-attr]
    async with ai_bot.core.db.session() as s:
        [usage] = (await s.exec(select(UsageEvent))).all()
    assert (usage.skill, usage.channel, usage.user) == ("summarize", "C-test", "console:T-test:tanaka")


async def test_the_summary_comes_in_the_users_language(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    await ai_bot.as_user("tanaka", lang="en")
    fake_llm.reply_with(lambda body: summary_json(key_points=["Budget papers are due on 5 December"]))
    await seed(ai_bot.core, MEETING)
    text = await ai_bot.text("/genai summarize --post")
    assert "Write every text in English" in prompt_of(fake_llm.requests[0])
    assert text.splitlines()[:3] == [
        "Channel summary (last 24 hours, 3 messages)",
        "Key points",
        "• Budget papers are due on 5 December",
    ]
    assert "Decisions\n• none" in text
    reply = await ai_bot.send("/genai summarize --since 1d --post")
    assert reply.ephemeral is False  # --post shares it with the channel
    assert (await ai_bot.send("/genai summarize --since 1d")).ephemeral is True


async def test_a_long_channel_is_mapped_in_parallel_within_the_limit_then_reduced(
    ai_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    fake_llm.latency = 0.05

    def answer(body: dict[str, Any]) -> str:
        if "merge partial summaries" in prompt_of(body):
            return summary_json(key_points=[{"text": "全体のまとめ", "sources": ["m1", "m400"]}])
        first_ref = transcript_of(body).split("]", 1)[0].lstrip("[")
        return summary_json(key_points=[{"text": f"部分のまとめ {first_ref}", "sources": [first_ref]}])

    fake_llm.reply_with(answer)
    await seed(
        ai_bot.core,
        [
            (
                400 - i,
                f"user{i % 7}",
                f"議題{i}について、予算案の第{i}項を確認しました。修正点は" + "特にありません。" * 3,
            )
            for i in range(400)
        ],
    )
    out = ai_bot.core.services.chat_ports["console"].out  # type: ignore[attr-defined]
    text = await ai_bot.text("/genai summarize")
    maps = [r for r in fake_llm.requests if "merge partial summaries" not in prompt_of(r)]
    merges = [r for r in fake_llm.requests if "merge partial summaries" in prompt_of(r)]
    assert len(maps) >= 3 and len(merges) == 1
    assert fake_llm.concurrent_max == 2  # parallel, but never above the provider's concurrency
    seen = "\n".join(transcript_of(r) for r in maps)
    assert all(f"議題{i}について" in seen for i in range(400))  # every message went into exactly one chunk
    assert sum(transcript_of(r).count("[m") for r in maps) == 400
    assert "部分のまとめ m1" in transcript_of(merges[0])
    assert "• 全体のまとめ（" in text and "400 件" in text
    assert "要約しています…（メッセージ 400 件" in out.getvalue()  # progress was shown first


async def test_an_answer_that_is_not_json_is_shown_as_written(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: "会議では予算資料の提出期限が決まりました。")
    await seed(ai_bot.core, MEETING)
    text = await ai_bot.text("/genai summarize")
    assert "AI の回答を項目に整理できなかったため、そのまま表示します。" in text
    assert text.endswith("会議では予算資料の提出期限が決まりました。")


async def test_an_llm_outage_offers_retry_and_keeps_the_request(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    await seed(ai_bot.core, MEETING)
    ai_bot.chat = clickable(ai_bot.core)  # a platform with buttons
    fake_llm.fail_next(503, times=5)
    reply = await ai_bot.send("/genai summarize --since 2h 共有")
    assert reply.is_error and reply.ephemeral
    assert render_text(reply).startswith("! AI サービスが一時的に利用できません。")
    assert "依頼内容は保存してあります" in render_text(reply)
    [actions] = [b for b in reply.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    assert (button.label, button.action_id) == ("再試行", "genai:summarize")
    reply = await ai_bot.send("/genai summarize --since 2h 共有")  # asked again while still down: kept once
    assert reply.is_error
    async with ai_bot.core.db.session() as s:
        [pending] = (await s.exec(select(PendingRequest))).all()
    assert (pending.verb, pending.args, pending.status, pending.user_id) == (
        "summarize",
        "--since 2h --post",
        "pending",
        "tanaka",
    )
    assert button.value == f"--retry {pending.id}"

    fake_llm.reset()
    fake_llm.reply_with(lambda body: ANSWER)
    assert ai_bot.person is not None
    retried = await ai_bot.core.handle(
        f"summarize {button.value}", ai_bot.person, ai_bot.room, "action", chat=ai_bot.chat
    )  # what the button click runs
    assert not retried.is_error and not retried.ephemeral
    async with ai_bot.core.db.session() as s:
        statuses = (await s.exec(select(PendingRequest.status))).all()
    assert statuses == ["done"]


async def test_a_slow_llm_times_out_with_a_retry_button(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    await seed(ai_bot.core, MEETING)
    ai_bot.chat = clickable(ai_bot.core)  # a platform with buttons
    fake_llm.timeout_next(times=1, seconds=5)
    reply = await ai_bot.send("/genai summarize")
    assert render_text(reply).startswith("! AI サービスが時間内（2 秒）に応答しませんでした。")
    assert any(isinstance(b, Actions) for b in reply.blocks)


async def test_a_thread_retry_keeps_the_thread(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    await seed(ai_bot.core, MEETING)
    await seed(ai_bot.core, [(10, "kato", "出張旅費の精算は月末締めに変更になりました。")], thread_id="T9")
    ai_bot.room = Room(platform="console", channel_id="C-test", thread_id="T9")
    fake_llm.fail_next(500, times=1)
    ai_bot.chat = clickable(ai_bot.core)  # a platform with buttons
    reply = await ai_bot.send("/genai summarize")
    [actions] = [b for b in reply.blocks if isinstance(b, Actions)]
    async with ai_bot.core.db.session() as s:
        [pending] = (await s.exec(select(PendingRequest))).all()
    assert actions.buttons[0].value == f"--retry {pending.id}"
    assert (pending.args, pending.thread_id) == ("--thread T9", "T9")
    ai_bot.room = Room(platform="console", channel_id="C-test")  # a button click arrives without the thread
    fake_llm.reply_with(lambda body: summary_json(key_points=["旅費精算は月末締め"]))
    text = await ai_bot.text("/genai summarize --thread T9")
    assert text.startswith("スレッドの要約（1 件）")
    assert "出張旅費" in transcript_of(fake_llm.requests[-1]) and "来年度予算" not in transcript_of(
        fake_llm.requests[-1]
    )


async def test_a_channel_too_sensitive_for_any_provider_gets_an_extractive_summary(
    ai_bot: TestBot, fake_llm: FakeOpenAI
) -> None:
    await set_channel_classification(ai_bot.core.db, "console", "C-test", 3, team_id="T-test")
    await seed(ai_bot.core, MEETING)
    text = await ai_bot.text("/genai summarize")
    assert "機密区分（レベル 3）の情報は AI に送れないため、抽出要約です" in text
    assert "来年度予算の資料は12月5日までに総務課へ提出することに決まりました。" in text
    assert fake_llm.requests == []  # nothing left the building


async def test_the_map_prompt_asks_for_the_json_shape_and_sources(ai_bot: TestBot, fake_llm: FakeOpenAI) -> None:
    fake_llm.reply_with(lambda body: ANSWER)
    await seed(ai_bot.core, MEETING)
    await ai_bot.text("/genai summarize")
    prompt = prompt_of(fake_llm.requests[0])
    assert json.loads(prompt[prompt.index("{") : prompt.index("}]}") + 3])  # the example shape is valid JSON
    assert '"sources"' in prompt and "never invent owners" in prompt
    async with ai_bot.core.db.session() as s:
        assert (await s.exec(select(PendingRequest).where(col(PendingRequest.status) == "pending"))).all() == []
