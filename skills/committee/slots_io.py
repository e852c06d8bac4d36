"""Operator CLI contract for the committee slot finder: JSON in, JSON out (documented with an example in the
README, "The slot finder from the command line").

Input (``-`` reads standard input)::

    {"timezone": "Asia/Tokyo", "window": {"start": ISO8601, "end": ISO8601},
     "duration_minutes": 60, "working_hours": {"start": "09:30", "end": "18:15"},
     "buffer_minutes": 0, "max_candidates": 5,
     "members": [{"id": "tanaka", "required": true, "busy": [{"start": ISO8601, "end": ISO8601}]}]}

Optional extensions: ``granularity_minutes``, ``lunch`` ({"start", "end"}) and, per member,
``working_hours`` and ``timezone``. Date-times without an offset are in the request time zone;
full-width digits (``０９:３０``) are accepted. Unknown keys are rejected so that typos surface. A window
longer than ``MAX_WINDOW_DAYS`` (62) days is refused.

The candidates are the ones the chat command offers (``find_spread_slots``): the best ``max_candidates``
that do not overlap, one per day first, in the slot finder's ranking order.

Output (exit 0)::

    {"candidates": [{"start": ISO8601, "end": ISO8601, "free": [ids], "busy": [ids]}]}

plus ``"reasons": [{"code", "message", "args"}]`` when there is no candidate. Invalid input exits
with status 2 and exactly one line ``error: <json.path>: <message>`` on ``err``.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, time, timedelta, tzinfo
from typing import Annotated, Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from genai_bot.text import nfkc
from skills.committee.slots import (
    MAX_WINDOW_DAYS,
    BusyInterval,
    MemberAvailability,
    SlotRequest,
    SlotResult,
    find_spread_slots,
)

__all__ = ["EXIT_INVALID_INPUT", "EXIT_OK", "run_slots_cli"]

EXIT_OK = 0
EXIT_INVALID_INPUT = 2


class InputError(Exception):
    """Invalid input at a JSON path; rendered as ``error: <path>: <message>``."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", "must be a string ({what})", {"what": what})
    return nfkc(value).strip()


def _parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    text = _text(value, "an ISO 8601 date-time")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise PydanticCustomError("iso_datetime", "not an ISO 8601 date-time") from None


def _parse_hhmm(value: Any) -> time:
    if isinstance(value, time):
        return value
    text = _text(value, "HH:MM")
    hours, sep, minutes = text.partition(":")
    if sep and hours.isdigit() and minutes.isdigit() and len(hours) <= 2 and len(minutes) == 2:
        h, m = int(hours), int(minutes)
        if h < 24 and m < 60:
            return time(h, m)
    raise PydanticCustomError("hhmm", "not a time in HH:MM form")


def _parse_zone(value: Any) -> str:
    name = _text(value, "an IANA time zone name such as Asia/Tokyo")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PydanticCustomError("time_zone", "unknown time zone {name}", {"name": repr(name)}) from None
    return name


IsoDateTime = Annotated[datetime, BeforeValidator(_parse_datetime)]
HhMm = Annotated[time, BeforeValidator(_parse_hhmm)]
ZoneName = Annotated[str, BeforeValidator(_parse_zone)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _Span(_Model):
    start: IsoDateTime
    end: IsoDateTime


class _Hours(_Model):
    start: HhMm
    end: HhMm


class _Member(_Model):
    id: Annotated[str, Field(min_length=1)]
    required: bool = True
    busy: list[_Span] = Field(default_factory=list)
    working_hours: _Hours | None = None
    timezone: ZoneName | None = None


class _Input(_Model):
    timezone: ZoneName = "Asia/Tokyo"
    window: _Span
    duration_minutes: Annotated[int, Field(gt=0, le=24 * 60)]
    working_hours: _Hours | None = None
    lunch: _Hours | None = None
    buffer_minutes: Annotated[int, Field(ge=0, le=24 * 60)] = 0
    max_candidates: Annotated[int, Field(ge=1, le=1000)] = 5
    granularity_minutes: Annotated[int, Field(ge=1, le=24 * 60)] = 15
    members: Annotated[list[_Member], Field(min_length=1)]


_TYPE_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "int_type": "must be an integer",
    "bool_type": "must be true or false",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "too_short": "must not be empty",
    "string_too_short": "must not be empty",
    "greater_than": "must be greater than {gt}",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
}


def _json_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "input"


def _from_validation_error(exc: ValidationError) -> InputError:
    first = exc.errors()[0]
    template = _TYPE_MESSAGES.get(first["type"])
    message = template.format(**first.get("ctx", {})) if template else str(first["msg"])
    return InputError(_json_path(first["loc"]), message)


def _hours(hours: _Hours | None, path: str) -> tuple[time, time] | None:
    if hours is None:
        return None
    if hours.end <= hours.start:
        raise InputError(f"{path}.end", f"must be after {path}.start")
    return hours.start, hours.end


def _local(dt: datetime, tz: tzinfo) -> datetime:
    return dt.replace(tzinfo=tz) if dt.tzinfo is None or dt.utcoffset() is None else dt


def _to_request(data: _Input) -> SlotRequest:
    tz = ZoneInfo(data.timezone)
    start, end = _local(data.window.start, tz), _local(data.window.end, tz)
    if end <= start:
        raise InputError("window.end", "must be after window.start")
    if end - start > timedelta(days=MAX_WINDOW_DAYS):
        raise InputError("window.end", f"the window must be at most {MAX_WINDOW_DAYS} days long")
    members: list[MemberAvailability] = []
    seen: set[str] = set()
    for i, m in enumerate(data.members):
        if m.id in seen:
            raise InputError(f"members[{i}].id", f"duplicate member id {m.id!r}")
        seen.add(m.id)
        busy: list[BusyInterval] = []
        for j, span in enumerate(m.busy):
            b_start, b_end = _local(span.start, tz), _local(span.end, tz)
            if b_end < b_start:
                raise InputError(f"members[{i}].busy[{j}].end", f"must not be before members[{i}].busy[{j}].start")
            busy.append(BusyInterval(b_start, b_end))
        hours = _hours(m.working_hours, f"members[{i}].working_hours")
        members.append(
            MemberAvailability(id=m.id, required=m.required, busy=busy, working_hours=hours, timezone=m.timezone)
        )
    working_hours = _hours(data.working_hours, "working_hours")
    lunch = _hours(data.lunch, "lunch")
    extra: dict[str, Any] = {} if working_hours is None else {"working_hours": working_hours}
    try:
        return SlotRequest(
            timezone=data.timezone,
            window_start=start,
            window_end=end,
            duration_minutes=data.duration_minutes,
            buffer_minutes=data.buffer_minutes,
            max_candidates=data.max_candidates,
            granularity_minutes=data.granularity_minutes,
            lunch=lunch,
            members=members,
            **extra,
        )
    except ValueError as exc:  # every rule above should already have caught it
        raise InputError("input", str(exc)) from exc


def parse_request(raw: str) -> SlotRequest:
    """Validate JSON text into a ``SlotRequest``; raises ``InputError`` naming the JSON path."""
    try:
        payload = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError("input", f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from exc
    try:
        data = _Input.model_validate(payload)
    except ValidationError as exc:
        raise _from_validation_error(exc) from exc
    return _to_request(data)


def render_result(result: SlotResult) -> dict[str, Any]:
    """The output JSON object (``reasons`` only when there is no candidate)."""
    body: dict[str, Any] = {
        "candidates": [
            {"start": c.start.isoformat(), "end": c.end.isoformat(), "free": c.free, "busy": c.busy}
            for c in result.candidates
        ]
    }
    if not result.candidates:
        body["reasons"] = [{"code": str(r.code), "message": r.message, "args": r.args} for r in result.reasons]
    return body


def _read(input_path: str) -> str:
    try:
        if input_path == "-":
            buffer = getattr(sys.stdin, "buffer", None)
            return buffer.read().decode("utf-8-sig") if buffer is not None else sys.stdin.read()
        with open(input_path, encoding="utf-8-sig") as fh:
            return fh.read()
    except UnicodeDecodeError as exc:
        raise InputError("input", f"not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise InputError("input", f"cannot read {input_path!r}: {exc.strerror or exc}") from exc


def run_slots_cli(input_path: str, out: TextIO, err: TextIO) -> int:
    """Read a slot request from ``input_path`` (``-``: stdin), write the result JSON to ``out``.

    Returns 0 on success (also when no slot exists) and 2 on invalid input, after writing a
    single ``error: <path>: <message>`` line to ``err``.
    """
    try:
        request = parse_request(_read(input_path))
    except InputError as exc:
        line = " ".join(f"error: {exc.path}: {exc.message}".split())
        err.write(line + "\n")
        return EXIT_INVALID_INPUT
    json.dump(render_result(find_spread_slots(request)), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return EXIT_OK
