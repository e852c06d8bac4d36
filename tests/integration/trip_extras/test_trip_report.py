"""The 出張報告書: drafted from the traveller's notes through the LLM (with the channel's classification), edited,
filed (the trip is completed, audited); an LLM failure keeps the notes."""

from __future__ import annotations

from typing import Any

from genai_bot.messages import Actions
from tests.integration.trip_extras.conftest import TripOffice
from tests.world.openai_api import FakeOpenAI

DRAFT = "1. 出張の概要\n大阪市で予算説明会に出席。\n2. 用務の内容\n質疑3件。"
NOTES = "大阪で予算説明会に出席。質疑3件、資料追加の要望あり"


def _draft(_body: dict[str, Any]) -> str:
    return DRAFT


async def test_the_report_is_drafted_from_the_notes_edited_and_filed(
    llm_office: TripOffice, fake_llm: FakeOpenAI
) -> None:
    office = llm_office
    fake_llm.reply_with(_draft)
    trip = await office.add_trip()
    answer = await office.text("tanaka", f"/genai trip report {trip.id} {NOTES}")
    assert f"出張 #{trip.id} 大阪市 の出張報告書（下書き）" in answer
    assert "質疑3件。" in answer
    assert f"/genai trip report {trip.id} file" in answer  # the console says what to type instead of buttons
    sent = str(fake_llm.requests[-1]["messages"])
    assert NOTES in sent and "予算説明会への出席" in sent and "出張報告書" in sent
    stored = await office.trip(trip.id)  # type: ignore[arg-type]
    assert stored.notes == NOTES and stored.report == DRAFT

    edited = await office.text("tanaka", f"/genai trip report {trip.id} edit 修正した報告書の本文")
    assert "（修正済み）" in edited and "修正した報告書の本文" in edited
    assert "出張者本人だけ" in await office.text("nakamura", f"/genai trip report {trip.id} file")

    filed = await office.text("tanaka", f"/genai trip report {trip.id} file")
    assert f"出張 #{trip.id} 大阪市 の出張報告書を提出しました" in filed
    done = await office.trip(trip.id)  # type: ignore[arg-type]
    assert done.state == "completed" and done.report_filed_at is not None and done.version == trip.version + 1
    assert done.report == "修正した報告書の本文"
    audit = await office.core.services.audit.recent(action="trip.report_filed")
    assert audit and audit[0].target == f"trip:{trip.id}" and audit[0].detail["state"] == "completed"
    assert "提出済み" in await office.text("tanaka", f"/genai trip report {trip.id} file")


async def test_only_the_traveller_and_only_an_approved_trip(llm_office: TripOffice) -> None:
    office = llm_office
    trip = await office.add_trip()
    assert "出張者本人だけ" in await office.text("nakamura", f"/genai trip report {trip.id} {NOTES}")
    draft = await office.add_trip(state="submitted")
    assert "申請中です" in await office.text("tanaka", f"/genai trip report {draft.id} {NOTES}")
    assert "メモがありません" in await office.text("tanaka", f"/genai trip report {trip.id}")
    assert "報告書がまだありません" in await office.text("tanaka", f"/genai trip report {trip.id} file")


async def test_a_failing_llm_keeps_the_notes_and_a_retry_uses_them(
    llm_office: TripOffice, fake_llm: FakeOpenAI
) -> None:
    office = llm_office
    trip = await office.add_trip()
    fake_llm.fail_next(500, times=5)
    answer = await office.text("tanaka", f"/genai trip report {trip.id} {NOTES}")
    assert "報告書の下書きを作成できませんでした" in answer and "メモは保存しました" in answer
    stored = await office.trip(trip.id)  # type: ignore[arg-type]
    assert stored.notes == NOTES and stored.report is None
    fake_llm.reset()
    fake_llm.reply_with(_draft)
    assert "質疑3件。" in await office.text("tanaka", f"/genai trip report {trip.id}")  # the kept notes
    assert NOTES in str(fake_llm.requests[-1]["messages"])


async def test_the_channels_classification_applies(llm_office: TripOffice, fake_llm: FakeOpenAI) -> None:
    office = llm_office
    trip = await office.add_trip()
    await office.text("tanaka", "/genai classify 3")
    answer = await office.text("tanaka", f"/genai trip report {trip.id} {NOTES}")
    assert "機密区分（レベル 3）の情報を扱える AI サービスがありません" in answer
    assert not fake_llm.requests  # refused before anything left the building
    assert (await office.trip(trip.id)).notes == NOTES  # type: ignore[arg-type]


async def test_buttons_and_the_edit_form_where_the_platform_has_them(
    llm_office: TripOffice, fake_llm: FakeOpenAI
) -> None:
    office = llm_office
    fake_llm.reply_with(_draft)
    trip = await office.add_trip()
    port = office.core.services.chat_ports["console"]
    port.supports_buttons = True  # type: ignore[misc]
    reply = await office.send("tanaka", f"/genai trip report {trip.id} {NOTES}")
    actions = [b for b in reply.blocks if isinstance(b, Actions)]
    assert [(b.label, b.value) for b in actions[0].buttons] == [
        ("修正", f"report {trip.id} edit"),
        ("提出", f"report {trip.id} file"),
    ]
    form = (await office.send("tanaka", f"/genai trip report {trip.id} edit")).form
    assert form is not None and form.command == f"trip report {trip.id} edit" and form.fields[0].initial == DRAFT
    await office.send("tanaka", f"/genai {form.command}", extra={"report": "フォームで直した本文"})
    assert (await office.trip(trip.id)).report == "フォームで直した本文"  # type: ignore[arg-type]
