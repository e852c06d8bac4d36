"""GraphCalendar against the Entra ID + Graph stand-in, through the real msal and aiohttp over TLS."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from genai_bot.calendar import (
    Attendee,
    GraphAuthFailed,
    GraphCalendar,
    GraphForbidden,
    GraphRejected,
    GraphThrottled,
    GraphUnavailable,
    NewEvent,
)
from tests.conftest import make_settings
from tests.integration.calendar.conftest import GraphFactory
from tests.world.entra_graph import FakeEntraGraph

T0 = datetime(2026, 12, 1, tzinfo=UTC)  # 09:00 JST
DAY = timedelta(days=1)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


async def test_busy_periods_come_from_graph_over_tls(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_busy("taro@example.go.jp", at(1), at(2), subject="局議")
    entra.add_busy("taro@example.go.jp", at(3), at(4), status="tentative")
    entra.add_busy("taro@example.go.jp", at(5), at(6), status="free")
    entra.add_busy("hanako@example.go.jp", at(0), at(9), status="oof")
    entra.add_user("jiro@example.go.jp")

    result = await graph.busy(["taro@example.go.jp", "hanako@example.go.jp", "jiro@example.go.jp"], T0, T0 + DAY)

    assert result.busy == {
        "taro@example.go.jp": [(at(1), at(2)), (at(3), at(4))],
        "hanako@example.go.jp": [(at(0), at(9))],
        "jiro@example.go.jp": [],
    }
    assert set(result.sources.values()) == {"graph"} and result.unknown == set() and result.warnings == []
    assert [c.kind for c in entra.calls] == ["discovery", "token", "schedule"]


async def test_people_are_matched_by_email_whatever_the_case_or_width(
    entra: FakeEntraGraph, graph: GraphCalendar
) -> None:
    entra.add_busy("Taro.Yamada@example.go.jp", at(1), at(2))
    result = await graph.busy(["ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｇｏ．ｊｐ"], T0, T0 + DAY)
    assert result.busy == {"ｔａｒｏ．ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｇｏ．ｊｐ": [(at(1), at(2))]}


async def test_busy_items_are_clipped_to_the_window(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_busy("taro@example.go.jp", at(-5), at(2))
    result = await graph.busy(["taro@example.go.jp"], T0, at(8))
    assert result.busy["taro@example.go.jp"] == [(T0, at(2))]


async def test_mailbox_unknown_to_graph_is_unknown_not_free(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("taro@example.go.jp")
    entra.add_user("noshared@example.go.jp", mailbox=False)
    result = await graph.busy(
        ["taro@example.go.jp", "nobody@example.go.jp", "noshared@example.go.jp", "member:7"], T0, T0 + DAY
    )
    assert result.busy == {"taro@example.go.jp": []}
    assert result.unknown == {"nobody@example.go.jp", "noshared@example.go.jp", "member:7"}


async def test_45_people_are_asked_in_3_batches_of_at_most_20(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    people = [f"member{i:02d}@example.go.jp" for i in range(45)]
    for i, email in enumerate(people):
        entra.add_busy(email, at(i % 8), at(i % 8 + 1))

    result = await graph.busy(people, T0, T0 + DAY)

    requests = entra.calls_to("schedule")
    assert len(requests) == 3
    assert sorted(len(r.body["schedules"]) for r in requests) == [5, 20, 20]
    assert sorted(e for r in requests for e in r.body["schedules"]) == people
    assert all(result.busy[email] == [(at(i % 8), at(i % 8 + 1))] for i, email in enumerate(people))


async def test_a_70_day_range_is_split_into_windows_under_62_days(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_busy("taro@example.go.jp", T0 + 5 * DAY, T0 + 5 * DAY + timedelta(hours=1))
    entra.add_busy("taro@example.go.jp", T0 + 65 * DAY, T0 + 65 * DAY + timedelta(hours=1))
    straddling = (T0 + 61 * DAY - timedelta(hours=1), T0 + 61 * DAY + timedelta(hours=1))
    entra.add_busy("taro@example.go.jp", *straddling)

    result = await graph.busy(["taro@example.go.jp"], T0, T0 + 70 * DAY)

    requests = entra.calls_to("schedule")
    assert len(requests) == 2
    ranges = sorted((r.body["startTime"]["dateTime"], r.body["endTime"]["dateTime"]) for r in requests)
    assert ranges[0][0] == "2026-12-01T00:00:00" and ranges[-1][1] == "2027-02-09T00:00:00"
    assert ranges[0][1] == ranges[1][0]
    assert result.busy["taro@example.go.jp"] == [
        (T0 + 5 * DAY, T0 + 5 * DAY + timedelta(hours=1)),
        straddling,
        (T0 + 65 * DAY, T0 + 65 * DAY + timedelta(hours=1)),
    ]


async def test_never_more_than_4_requests_in_flight_per_mailbox(
    make_graph: GraphFactory, entra: FakeEntraGraph
) -> None:
    entra.latency = 0.05
    entra.add_user("chair@example.go.jp")
    people = [f"m{i:03d}@example.go.jp" for i in range(200)]
    for email in people:
        entra.add_user(email)

    result = await make_graph().busy(people, T0, T0 + DAY, organiser="chair@example.go.jp")

    assert len(entra.calls_to("schedule")) == 10
    assert {c.mailbox for c in entra.calls_to("schedule")} == {"chair@example.go.jp"}
    assert 1 < entra.schedule_concurrency_max["chair@example.go.jp"] <= 4
    assert len(result.busy) == 200


async def test_429_waits_for_retry_after_then_succeeds(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_busy("taro@example.go.jp", at(1), at(2))
    await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)  # token and discovery out of the way
    entra.fail_next("schedule", 429, retry_after=1)

    started = time.monotonic()
    result = await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    waited = time.monotonic() - started

    assert result.busy["taro@example.go.jp"] == [(at(1), at(2))]
    assert len(entra.calls_to("schedule")) == 3
    assert waited >= 1.0


async def test_retry_after_is_capped(make_graph: GraphFactory, entra: FakeEntraGraph) -> None:
    entra.add_user("taro@example.go.jp")
    entra.fail_next("schedule", 429, retry_after=3600)
    result = await make_graph(retry_after_cap_seconds=0.05).busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert result.busy == {"taro@example.go.jp": []}


async def test_endless_429_gives_up_as_throttled(make_graph: GraphFactory, entra: FakeEntraGraph) -> None:
    entra.add_user("taro@example.go.jp")
    entra.fail_next("schedule", 429, times=10, retry_after=0)
    with pytest.raises(GraphThrottled):
        await make_graph(max_attempts=3).busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert len(entra.calls_to("schedule")) == 3


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_server_errors_are_retried(entra: FakeEntraGraph, graph: GraphCalendar, status: int) -> None:
    entra.add_busy("taro@example.go.jp", at(1), at(2))
    entra.fail_next("schedule", status, times=2)
    result = await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert result.busy["taro@example.go.jp"] == [(at(1), at(2))]
    assert len(entra.calls_to("schedule")) == 3


async def test_persistent_server_errors_raise_unavailable(make_graph: GraphFactory, entra: FakeEntraGraph) -> None:
    entra.add_user("taro@example.go.jp")
    entra.unavailable()
    with pytest.raises(GraphUnavailable) as caught:
        await make_graph(max_attempts=2).busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert caught.value.warning_code == "graph_unreachable"


async def test_403_raises_forbidden_without_retrying(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("taro@example.go.jp")
    entra.forbid("schedule")
    with pytest.raises(GraphForbidden) as caught:
        await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert caught.value.warning_code == "graph_forbidden"
    assert len(entra.calls_to("schedule")) == 1


async def test_token_is_cached_across_calls(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("taro@example.go.jp")
    for _ in range(3):
        await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    await asyncio.gather(*(graph.busy(["taro@example.go.jp"], T0, T0 + 70 * DAY) for _ in range(4)))
    assert entra.token_requests == 1
    assert len(entra.calls_to("discovery")) == 1


async def test_a_rejected_token_is_renewed_once(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("taro@example.go.jp")
    await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    entra.expire_tokens()
    result = await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert result.busy == {"taro@example.go.jp": []}
    assert entra.token_requests == 2


async def test_a_wrong_client_secret_is_an_auth_failure(entra: FakeEntraGraph, make_graph: GraphFactory) -> None:
    settings = make_settings(**{**entra.settings_env(), "GENAI_ENTRA_CLIENT_SECRET": "wrong"})
    with pytest.raises(GraphAuthFailed) as caught:
        await make_graph(settings).busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert caught.value.warning_code == "graph_auth_failed"
    assert entra.calls_to("schedule") == []


async def test_an_unknown_tenant_is_an_auth_failure(entra: FakeEntraGraph, make_graph: GraphFactory) -> None:
    env = entra.settings_env()
    settings = make_settings(**{**env, "GENAI_ENTRA_AUTHORITY_URL": f"{entra.base_url}/other-tenant"})
    with pytest.raises(GraphAuthFailed):
        await make_graph(settings).busy(["taro@example.go.jp"], T0, T0 + DAY)


async def test_without_the_ca_bundle_the_private_authority_is_not_trusted(
    entra: FakeEntraGraph, make_graph: GraphFactory
) -> None:
    env = {k: v for k, v in entra.settings_env().items() if k != "GENAI_ENTRA_CA_BUNDLE"}
    with pytest.raises(GraphUnavailable):
        await make_graph(make_settings(**env), max_attempts=1).busy(["taro@example.go.jp"], T0, T0 + DAY)
    assert entra.token_requests == 0


async def test_unreachable_graph_raises_unavailable(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("taro@example.go.jp")
    await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    await entra.down()
    with pytest.raises(GraphUnavailable):
        await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)
    await entra.up()
    assert (await graph.busy(["taro@example.go.jp"], T0, T0 + DAY)).busy == {"taro@example.go.jp": []}


async def test_a_batch_whose_first_person_has_no_mailbox_is_asked_through_the_next(
    entra: FakeEntraGraph, graph: GraphCalendar
) -> None:
    entra.add_busy("hanako@example.go.jp", at(1), at(2))
    result = await graph.busy(["retired@example.go.jp", "hanako@example.go.jp"], T0, T0 + DAY)
    assert result.busy == {"hanako@example.go.jp": [(at(1), at(2))]}
    assert result.unknown == {"retired@example.go.jp"}
    assert [c.mailbox for c in entra.calls_to("schedule")] == ["retired@example.go.jp", "hanako@example.go.jp"]


async def test_event_is_created_in_the_organisers_calendar(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("chair@example.go.jp", "委員長")
    attendees = (Attendee("佐藤", "sato@example.go.jp"), Attendee("External", "ext@gmail.example.com", False))

    event_id = await graph.create_event(
        NewEvent(
            "chair@example.go.jp",
            "第3回 委員会",
            "議題は別途",
            at(5),
            at(7),
            attendees,
            "第1会議室",
            transaction_id="meeting-3",
        )
    )

    assert event_id.startswith("AAMkAD-")
    (event,) = entra.events
    assert event["organiser"] == "chair@example.go.jp"
    assert event["subject"] == "第3回 委員会"
    assert event["start"] == {"dateTime": "2026-12-01T05:00:00", "timeZone": "UTC"}
    assert event["location"] == {"displayName": "第1会議室"}
    assert event["attendees"] == [
        {"emailAddress": {"address": "sato@example.go.jp", "name": "佐藤"}, "type": "required"},
        {"emailAddress": {"address": "ext@gmail.example.com", "name": "External"}, "type": "optional"},
    ]


async def test_retried_event_creation_does_not_duplicate(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("chair@example.go.jp")
    first = await graph.create_event(NewEvent("chair@example.go.jp", "s", "b", at(5), at(6), transaction_id="t-1"))
    again = await graph.create_event(NewEvent("chair@example.go.jp", "s", "b", at(5), at(6), transaction_id="t-1"))
    assert first == again and len(entra.events) == 1


async def test_event_creation_failures_are_typed(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    with pytest.raises(GraphRejected):
        await graph.create_event(NewEvent("nobody@example.go.jp", "s", "b", at(5), at(6)))
    entra.add_user("chair@example.go.jp")
    entra.forbid("events")
    with pytest.raises(GraphForbidden):
        await graph.create_event(NewEvent("chair@example.go.jp", "s", "b", at(5), at(6)))
    assert entra.events == []


async def test_find_user_by_email(entra: FakeEntraGraph, graph: GraphCalendar) -> None:
    entra.add_user("Taro@example.go.jp", "山田 太郎")
    user = await graph.find_user("taro@example.go.jp")
    assert user is not None and user.display_name == "山田 太郎" and user.mail == "Taro@example.go.jp"
    assert await graph.find_user("nobody@example.go.jp") is None


def test_graph_is_not_built_without_tenant_client_and_secret(entra: FakeEntraGraph) -> None:
    env = entra.settings_env()
    for missing in ("GENAI_ENTRA_TENANT_ID", "GENAI_ENTRA_CLIENT_ID", "GENAI_ENTRA_CLIENT_SECRET"):
        settings = make_settings(**{k: v for k, v in env.items() if k != missing})
        assert GraphCalendar.from_settings(settings) is None
