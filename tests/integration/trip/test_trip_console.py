"""A trip request on the console, from the one-line form to the decision: the draft with its estimate, submit,
the approver's DM through the outbox, a refused outsider (audited), the approval, the traveller told."""

from __future__ import annotations

import asyncio
from pathlib import Path

from genai_bot.config import Settings
from tests.integration.trip.conftest import TripOffice, open_office

NEW = "trip new 大阪 12/10-12/11 予算説明会 --fare 29000 --lodging 12000"


async def test_request_estimate_submit_refusal_and_approval(office: TripOffice) -> None:
    created = await office.text("tanaka", NEW)
    assert "#1" in created and "下書き" in created
    assert "交通費（往復）" in created and "29,000" in created  # the estimate: fare, lodging, allowance, total
    assert "合計" in created
    assert "/genai trip submit 1" in created  # the console shows the typed commands instead of buttons

    submitted = await office.text("tanaka", "trip submit 1")
    assert "提出しました" in submitted
    assert await office.deliver() == 2  # the approver and the delegate
    dms = office.posted()
    assert dms.count("出張申請 #1 の承認依頼") == 2 and "[承認]" in dms and "[差戻し]" in dms

    refused = await office.text("kato", "trip approve 1")
    assert "承認者と代理者だけ" in refused
    assert [(e["actor"], e["target"], e["attempted"]) for e in await office.audit("trip.refused")] == [
        ("kato", "trip:1", "approve")
    ]
    assert "承認待ち" in await office.text("tanaka", "trip show 1")  # nothing changed

    approved = await office.text("yamada", "trip approve 1 v1", source="action")
    assert "承認しました" in approved
    await office.deliver()
    assert "出張申請 #1（大阪）が 山田 太郎 さんに承認されました。" in office.posted()
    assert "承認済み" in await office.text("tanaka", "trip show 1")
    actions = [a for a in ("trip.created", "trip.submitted", "trip.approved") if await office.audit(a)]
    assert actions == ["trip.created", "trip.submitted", "trip.approved"]


async def test_a_double_click_counts_once_and_the_second_approver_is_told_who_decided(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    await office.send("tanaka", "trip submit 1")
    assert "承認しました" in await office.text("yamada", "trip approve 1 v1", source="action")
    assert "あなたが判断済み" in await office.text("yamada", "trip approve 1 v1", source="action")
    late = await office.text("suzuki", "trip reject 1 v1", source="action")
    assert "既に 山田 太郎 さんが判断済み" in late and "承認済み" in late
    assert len(await office.audit("trip.approved")) == 1
    assert await office.audit("trip.rejected") == []


async def test_two_approvers_at_once_one_decision_wins(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    await office.send("tanaka", "trip submit 1")
    await office.person("yamada")
    await office.person("suzuki")
    approve, reject = await asyncio.gather(
        office.text("yamada", "trip approve 1 v1", source="action"),
        office.text("suzuki", "trip reject 1 v1 予算不足", source="action"),
    )
    won = [r for r in (approve, reject) if "申請者に通知します" in r]
    lost = [r for r in (approve, reject) if "判断済み" in r]
    assert len(won) == 1 and len(lost) == 1
    decided = len(await office.audit("trip.approved")) + len(await office.audit("trip.rejected"))
    assert decided == 1


async def test_return_needs_a_reason_then_the_traveller_edits_and_resubmits(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    await office.send("tanaka", "trip submit 1")
    asked = await office.text("yamada", "trip return 1")
    assert "差し戻す理由を入力してください" in asked
    assert "差し戻しました" in await office.text("yamada", "trip return 1 宿泊先を再検討してください")
    await office.deliver()
    assert "理由: 宿泊先を再検討してください" in office.posted()
    edited = await office.text("tanaka", "trip edit 1 lodging=11000")
    assert "修正しました" in edited and "11,000" in edited
    assert "提出しました" in await office.text("tanaka", "trip submit 1")
    assert "承認待ち" in await office.text("yamada", "trip list --all")


async def test_editing_an_approved_trip_sends_it_back_to_the_approvers(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    await office.send("tanaka", "trip submit 1")
    await office.send("yamada", "trip approve 1")
    await office.deliver()
    edited = await office.text("tanaka", "trip edit 1 dates=12/10-12/12")
    assert "第2版" in edited and "改めて承認を依頼" in edited
    await office.deliver()
    assert office.posted().count("出張申請 #1 の承認依頼") == 4  # the approver and delegate, once per version
    stale = await office.text("suzuki", "trip approve 1 v1", source="action")
    assert "その後修正されています" in stale
    assert "承認しました" in await office.text("suzuki", "trip approve 1 v2", source="action")


async def test_only_the_traveller_submits_edits_or_cancels(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    for line in ("trip submit 1", "trip edit 1 fare=1", "trip cancel 1"):
        assert "出張者本人だけ" in await office.text("suzuki", line)
    assert "取り消しました" in await office.text("tanaka", "trip cancel 1")
    assert len(await office.audit("trip.cancelled")) == 1


async def test_a_restart_while_pending_loses_nothing(org_settings: Settings) -> None:
    async with open_office(org_settings) as office:
        await office.send("tanaka", NEW)
        await office.send("tanaka", "trip submit 1")  # the DMs are scheduled, not sent yet
    async with open_office(org_settings) as office:
        assert await office.deliver() == 2  # the new instance sends them
        assert "出張申請 #1 の承認依頼" in office.posted()
        assert "承認しました" in await office.text("yamada", "trip approve 1 v1", source="action")


async def test_without_an_organisation_file_submit_explains_what_is_needed(settings: Settings) -> None:
    async with open_office(settings) as office:
        assert "#1" in await office.text("tanaka", NEW)
        reply = await office.send("tanaka", "trip submit 1")
        assert reply.is_error and "GENAI_ORG_FILE" in reply.plain_text
        assert "下書き" in await office.text("tanaka", "trip show 1")


async def test_a_traveller_missing_from_the_organisation_file_is_told_who_fixes_it(
    org_settings: Settings, tmp_path: Path
) -> None:
    async with open_office(org_settings) as office:
        created = await office.text("watanabe", NEW)
        assert "組織ファイル" in created and "管理者" in created  # warned at once; the draft is kept
        reply = await office.send("watanabe", "trip submit 1")
        assert reply.is_error and "組織ファイルの管理者に追加を依頼" in reply.plain_text
        assert str(tmp_path / "org.yaml") in reply.plain_text
        assert "下書き" in await office.text("watanabe", "trip show 1")


async def test_english_errors_name_what_to_fix(office: TripOffice) -> None:
    await office.person("tanaka", lang="en")
    assert "Give the purpose" in await office.text("tanaka", "trip new Osaka 12/10-12/11")
    assert "in the past" in await office.text("tanaka", "trip new Osaka 2026-11-01..2026-11-02 meeting")
    assert "before the departure" in await office.text("tanaka", "trip new Osaka 12/12-12/10 meeting")
    assert "Did you mean" in await office.text("tanaka", "trip new Oosaka 12/10-12/11 meeting")
    created = await office.text("tanaka", "trip new Osaka 12/10-12/11 budget briefing --fare 29000")
    assert "Trip request #1 is saved as a draft" in created and "Total" in created
    await office.person("kato", lang="en")
    assert "Only the approvers and delegates" in await office.text("kato", "trip approve 1")


async def test_a_form_with_a_past_date_is_answered_next_to_the_field(office: TripOffice) -> None:
    values = {"destination": "大阪", "purpose": "会議", "depart": "2026-11-01", "return_on": "2026-11-02"}
    reply = await office.send("tanaka", "trip new", source="action", extra=values)
    assert reply.is_error and "過去の日付" in reply.field_errors.get("depart", "")


async def test_asks_lost_between_submit_and_scheduling_are_made_by_the_hourly_sweep(office: TripOffice) -> None:
    from sqlalchemy import delete

    from genai_bot.db.models import OutboxMessage
    from skills.trip.approvals import reask_pending

    await office.send("tanaka", NEW)
    await office.send("tanaka", "trip submit 1")
    async with office.core.db.session() as s:  # as if the process died before the DMs were scheduled
        await s.exec(delete(OutboxMessage))  # type: ignore[call-overload]
    await reask_pending(office.core.services)
    assert await office.deliver() == 2
    await reask_pending(office.core.services)  # asking again sends nothing twice
    assert await office.deliver() == 0


async def test_after_a_decision_the_other_approvers_request_says_who_decided(office: TripOffice) -> None:
    await office.send("tanaka", NEW)
    await office.send("tanaka", "trip submit 1")
    assert await office.deliver() == 2  # the approver's and the delegate's requests
    assert "対応は不要です" not in office.posted()
    await office.person("suzuki")
    await office.send("yamada", "trip approve 1 v1", source="action")
    await office.deliver()
    posted = office.posted()
    assert "出張申請 #1（田中 美咲・大阪）は 山田 太郎 さんが承認しました。対応は不要です。" in posted  # suzuki's DM
    assert posted.count("対応は不要です") == 1  # only the other approver's, not the decider's own
