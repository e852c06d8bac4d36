"""Forms as Slack modals: Form → views.open payload, and a view_submission's state → field values."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (
    DatePickerElement,
    InputBlock,
    NumberInputElement,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from genai_bot.messages import Form, FormField
from handlers.slack.mrkdwn import to_plain

CALLBACK_ID = "genai_form"
_ACTION = "value"


def _element(f: FormField) -> Any:
    if f.kind == "multiline":
        return PlainTextInputElement(
            action_id=_ACTION, multiline=True, initial_value=f.initial, placeholder=f.placeholder
        )
    if f.kind == "date":
        return DatePickerElement(action_id=_ACTION, initial_date=f.initial, placeholder=f.placeholder)
    if f.kind == "number":
        return NumberInputElement(
            action_id=_ACTION, is_decimal_allowed=False, initial_value=f.initial, placeholder=f.placeholder
        )
    if f.kind == "users":
        initial = [u for u in (f.initial or "").split(",") if u]
        return UserMultiSelectElement(action_id=_ACTION, initial_users=initial or None, placeholder=f.placeholder)
    if f.kind == "select":
        options = [Option(text=to_plain(c.label), value=c.value) for c in f.choices]
        initial_option = next((o for o in options if o.value == f.initial), None)
        return StaticSelectElement(
            action_id=_ACTION, options=options, initial_option=initial_option, placeholder=f.placeholder
        )
    return PlainTextInputElement(action_id=_ACTION, initial_value=f.initial, placeholder=f.placeholder)


def modal_view(form: Form, *, channel_id: str, thread_id: str | None) -> dict[str, Any]:
    """A modal for `form`; the command and where to answer travel in private_metadata."""
    blocks = [
        InputBlock(block_id=f.name, label=f.label, element=_element(f), optional=not f.required) for f in form.fields
    ]
    metadata = json.dumps({"command": form.command, "channel_id": channel_id, "thread_id": thread_id})
    view = View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=form.title[:24],
        submit=form.submit_label[:24],
        close=None,
        blocks=blocks,
        private_metadata=metadata,
    )
    return view.to_dict()


def submitted_values(view: dict[str, Any]) -> dict[str, str]:
    """view.state.values → {field name: string} (user lists comma-separated; unset fields → "")."""
    values: dict[str, str] = {}
    for block_id, actions in (view.get("state") or {}).get("values", {}).items():
        state: dict[str, Any] = actions.get(_ACTION) or next(iter(actions.values()), {})
        if "selected_users" in state:
            values[block_id] = ",".join(state.get("selected_users") or [])
        elif "selected_date" in state:
            values[block_id] = state.get("selected_date") or ""
        elif "selected_option" in state:
            values[block_id] = ((state.get("selected_option") or {}).get("value")) or ""
        else:
            values[block_id] = state.get("value") or ""
    return values


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
