"""The trip's section of the personal digest: the approver sees what waits for approval, the traveller their
trip while it is on, and the traveller's division who is away that day."""

from __future__ import annotations

from datetime import datetime

from tests.integration.trip.conftest import JST, TripOffice

NEW = "trip new 大阪 12/10-12/11 予算説明会 --fare 29000 --lodging 12000"


async def test_the_digest_shows_approvals_my_trip_and_who_is_away(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    assert "承認待ち" not in await office.text("yamada", "digest preview")  # a draft waits for nobody
    await office.send("tanaka", "trip submit 1")

    approver = await office.text("yamada", "digest preview")
    assert "出張" in approver and "承認待ち：出張申請 #1（田中 美咲 さん）" in approver
    assert "/genai trip show 1" in approver
    assert "承認待ち：出張申請" not in await office.text("kato", "digest preview")  # another division's approver

    await office.send("yamada", "trip approve 1")
    assert "承認待ち：出張申請" not in await office.text("yamada", "digest preview")  # decided: gone

    office.clock.set(datetime(2026, 12, 10, 8, 0, tzinfo=JST))  # Thursday, the first day of the trip
    assert "出張中 #1（大阪）" in await office.text("tanaka", "digest preview")
    colleague = await office.text("suzuki", "digest preview")
    assert "今日出張中の同じ課の方：1名" in colleague and "田中 美咲" in colleague
    assert "同じ課の方" not in await office.text("kato", "digest preview")  # another division

    await office.person("tanaka", lang="en")
    assert "On the road: trip #1 (大阪)" in await office.text("tanaka", "digest preview")
