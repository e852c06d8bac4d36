"""The trip request form (a Slack modal): new, or an existing trip's values to edit; adapters without forms (the
console) show the typed command instead. Submitting runs `/genai trip new` (or `edit <id>`) with the values in
`ctx.extra`, read back here into a TripInput."""

from __future__ import annotations

from datetime import date

from genai_bot.commands import CommandContext
from genai_bot.dates import next_date
from genai_bot.errors import FieldError
from genai_bot.messages import Form, FormField, Reply, Text
from skills.trip.models import Trip
from skills.trip.parse import TripInput, parse_amount

__all__ = ["FORM_FIELDS", "from_form", "reason_form", "trip_form"]

FORM_FIELDS = (
    "destination",
    "purpose",
    "depart",
    "return_on",
    "transport",
    "fare",
    "lodging_per_night",
    "lodging_reason",
    "related",
    "budget_code",
)
_REQUIRED = frozenset({"destination", "purpose", "depart", "return_on"})
_KINDS = {"depart": "date", "return_on": "date", "fare": "number", "lodging_per_night": "number"}


def _initial(trip: Trip | None, name: str) -> str | None:
    if trip is None:
        return None
    value = getattr(trip, name)
    return None if value is None else str(value)


def trip_form(ctx: CommandContext, trip: Trip | None = None) -> Reply:
    """The form, and the typed command for adapters without forms."""
    fields = tuple(
        FormField(
            name,
            ctx.t(f"trip.form.{name}"),
            kind=_KINDS.get(name, "multiline" if name in ("purpose", "lodging_reason") else "text"),  # type: ignore[arg-type]
            required=name in _REQUIRED,
            initial=_initial(trip, name),
            placeholder=ctx.t(f"trip.form.{name}_hint") if name in ("destination", "fare", "budget_code") else None,
        )
        for name in FORM_FIELDS
    )
    editing = trip is not None
    form = Form(
        title=ctx.t("trip.form.edit_title" if editing else "trip.form.title"),
        submit_label=ctx.t("trip.form.edit_submit" if editing else "trip.form.submit"),
        command=f"trip edit {trip.id}" if trip is not None else "trip new",
        fields=fields,
    )
    usage = ctx.t("trip.usage.edit" if editing else "trip.usage.new")
    key = "trip.form.typed" if ctx.chat is not None and ctx.chat.supports_forms else "trip.form.type_it"
    return Reply(blocks=[Text(ctx.t(key, usage=usage))], form=form)


def reason_form(ctx: CommandContext, trip: Trip, action: str) -> Reply:
    """Asks the approver why the request goes back (a reason is required to return it)."""
    form = Form(
        title=ctx.t("trip.form.reason_title", id=trip.id),
        submit_label=ctx.t(f"trip.button.{action}"),
        command=f"trip {action} {trip.id} v{trip.version}",
        fields=(FormField("reason", ctx.t("trip.form.reason"), kind="multiline"),),
    )
    text = ctx.t("trip.error.reason_for_return", id=trip.id)
    return Reply(blocks=[Text(text)], form=form, is_error=not (ctx.chat is not None and ctx.chat.supports_forms))


def from_form(extra: dict[str, str], today: date, *, editing: bool) -> TripInput:
    """The submitted values; an edit clears an optional field left empty."""
    result = TripInput()
    for name in FORM_FIELDS:
        if name not in extra:
            continue
        raw = extra[name].strip()
        if not raw:
            if editing and name not in _REQUIRED:
                result.cleared.add(name)
            continue
        if name in ("depart", "return_on"):
            value = next_date(raw, today)
            if value is None:
                raise FieldError(name, "trip.error.bad_date", value=raw)
            setattr(result, name, value)
        elif name in ("fare", "lodging_per_night"):
            setattr(result, name, parse_amount(raw, name))
        else:
            setattr(result, name, raw)
    return result
