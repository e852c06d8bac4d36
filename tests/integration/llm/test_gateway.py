"""The LLM gateway against stand-in OpenAI APIs, through the real openai SDK."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

import pytest

from genai_bot.db.engine import Database
from genai_bot.db.models import UsageEvent
from genai_bot.errors import UserFacingError
from genai_bot.i18n import t
from genai_bot.llm import (
    CallContext,
    LLMGateway,
    channel_classification,
    parse_classification,
    set_channel_classification,
    system,
    user,
)
from tests.world.openai_api import FakeOpenAI, approx_tokens

Factory = Callable[..., LLMGateway]
Usage = Callable[[LLMGateway], Awaitable[list[UsageEvent]]]
CTX = CallContext(user="U-sato", organisation="総務課", channel="C-general", skill="chat")

SECRET_TEXT = (
    "山田さん（マイナンバー 4023-8510-9173、電話 03-1234-5678、携帯 090-8765-4321、"
    "メール yamada@example.go.jp、〒100-0013）の件で、プロジェクトXの資料を要約して"
)
SECRETS = (
    "4023-8510-9173",
    "03-1234-5678",
    "090-8765-4321",
    "yamada@example.go.jp",
    "100-0013",
    "プロジェクトX",
)


async def test_masked_values_never_reach_the_provider_and_come_back_in_the_answer(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = make_gateway([llm.provider("a")], GENAI_MASK_TERMS="プロジェクトX")
    answer = await gateway.complete("chat", [system("丁寧に答えてください"), user(SECRET_TEXT)], ctx=CTX)
    wire = llm.wire_text()
    for secret in SECRETS:
        assert secret not in wire
    for placeholder in ("[MYNUMBER_1_", "[PHONE_1_", "[PHONE_2_", "[EMAIL_1_", "[POSTAL_1_", "[TERM_1_"):
        assert placeholder in wire
    assert answer.text == f"[model-a] {SECRET_TEXT}"


async def test_streamed_answer_is_unmasked_even_when_placeholders_straddle_chunks(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage
) -> None:
    llm.chunk_size = 3
    gateway = make_gateway([llm.provider("a")], GENAI_MASK_TERMS="プロジェクトX")
    pieces = [piece async for piece in gateway.stream("chat", [user(SECRET_TEXT)], ctx=CTX)]
    assert len(pieces) > 10
    assert "".join(pieces) == f"[model-a] {SECRET_TEXT}"
    assert not any("[PHONE" in p or "[EMAIL" in p for p in pieces)
    assert all(secret not in llm.wire_text() for secret in SECRETS)
    assert llm.requests[-1]["stream_options"] == {"include_usage": True}
    [row] = await usage(gateway)
    assert row.success and row.provider == "a" and row.skill == "chat"
    assert row.prompt_tokens > 0
    assert row.completion_tokens == approx_tokens(f"[model-a] {llm.requests[-1]['messages'][-1]['content']}")


async def test_each_task_follows_its_route(make_gateway: Factory, llm: FakeOpenAI) -> None:
    gateway = make_gateway(
        [llm.provider("fast"), llm.provider("careful")],
        GENAI_LLM_ROUTES={"chat": ["fast"], "proofread": ["careful", "fast"]},
    )
    chat = await gateway.complete("chat", [user("こんにちは")], ctx=CTX)
    proof = await gateway.complete("proofread", [user("てにをは")], ctx=CTX)
    other = await gateway.complete("summarize", [user("要約")], ctx=CTX)
    assert (chat.provider, chat.text) == ("fast", "[model-fast] こんにちは")
    assert (proof.provider, proof.text) == ("careful", "[model-careful] てにをは")
    assert other.provider == "fast"  # no route configured: providers in declared order
    assert gateway.providers_for("proofread") == ["careful", "fast"]


async def test_500s_are_retried_then_the_next_provider_answers(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI, usage: Usage
) -> None:
    llm.fail_next(500, times=3)
    gateway = make_gateway([llm.provider("primary", max_retries=2), llm2.provider("backup")])
    answer = await gateway.complete("chat", [user("予定を教えて")], ctx=CTX)
    assert answer.provider == "backup" and answer.text == "[model-backup] 予定を教えて"
    assert len(llm.requests) == 3  # first try + 2 retries
    rows = await usage(gateway)
    assert [(r.provider, r.success, r.error) for r in rows] == [
        ("primary", False, "http_500"),
        ("primary", False, "http_500"),
        ("primary", False, "http_500"),
        ("backup", True, None),
    ]


async def test_a_retry_can_recover_on_the_same_provider(make_gateway: Factory, llm: FakeOpenAI) -> None:
    llm.fail_next(503, times=1)
    gateway = make_gateway([llm.provider("only", max_retries=1)])
    answer = await gateway.complete("chat", [user("hi")], ctx=CTX)
    assert answer.provider == "only" and len(llm.requests) == 2


async def test_a_timeout_falls_back_to_the_second_provider(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI, usage: Usage
) -> None:
    llm.timeout_next(times=1)
    gateway = make_gateway([llm.provider("slow", timeout_seconds=0.3, max_retries=0), llm2.provider("backup")])
    started = time.monotonic()
    answer = await gateway.complete("chat", [user("急ぎ")], ctx=CTX)
    assert answer.provider == "backup"
    assert time.monotonic() - started < 3
    rows = await usage(gateway)
    assert (rows[0].provider, rows[0].success, rows[0].error) == ("slow", False, "timeout")
    assert 250 <= rows[0].latency_ms < 3000


async def test_when_every_attempt_times_out_the_user_is_told_so(make_gateway: Factory, llm: FakeOpenAI) -> None:
    llm.timeout_next(times=2)
    gateway = make_gateway([llm.provider("slow", timeout_seconds=0.2, max_retries=1)])
    with pytest.raises(UserFacingError) as caught:
        await gateway.complete("chat", [user("hi")], ctx=CTX)
    assert caught.value.message_key == "llm.timeout"
    assert "0.2 秒" in t("ja", caught.value.message_key, **caught.value.args_)


async def test_429_waits_as_long_as_retry_after_says(make_gateway: Factory, llm: FakeOpenAI, usage: Usage) -> None:
    llm.fail_next(429, times=1, retry_after=1)
    gateway = make_gateway([llm.provider("a", max_retries=1)])
    started = time.monotonic()
    answer = await gateway.complete("chat", [user("hi")], ctx=CTX)
    waited = time.monotonic() - started
    assert answer.provider == "a"
    assert 1.0 <= waited < 4
    assert [(r.success, r.error) for r in await usage(gateway)] == [(False, "rate_limited"), (True, None)]


async def test_a_retry_after_beyond_the_cap_moves_to_the_next_provider_at_once(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI
) -> None:
    llm.fail_next(429, times=1, retry_after=3600)
    gateway = make_gateway([llm.provider("busy", max_retries=2), llm2.provider("backup")])
    started = time.monotonic()
    answer = await gateway.complete("chat", [user("hi")], ctx=CTX)
    assert answer.provider == "backup" and time.monotonic() - started < 2
    assert len(llm.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404])
async def test_a_client_error_skips_retries_and_moves_on(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI, usage: Usage, status: int
) -> None:
    llm.fail_next(status, times=5)
    gateway = make_gateway([llm.provider("broken", max_retries=3), llm2.provider("backup")])
    answer = await gateway.complete("chat", [user("hi")], ctx=CTX)
    assert answer.provider == "backup"
    assert len(llm.requests) == 1
    assert (await usage(gateway))[0].error == f"http_{status}"


async def test_when_every_provider_fails_the_user_gets_a_retry_hint(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI, usage: Usage
) -> None:
    llm.fail_next(500, times=2)
    llm2.fail_next(503, times=2)
    gateway = make_gateway([llm.provider("a", max_retries=1), llm2.provider("b", max_retries=1)])
    with pytest.raises(UserFacingError) as caught:
        await gateway.complete("chat", [user("hi")], ctx=CTX)
    assert caught.value.message_key == "llm.unavailable"
    assert "再試行" in t("ja", "llm.unavailable", **caught.value.args_)
    assert "Retry" in t("en", "llm.unavailable", **caught.value.args_)
    assert [r.error for r in await usage(gateway)] == ["http_500", "http_500", "http_503", "http_503"]


async def test_classification_skips_providers_not_cleared_for_it(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI
) -> None:
    gateway = make_gateway([llm.provider("cloud", max_classification=1), llm2.provider("onprem", max_classification=3)])
    public = await gateway.complete("chat", [user("天気")], ctx=CTX, classification=0)
    secret = await gateway.complete("chat", [user("人事案")], ctx=CTX, classification=2)
    assert public.provider == "cloud"
    assert secret.provider == "onprem"
    assert "人事案" not in llm.wire_text()  # the cloud provider never saw the level-2 request


async def test_default_classification_applies_when_the_channel_has_none(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI
) -> None:
    gateway = make_gateway(
        [llm.provider("cloud", max_classification=1), llm2.provider("onprem", max_classification=3)],
        GENAI_DEFAULT_CLASSIFICATION="2",
    )
    assert (await gateway.complete("chat", [user("x")], ctx=CTX)).provider == "onprem"


async def test_no_provider_for_the_level_gives_a_clear_error_and_sends_nothing(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = make_gateway([llm.provider("cloud", max_classification=1)])
    with pytest.raises(UserFacingError) as caught:
        await gateway.complete("chat", [user("極秘の人事案")], ctx=CTX, classification=3)
    err = caught.value
    assert err.message_key == "llm.no_provider_for_classification"
    assert (err.args_["level"], err.args_["max_allowed"]) == (3, 1)
    message = t("ja", err.message_key, **err.args_)
    assert "レベル 3" in message and "max_classification" in message
    assert "cloud (≤1)" in message and "cloud (≤1)" in t("en", err.message_key, **err.args_)  # who could take what
    assert llm.requests == []


async def test_channel_classification_is_stored_per_channel(db: Database) -> None:
    assert await channel_classification(db, "slack", "C1") is None
    await set_channel_classification(db, "slack", "C1", 2, team_id="T1")
    await set_channel_classification(db, "slack", "C1", 3, team_id="T1")
    await set_channel_classification(db, "slack", "C2", 0, team_id="T1")
    assert await channel_classification(db, "slack", "C1") == 3
    assert await channel_classification(db, "slack", "C2") == 0
    await set_channel_classification(db, "slack", "C2", 1, team_id="T2")  # another workspace of a shared channel
    assert await channel_classification(db, "slack", "C2") == 1  # one level per channel, whoever set it
    assert await channel_classification(db, "console", "C1") is None  # another platform's channel
    with pytest.raises(UserFacingError) as caught:
        await set_channel_classification(db, "slack", "C1", 4, team_id="T1")
    assert caught.value.message_key == "llm.invalid_classification"
    assert [parse_classification(v) for v in ("0", " 2 ", "secret", "Confidential", 1)] == [0, 2, 3, 2, 1]
    with pytest.raises(UserFacingError):
        parse_classification("極秘かも")


async def test_concurrency_per_provider_is_limited(make_gateway: Factory, llm: FakeOpenAI) -> None:
    llm.latency = 0.15
    gateway = make_gateway([llm.provider("a", concurrency=2)])
    answers = await asyncio.gather(*(gateway.complete("chat", [user(f"q{i}")], ctx=CTX) for i in range(6)))
    assert sorted(a.text for a in answers) == sorted(f"[model-a] q{i}" for i in range(6))
    assert llm.concurrent_max == 2


async def test_usage_rows_carry_who_tokens_cost_and_no_text(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage
) -> None:
    gateway = make_gateway(
        [llm.provider("a", model="gpt-x")], GENAI_LLM_PRICES={"gpt-x": {"prompt": 1.0, "completion": 4.0}}
    )
    answer = await gateway.complete(
        "summarize", [user("議事録を要約して 03-1234-5678")], ctx=CallContext("U1", "財務課", "C9", "minutes")
    )
    [row] = await usage(gateway)
    assert (row.user, row.organisation, row.channel, row.skill) == ("U1", "財務課", "C9", "minutes")
    assert (row.provider, row.model, row.success, row.error) == ("a", "gpt-x", True, None)
    assert (row.prompt_tokens, row.completion_tokens) == (answer.prompt_tokens, answer.completion_tokens)
    assert row.prompt_tokens > 0 and row.completion_tokens > 0
    assert row.cost == pytest.approx((row.prompt_tokens * 1.0 + row.completion_tokens * 4.0) / 1000)
    assert row.latency_ms >= 0
    values = " ".join(str(v) for v in row.model_dump().values())
    assert "議事録" not in values and "03-1234-5678" not in values


async def test_without_a_database_calls_still_work(make_gateway: Factory, llm: FakeOpenAI, usage: Usage) -> None:
    gateway = make_gateway([llm.provider("a")], with_db=False)
    assert (await gateway.complete("chat", [user("x")], ctx=CTX)).text == "[model-a] x"
    assert await usage(gateway) == []


async def test_stream_falls_back_before_the_first_delta(
    make_gateway: Factory, llm: FakeOpenAI, llm2: FakeOpenAI, usage: Usage
) -> None:
    llm.fail_next(503, times=1)
    gateway = make_gateway([llm.provider("a", max_retries=0), llm2.provider("b")])
    text = "".join([piece async for piece in gateway.stream("draft", [user("下書き")], ctx=CTX)])
    assert text == "[model-b] 下書き"
    assert [(r.provider, r.error) for r in await usage(gateway)] == [("a", "http_503"), ("b", None)]


async def test_a_stream_closed_early_frees_its_slot_and_is_recorded(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage
) -> None:
    llm.chunk_size = 1
    gateway = make_gateway([llm.provider("a", concurrency=1)])
    async with contextlib.aclosing(gateway.stream("chat", [user("長い回答をお願いします")], ctx=CTX)) as stream:
        async for _piece in stream:
            break
    answer = await asyncio.wait_for(gateway.complete("chat", [user("next")], ctx=CTX), timeout=3)
    assert answer.text == "[model-a] next"
    assert [(r.success, r.error) for r in await usage(gateway)] == [(False, "cancelled"), (True, None)]


async def test_azure_provider_uses_the_deployment_path_and_api_key_header(
    make_gateway: Factory, llm: FakeOpenAI
) -> None:
    gateway = make_gateway([llm.provider("azure", model="gpt-4o-jp", kind="azure", api_version="2024-10-21")])
    answer = await gateway.complete("translate", [user("翻訳して")], ctx=CTX)
    assert answer.text == "[gpt-4o-jp] 翻訳して"
    assert llm.paths[-1] == "/openai/deployments/gpt-4o-jp/chat/completions?api-version=2024-10-21"
    assert llm.headers[-1]["api-key"] == "key-azure"


async def test_not_configured_gateway_says_which_setting_to_add(db: Database) -> None:
    from genai_bot.llm import LLMSettings

    settings = LLMSettings(_env_file=None)
    gateway = LLMGateway(settings, db)
    assert not gateway.configured
    with pytest.raises(UserFacingError) as caught:
        await gateway.complete("chat", [user("x")], ctx=CTX)
    assert caught.value.message_key == "llm.not_configured"
    assert "OPENAI_API_KEY" in t("ja", "llm.not_configured")
    await gateway.aclose()


async def test_a_stream_that_stalls_after_opening_tells_the_user_and_records_the_failure(
    make_gateway: Factory, llm: FakeOpenAI, usage: Usage
) -> None:
    llm.chunk_size = 2
    llm.chunk_delay = 0.5  # the provider stalls between chunks, longer than the read timeout
    gateway = make_gateway([llm.provider("a", timeout_seconds=0.2), llm.provider("b")])
    received: list[str] = []
    with pytest.raises(UserFacingError) as caught:
        async for piece in gateway.stream("chat", [user("途中で切れる")], ctx=CTX):
            received.append(piece)
    assert caught.value.message_key == "llm.interrupted"
    assert received == []  # the stall came before any text; already-shown text is never retracted
    rows = await usage(gateway)
    assert [(r.provider, r.success, r.error) for r in rows] == [("a", False, "timeout")]
