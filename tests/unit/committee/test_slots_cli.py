from __future__ import annotations

import copy
import io
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest

from skills.committee.slots_io import run_slots_cli

VALID: dict[str, Any] = {
    "timezone": "Asia/Tokyo",
    "window": {"start": "2026-12-01T09:00:00+09:00", "end": "2026-12-02T00:00:00+09:00"},
    "duration_minutes": 60,
    "working_hours": {"start": "09:30", "end": "18:15"},
    "buffer_minutes": 0,
    "max_candidates": 2,
    "members": [
        {
            "id": "tanaka",
            "required": True,
            "busy": [{"start": "2026-12-01T09:30:00+09:00", "end": "2026-12-01T10:00:00+09:00"}],
        },
        {"id": "suzuki", "required": False, "busy": [{"start": "2026-12-01T01:00:00Z", "end": "2026-12-01T02:00:00Z"}]},
    ],
}


def run_text(tmp_path: Path, text: str, encoding: str = "utf-8") -> tuple[int, str, str]:
    path = tmp_path / "request.json"
    path.write_text(text, encoding=encoding)
    out, err = io.StringIO(), io.StringIO()
    code = run_slots_cli(str(path), out, err)
    return code, out.getvalue(), err.getvalue()


def run_json(tmp_path: Path, payload: Any) -> tuple[int, str, str]:
    return run_text(tmp_path, json.dumps(payload, ensure_ascii=False))


def test_happy_path_output_shape(tmp_path: Path) -> None:
    code, out, err = run_json(tmp_path, VALID)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "candidates": [
            {
                "start": "2026-12-01T11:00:00+09:00",
                "end": "2026-12-01T12:00:00+09:00",
                "free": ["tanaka", "suzuki"],
                "busy": [],
            },
            {
                "start": "2026-12-01T12:00:00+09:00",
                "end": "2026-12-01T13:00:00+09:00",
                "free": ["tanaka", "suzuki"],
                "busy": [],
            },
        ]
    }


def test_candidates_are_spread_across_days_like_the_chat_command(tmp_path: Path) -> None:
    payload = _with({"window.end": "2026-12-05T00:00:00+09:00", "max_candidates": 4})
    code, out, _ = run_json(tmp_path, payload)
    starts = [c["start"] for c in json.loads(out)["candidates"]]
    assert code == 0
    assert [s[:10] for s in starts] == ["2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]  # one per day first


def test_candidates_on_one_day_never_overlap(tmp_path: Path) -> None:
    code, out, _ = run_json(tmp_path, _with({"max_candidates": 10}))
    spans = [(c["start"], c["end"]) for c in json.loads(out)["candidates"]]
    assert code == 0 and len(spans) > 3
    ordered = sorted(spans)
    assert all(end <= nxt for (_, end), (nxt, _) in itertools.pairwise(ordered))


def test_the_readme_example_gives_the_readme_output(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text("utf-8")
    section = readme[readme.index("### The slot finder from the command line") :]
    request, output = re.findall(r"^```json\n(.*?)^```", section, re.MULTILINE | re.DOTALL)[:2]
    code, out, err = run_text(tmp_path, request)
    assert (code, err) == (0, "")
    assert json.loads(out) == json.loads(output)


def test_minimal_input_uses_defaults(tmp_path: Path) -> None:
    payload = {
        "window": {"start": "2026-12-01T00:00", "end": "2026-12-02T00:00"},
        "duration_minutes": 30,
        "members": [{"id": "田中"}],
    }
    code, out, _ = run_json(tmp_path, payload)
    body = json.loads(out)
    assert code == 0
    assert len(body["candidates"]) == 5  # default max_candidates
    assert body["candidates"][0] == {
        "start": "2026-12-01T09:30:00+09:00",
        "end": "2026-12-01T10:00:00+09:00",
        "free": ["田中"],
        "busy": [],
    }


def test_optional_extension_lunch(tmp_path: Path) -> None:
    payload = copy.deepcopy(VALID)
    payload["window"] = {"start": "2026-12-01T11:00:00+09:00", "end": "2026-12-01T14:00:00+09:00"}
    payload["lunch"] = {"start": "12:00", "end": "13:00"}
    payload["max_candidates"] = 10
    code, out, _ = run_json(tmp_path, payload)
    assert code == 0
    assert [c["start"] for c in json.loads(out)["candidates"]] == [
        "2026-12-01T11:00:00+09:00",
        "2026-12-01T13:00:00+09:00",
    ]


def test_optional_extension_member_zone_and_hours(tmp_path: Path) -> None:
    payload = copy.deepcopy(VALID)
    payload["duration_minutes"] = 15
    payload["members"].append(
        {"id": "london", "working_hours": {"start": "09:00", "end": "17:30"}, "timezone": "Europe/London"}
    )
    code, out, _ = run_json(tmp_path, payload)
    assert code == 0
    assert [c["start"] for c in json.loads(out)["candidates"]] == ["2026-12-01T18:00:00+09:00"]


def test_full_width_digits_are_accepted(tmp_path: Path) -> None:
    payload = copy.deepcopy(VALID)
    payload["window"] = {"start": "２０２６－１２－０１Ｔ０９：００", "end": "２０２６-１２-０２T００:００"}
    payload["working_hours"] = {"start": "０９:３０", "end": "１８：１５"}
    code, out, err = run_json(tmp_path, payload)
    assert (code, err) == (0, "")
    assert json.loads(out)["candidates"][0]["start"] == "2026-12-01T11:00:00+09:00"


def test_no_candidate_adds_reasons(tmp_path: Path) -> None:
    payload = copy.deepcopy(VALID)
    payload["members"][0]["busy"] = [{"start": "2026-12-01T00:00:00+09:00", "end": "2026-12-02T00:00:00+09:00"}]
    code, out, _ = run_json(tmp_path, payload)
    body = json.loads(out)
    assert code == 0
    assert body["candidates"] == []
    [reason] = body["reasons"]
    assert reason["code"] == "member_busy_throughout"
    assert reason["args"]["member"] == "tanaka"
    assert "tanaka" in reason["message"]


def test_weekend_window_reason(tmp_path: Path) -> None:
    payload = copy.deepcopy(VALID)
    payload["window"] = {"start": "2026-12-05T00:00:00+09:00", "end": "2026-12-07T00:00:00+09:00"}
    code, out, _ = run_json(tmp_path, payload)
    assert code == 0
    assert [r["code"] for r in json.loads(out)["reasons"]] == ["window_too_short"]


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = json.dumps(VALID).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    out, err = io.StringIO(), io.StringIO()
    assert run_slots_cli("-", out, err) == 0
    assert len(json.loads(out.getvalue())["candidates"]) == 2


def test_utf8_bom_file_is_accepted(tmp_path: Path) -> None:
    code, out, _ = run_text(tmp_path, json.dumps(VALID), encoding="utf-8-sig")
    assert code == 0
    assert "candidates" in json.loads(out)


def _with(change: dict[str, Any]) -> dict[str, Any]:
    """VALID with dotted-path keys replaced (``None`` deletes the key)."""
    payload = copy.deepcopy(VALID)
    for dotted, value in change.items():
        *parents, last = dotted.split(".")
        node: Any = payload
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is None:
            del node[last]
        elif last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value
    return payload


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"window.end": "2026-12-01T08:00:00+09:00"}, "error: window.end: must be after window.start"),
        ({"window.end": "2026-12-01T09:00:00+09:00"}, "error: window.end: must be after window.start"),
        ({"window.end": None}, "error: window.end: required field is missing"),
        ({"duration_minutes": "60"}, "error: duration_minutes: must be an integer"),
        ({"duration_minutes": 0}, "error: duration_minutes: must be greater than 0"),
        ({"duration_minutes": -30}, "error: duration_minutes: must be greater than 0"),
        ({"duration_minutes": None}, "error: duration_minutes: required field is missing"),
        ({"timezone": "Asia/Tokio"}, "error: timezone: unknown time zone 'Asia/Tokio'"),
        ({"working_hours.start": "9時"}, "error: working_hours.start: not a time in HH:MM form"),
        ({"working_hours.end": "24:00"}, "error: working_hours.end: not a time in HH:MM form"),
        ({"working_hours.end": "09:00"}, "error: working_hours.end: must be after working_hours.start"),
        ({"buffer_minutes": -1}, "error: buffer_minutes: must be at least 0"),
        ({"members.1.busy.0.start": "yesterday"}, "error: members[1].busy[0].start: not an ISO 8601 date-time"),
        (
            {"members.0.busy.0.end": "2026-12-01T09:00:00+09:00"},
            "error: members[0].busy[0].end: must not be before members[0].busy[0].start",
        ),
        ({"members.1.id": "tanaka"}, "error: members[1].id: duplicate member id 'tanaka'"),
        ({"members.1.required": "no"}, "error: members[1].required: must be true or false"),
        ({"members.0.timezone": "Nowhere"}, "error: members[0].timezone: unknown time zone 'Nowhere'"),
        ({"members": []}, "error: members: must not be empty"),
        ({"max_candidates": 0}, "error: max_candidates: must be at least 1"),
        ({"window": "tomorrow"}, "error: window: must be an object"),
        ({"durations": 5}, "error: durations: unknown field"),
        (
            {"window.end": "2027-02-01T09:00:01+09:00"},
            "error: window.end: the window must be at most 62 days long",
        ),
    ],
)
def test_invalid_input_exits_2_with_one_line(tmp_path: Path, change: dict[str, Any], expected: str) -> None:
    code, out, err = run_json(tmp_path, _with(change))
    assert code == 2
    assert out == ""
    assert err.splitlines() == [expected]


def test_bad_json(tmp_path: Path) -> None:
    code, out, err = run_text(tmp_path, '{"window": ')
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith("error: input: not valid JSON")


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    code, _, err = run_text(tmp_path, "[1, 2]")
    assert (code, err) == (2, "error: input: must be an object\n")


def test_unreadable_file(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run_slots_cli(str(tmp_path / "missing.json"), out, err) == 2
    [line] = err.getvalue().splitlines()
    assert line.startswith("error: input: cannot read")
    assert out.getvalue() == ""


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "sjis.json"
    path.write_bytes('{"members": [{"id": "田中"}]}'.encode("shift_jis"))
    out, err = io.StringIO(), io.StringIO()
    assert run_slots_cli(str(path), out, err) == 2
    assert err.getvalue().startswith("error: input: not UTF-8 text")
