"""Graph first, local .ics data for the rest and as the fallback — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from genai_bot.app import Core
from genai_bot.calendar import (
    Attendee,
    CompositeCalendar,
    GraphForbidden,
    LocalCalendar,
    NewEvent,
    build_calendar,
    fallback_message,
    import_ics,
)
from genai_bot.errors import ConfigError
from tests.conftest import make_settings
from tests.integration.calendar.conftest import FAST, GraphFactory
from tests.world.entra_graph import FakeEntraGraph

NOW = datetime(2026, 11, 30, tzinfo=UTC)
T0 = datetime(2026, 12, 1, tzinfo=UTC)
DAY = timedelta(days=1)
PEOPLE = ["taro@example.go.jp", "external@university.example.ac.jp", "member:7", "member:8"]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def ics_at(hours: float) -> bytes:
    start, end = at(hours).strftime("%Y%m%dT%H%M%SZ"), at(hours + 1).strftime("%Y%m%dT%H%M%SZ")
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:u{hours}\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()


@pytest.fixture
async def calendar(core: Core, make_graph: GraphFactory, entra: FakeEntraGraph) -> CompositeCalendar:
    entra.add_busy("taro@example.go.jp", at(1), at(2))
    await import_ics(core.db, "taro@example.go.jp", ics_at(5), now=NOW)  # stale local copy
    await import_ics(core.db, "external@university.example.ac.jp", ics_at(3), now=NOW)
    await import_ics(core.db, "member:7", ics_at(4), now=NOW)
    return CompositeCalendar(make_graph(), LocalCalendar(core.db))


async def test_graph_for_colleagues_local_for_external_members_poll_for_the_rest(
    calendar: CompositeCalendar,
) -> None:
    result = await calendar.busy(PEOPLE, T0, T0 + DAY)
    assert result.busy == {
        "taro@example.go.jp": [(at(1), at(2))],
        "external@university.example.ac.jp": [(at(3), at(4))],
        "member:7": [(at(4), at(5))],
    }
    assert result.sources == {
        "taro@example.go.jp": "graph",
        "external@university.example.ac.jp": "local",
        "member:7": "local",
    }
    assert result.unknown == {"member:8"}
    assert result.warnings == []


@pytest.mark.parametrize(
    ("break_graph", "code"),
    [("forbid", "graph_forbidden"), ("down", "graph_unreachable"), ("unavailable", "graph_unreachable")],
)
async def test_graph_failure_falls_back_to_local_data_and_says_so(
    calendar: CompositeCalendar, entra: FakeEntraGraph, break_graph: str, code: str
) -> None:
    if break_graph == "down":
        await entra.down()
    elif break_graph == "forbid":
        entra.forbid("schedule")
    else:
        entra.unavailable()

    result = await calendar.busy(PEOPLE, T0, T0 + DAY)

    assert result.warnings == [code]
    assert result.busy["taro@example.go.jp"] == [(at(5), at(6))]  # the imported copy
    assert set(result.sources.values()) == {"local"}
    assert result.unknown == {"member:8"}
    assert "Outlook" in fallback_message("ja", result.warnings[0])


async def test_what_graph_said_is_kept_for_the_next_outage(
    core: Core, make_graph: GraphFactory, entra: FakeEntraGraph
) -> None:
    entra.add_busy("hanako@example.go.jp", at(2), at(3))
    calendar = CompositeCalendar(make_graph(), LocalCalendar(core.db))
    assert (await calendar.busy(["hanako@example.go.jp"], T0, T0 + DAY)).sources == {"hanako@example.go.jp": "graph"}

    entra.forbid("schedule")
    result = await calendar.busy(["hanako@example.go.jp"], T0, T0 + DAY)

    assert result.busy == {"hanako@example.go.jp": [(at(2), at(3))]}
    assert result.sources == {"hanako@example.go.jp": "local"} and result.warnings == ["graph_forbidden"]


async def test_graph_cache_can_be_switched_off(core: Core, make_graph: GraphFactory, entra: FakeEntraGraph) -> None:
    entra.add_busy("hanako@example.go.jp", at(2), at(3))
    calendar = CompositeCalendar(make_graph(), LocalCalendar(core.db), cache_graph=False)
    await calendar.busy(["hanako@example.go.jp"], T0, T0 + DAY)
    entra.forbid("schedule")
    assert (await calendar.busy(["hanako@example.go.jp"], T0, T0 + DAY)).unknown == {"hanako@example.go.jp"}


async def test_a_mailbox_graph_does_not_know_is_looked_up_locally(calendar: CompositeCalendar) -> None:
    result = await calendar.busy(["external@university.example.ac.jp"], T0, T0 + DAY)
    assert result.sources == {"external@university.example.ac.jp": "local"} and result.warnings == []


async def test_without_entra_settings_everything_is_local(core: Core) -> None:
    await import_ics(core.db, "taro@example.go.jp", ics_at(5), now=NOW)
    calendar = build_calendar(make_settings(), core.db)
    assert not calendar.uses_graph
    result = await calendar.busy(["taro@example.go.jp", "member:9"], T0, T0 + DAY)
    assert result.sources == {"taro@example.go.jp": "local"} and result.unknown == {"member:9"}
    assert await calendar.create_event(NewEvent("taro@example.go.jp", "s", "b", at(1), at(2))) is None
    await calendar.aclose()


async def test_build_calendar_uses_graph_when_configured(core: Core, entra: FakeEntraGraph) -> None:
    entra.add_busy("taro@example.go.jp", at(1), at(2))
    calendar = build_calendar(make_settings(**entra.settings_env()), core.db, **FAST)
    try:
        assert calendar.uses_graph
        result = await calendar.busy(["taro@example.go.jp"], T0, T0 + DAY)
        assert result.sources == {"taro@example.go.jp": "graph"}
        external = Attendee("外部委員", "ext@example.com", False)
        event_id = await calendar.create_event(NewEvent("taro@example.go.jp", "委員会", "", at(3), at(4), (external,)))
        assert event_id == entra.events[0]["id"]
    finally:
        await calendar.aclose()


async def test_event_creation_failure_reaches_the_caller(calendar: CompositeCalendar, entra: FakeEntraGraph) -> None:
    entra.forbid("events")
    with pytest.raises(GraphForbidden) as caught:
        await calendar.create_event(NewEvent("taro@example.go.jp", "委員会", "", at(3), at(4)))
    assert caught.value.warning_code == "graph_forbidden"


def test_a_missing_ca_bundle_file_fails_at_start_up_naming_the_setting(entra: FakeEntraGraph) -> None:
    env = {**entra.settings_env(), "GENAI_ENTRA_CA_BUNDLE": "no/such/ca.pem"}
    with pytest.raises(ConfigError, match="GENAI_ENTRA_CA_BUNDLE"):
        build_calendar(make_settings(**env), None)  # type: ignore[arg-type]
