"""Monthly budgets in the room-aware LLM handle: a spent budget refuses the call (in the asker's language, naming
who can raise it) before any request reaches a provider; the organisation's admins hear once at 80%."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from genai_bot.budget.store import month_of
from genai_bot.messages import reply_from_dict
from tests.integration.budget.conftest import Office


async def test_a_user_over_the_organisation_budget_is_refused_with_who_can_raise_it(office: Office) -> None:
    await office.set_budget("org", "mic", tokens=1000)
    await office.spend(organisation="mic", tokens=1000)
    taro = await office.bot("U-taro")

    reply = await taro.send("ask 議事録の要約")

    assert reply.is_error
    assert "総務省" in reply.plain_text and "総務 花子" in reply.plain_text and "1,000" in reply.plain_text
    assert office.llm.requests == []  # nothing reached the provider

    english = await office.bot("U-taro", lang="en")
    text = (await english.send("ask summary")).plain_text
    assert "Ministry of Internal Affairs" in text and "used up" in text and "Ask 総務 花子" in text
    assert office.llm.requests == []


async def test_another_organisation_and_raising_the_budget_let_people_through(office: Office) -> None:
    await office.set_budget("org", "mic", tokens=1000)
    await office.spend(organisation="mic", tokens=1200)
    taro, jiro = await office.bot("U-taro"), await office.bot("U-jiro")

    assert (await jiro.send("ask こんにちは")).plain_text.endswith("こんにちは")  # 財務省 has no budget
    assert (await taro.send("ask こんにちは")).is_error

    await office.set_budget("org", "mic", tokens=100_000)  # raised on the dashboard
    assert not (await taro.send("ask こんにちは")).is_error
    assert len(office.llm.requests) == 2


async def test_a_user_budget_counts_only_that_users_calls(office: Office) -> None:
    taro = await office.bot("U-taro")
    assert taro.person is not None
    await office.set_budget("user", "U-taro", cost=5.0)
    await office.spend(organisation="mic", user="console:T-test:U-hanako", tokens=10, cost=50.0)
    assert not (await taro.send("ask 一つ目")).is_error

    await office.spend(organisation="mic", user=taro.person.key, tokens=10, cost=5.0)
    reply = await taro.send("ask 二つ目")
    assert reply.is_error and "あなたの今月" in reply.plain_text and "総務 花子" in reply.plain_text
    assert len(office.llm.requests) == 1


async def test_a_user_budget_counts_their_calls_from_every_platform_as_the_dashboard_does(office: Office) -> None:
    taro = await office.bot("U-taro")
    await office.set_budget("user", "U-taro", cost=5.0)
    await office.spend(organisation="mic", user="slack:T9:U-taro", tokens=10, cost=5.0)  # the same person in Slack

    reply = await taro.send("ask コンソールから")

    assert reply.is_error and "あなたの今月" in reply.plain_text
    assert office.llm.requests == []


async def test_the_admins_hear_once_when_the_organisation_passes_80_percent(office: Office) -> None:
    await office.set_budget("org", "mic", tokens=100_000)
    await office.spend(organisation="mic", tokens=70_000)
    taro = await office.bot("U-taro")
    assert not (await taro.send("ask まだ大丈夫")).is_error
    assert await office.warnings() == []

    await office.spend(organisation="mic", tokens=15_000)
    hanako = await office.bot("U-hanako")
    both = await asyncio.gather(taro.send("ask 一回目"), hanako.send("ask 同時に"))  # two calls cross together
    assert not any(r.is_error for r in both)
    assert not (await taro.send("ask 二回目")).is_error

    month = month_of(datetime.now(UTC), office.core.settings.timezone).label
    warnings = await office.warnings()
    assert [w.dedup_key for w in warnings] == [f"budget:mic:{month}:80:U-hanako"]
    text = reply_from_dict(warnings[0].payload["reply"]).plain_text
    assert "総務省" in text and "85%" in text and "/admin/budgets" in text
    assert warnings[0].payload["is_direct"] is True
    audited = await office.audit("budget.warning")
    assert len(audited) == 1 and audited[0].organisation == "mic" and audited[0].detail["notified"] == ["U-hanako"]
    assert len(office.llm.requests) == 4  # a warning never stops anyone


async def test_no_budget_means_no_limit(office: Office) -> None:
    await office.spend(organisation="mic", tokens=10_000_000)
    taro = await office.bot("U-taro")
    assert not (await taro.send("ask 予算なし")).is_error
    assert await office.warnings() == []


async def test_the_chat_skill_streaming_a_conversation_is_refused_the_same_way(office: Office) -> None:
    await office.set_budget("user", "U-taro", tokens=50)
    taro = await office.bot("U-taro")
    assert taro.person is not None
    await office.spend(organisation="mic", user=taro.person.key, tokens=50)

    reply = await taro.send("chat 来週の会議の議題を考えて")

    assert reply.is_error and "あなたの今月の生成AI利用予算（50 トークン）" in reply.plain_text
    assert "総務 花子" in reply.plain_text
    assert office.llm.requests == []


async def test_a_draft_is_refused_before_any_work_when_the_budget_is_spent(office: Office) -> None:
    await office.set_budget("org", "mic", cost=1.0)
    await office.spend(organisation="mic", tokens=10, cost=1.0)
    taro = await office.bot("U-taro", lang="en")

    reply = await taro.send("draft notice Dec 1, 9:00-12:00 power inspection of the building, lifts stopped")

    assert reply.is_error and "budget for this month (cost 1.00) is used up" in reply.plain_text
    assert office.llm.requests == []


@pytest.mark.parametrize("line", ["ask one more question, please", "chat one more question, please"])
async def test_the_call_that_crosses_80_percent_warns_at_once(office: Office, line: str) -> None:
    """A plain answer and a streamed conversation alike."""
    await office.set_budget("org", "mic", tokens=100_000)
    await office.spend(organisation="mic", tokens=79_999)
    taro = await office.bot("U-taro", lang="en")

    assert not (await taro.send(line)).is_error  # this call's tokens cross 80%
    assert [bool(r.get("stream")) for r in office.llm.requests] == [line.startswith("chat")]

    warnings = await office.warnings()
    assert len(warnings) == 1 and warnings[0].dedup_key.endswith(":80:U-hanako")
    assert len(await office.audit("budget.warning")) == 1
