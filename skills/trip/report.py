"""The 出張報告書 (`/genai trip report <id> [notes]`): the traveller's notes (kept on the trip) are drafted into a
report through the room-aware LLM handle, so the channel's classification applies. The draft is stored on the
trip and shown with Edit / File buttons; `report <id> edit <text>` (or the edit form) replaces it and
`report <id> file` files it: the trip is then completed (audited). A failed LLM call keeps the notes, so the
traveller only has to try again.
"""

from __future__ import annotations

import structlog

from genai_bot.commands import CommandContext
from genai_bot.errors import UserFacingError
from genai_bot.llm import system, user
from genai_bot.messages import Actions, Button, Divider, Form, FormField, Reply, Text
from genai_bot.text import fold
from skills.trip.extras_common import format_trip_days, load_trip, require_traveller
from skills.trip.models import Trip

__all__ = ["MAX_NOTES_CHARS", "TASK", "report_command"]

TASK = "draft"
MAX_NOTES_CHARS = 8000
_EDIT = frozenset({"edit", "編集", "修正"})
_FILE = frozenset({"file", "提出", "提出する"})
_REPORTABLE = ("approved",)
log = structlog.get_logger(__name__)

_SYSTEM_JA = (
    "あなたは日本の行政機関の職員の出張報告書（出張復命書）作成を手伝います。与えられた出張の事実と出張者のメモだけを"
    "使い、次の見出しで簡潔な報告書を書いてください: 1. 出張の概要（用務・出張先・期間）2. 用務の内容 3. 成果・所見 "
    "4. 今後の対応。メモにない事実を作らず、不明な点は「（要確認）」と書いてください。"
)
_SYSTEM_EN = (
    "You help a Japanese government official write a business-trip report. Use only the trip's facts and the "
    "traveller's notes below, under these headings: 1. Overview (purpose, destination, dates) 2. What was done "
    "3. Results and observations 4. Follow-up. Do not invent facts; write '(to confirm)' where something is unclear."
)


async def report_command(ctx: CommandContext, args: str) -> Reply:
    """`trip report <id> [notes]` drafts; `trip report <id> edit [text]` edits; `trip report <id> file` files."""
    word, _, rest = args.strip().partition(" ")
    if not word:
        raise UserFacingError("trip.report.usage_hint")
    trip = await load_trip(ctx, word)
    require_traveller(ctx, trip)
    action, _, text = rest.strip().partition(" ")
    if fold(action) in _EDIT:
        return await _edit(ctx, trip, ctx.extra.get("report", text))
    if fold(action) in _FILE and not text.strip():
        return await _file(ctx, trip)
    return await _draft(ctx, trip, rest.strip())


def _require_reportable(ctx: CommandContext, trip: Trip) -> None:
    if trip.state == "completed":
        raise UserFacingError("trip.report.already_filed", trip=trip.id)
    if trip.state not in _REPORTABLE:
        raise UserFacingError("trip.report.not_approved", trip=trip.id, state=ctx.t(f"trip.extras.state.{trip.state}"))


async def _draft(ctx: CommandContext, trip: Trip, notes: str) -> Reply:
    _require_reportable(ctx, trip)
    if notes:
        trip = await _save(ctx, trip, notes=notes[:MAX_NOTES_CHARS])
    if not trip.notes:
        raise UserFacingError("trip.report.no_notes", trip=trip.id)
    if not ctx.llm.configured:
        raise UserFacingError("llm.not_configured", task=TASK)
    prompt = _SYSTEM_EN if ctx.lang == "en" else _SYSTEM_JA
    try:
        answer = await ctx.llm.complete(TASK, [system(prompt), user(_facts(ctx, trip))])
    except UserFacingError as exc:
        if exc.message_key in ("llm.not_configured", "llm.no_provider_for_classification"):
            raise
        log.warning("trip.report_llm_failed", trip=trip.id, key=exc.message_key)
        raise UserFacingError("trip.report.llm_failed", trip=trip.id) from exc
    trip = await _save(ctx, trip, report=answer.text)
    await ctx.services.audit.record(
        actor=ctx.person.user_id, action="trip.report_drafted", target=f"trip:{trip.id}", chars=len(answer.text)
    )
    return _show(ctx, trip, "trip.report.drafted")


def _facts(ctx: CommandContext, trip: Trip) -> str:
    days = format_trip_days(trip, ctx.lang)
    if ctx.lang == "en":
        head = f"Destination: {trip.destination}\nPurpose: {trip.purpose}\nDates: {days}\n"
        return f"{head}Transport: {trip.transport or '-'}\n\nTraveller's notes:\n{trip.notes}"
    head = f"出張先: {trip.destination}\n用務: {trip.purpose}\n期間: {days}\n"
    return f"{head}交通手段: {trip.transport or '－'}\n\n出張者のメモ:\n{trip.notes}"


async def _edit(ctx: CommandContext, trip: Trip, text: str) -> Reply:
    _require_reportable(ctx, trip)
    if not text.strip():
        return _edit_form(ctx, trip)
    trip = await _save(ctx, trip, report=text.strip())
    await ctx.services.audit.record(actor=ctx.person.user_id, action="trip.report_edited", target=f"trip:{trip.id}")
    return _show(ctx, trip, "trip.report.edited")


def _edit_form(ctx: CommandContext, trip: Trip) -> Reply:
    form = Form(
        title=ctx.t("trip.report.form_title"),
        submit_label=ctx.t("trip.report.form_submit"),
        command=f"trip report {trip.id} edit",
        fields=(FormField("report", ctx.t("trip.report.form_field"), kind="multiline", initial=trip.report or ""),),
    )
    return Reply(blocks=[Text(ctx.t("trip.report.edit_typed", trip=trip.id))], form=form)


async def _file(ctx: CommandContext, trip: Trip) -> Reply:
    _require_reportable(ctx, trip)
    if not trip.report:
        raise UserFacingError("trip.report.nothing_to_file", trip=trip.id)
    now = ctx.services.clock.now()
    async with ctx.services.db.session() as s:
        row = await s.get(Trip, trip.id)
        if row is None or row.state != "approved" or row.version != trip.version:
            raise UserFacingError("trip.report.changed", trip=trip.id)
        row.report_filed_at = now
        row.state = "completed"
        row.version += 1
        row.updated_at = now
        s.add(row)
        await ctx.services.audit.record(
            actor=ctx.person.user_id,
            action="trip.report_filed",
            target=f"trip:{trip.id}",
            organisation=row.unit,
            session=s,
            previous_state="approved",
            state="completed",
        )
    return Reply.text(ctx.t("trip.report.filed", trip=trip.id, destination=trip.destination))


async def _save(ctx: CommandContext, trip: Trip, *, notes: str | None = None, report: str | None = None) -> Trip:
    async with ctx.services.db.session() as s:
        row = await s.get(Trip, trip.id)
        if row is None:
            raise UserFacingError("trip.extras.not_found", trip=trip.id)
        if notes is not None:
            row.notes = notes
        if report is not None:
            row.report = report
        row.updated_at = ctx.services.clock.now()
        s.add(row)
    async with ctx.services.db.session() as s:
        fresh = await s.get(Trip, trip.id)
    assert fresh is not None
    return fresh


def _show(ctx: CommandContext, trip: Trip, head_key: str) -> Reply:
    head = ctx.t(head_key, trip=trip.id, destination=trip.destination)
    blocks: list[Text | Divider | Actions] = [Text(head), Divider(), Text(trip.report or "")]
    if ctx.supports_buttons:
        blocks.append(
            Actions(
                (
                    Button(ctx.t("trip.report.button_edit"), "genai:trip", f"report {trip.id} edit"),
                    Button(ctx.t("trip.report.button_file"), "genai:trip", f"report {trip.id} file", style="primary"),
                )
            )
        )
    else:
        blocks.append(Text(ctx.t("trip.report.next_typed", trip=trip.id)))
    return Reply(blocks=list(blocks))
