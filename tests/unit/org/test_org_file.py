"""The organisation file (GENAI_ORG_FILE): who is in which unit, who approves whose trips, one-line errors for a
broken file, and edits picked up while running (a broken edit keeps the last good version)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from structlog.testing import capture_logs

from genai_bot.errors import ConfigError
from genai_bot.org import OrgFile, load_org, parse_org

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "org.example.yaml"

SMALL = """
units:
  - {id: mlit, name: 国土交通省, name_en: MLIT, approvers: [U_BOSS]}
  - {id: mlit/roads, name: 道路局, approvers: [U_HEAD], delegates: [deputy@example.go.jp]}
members:
  - {name: 局長, grade: 局長, unit: mlit, ids: [U_BOSS]}
  - {name: 部長, grade: 課長, unit: mlit/roads, ids: [U_HEAD, head]}
  - {name: 代理, grade: 課長補佐, unit: mlit/roads, ids: [U_DEP, deputy@example.go.jp]}
  - {name: 職員, grade: 係員, unit: mlit/roads, ids: [U_STAFF, staff]}
"""


def _one_line(text: str) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_org(text, source="org.yaml")
    message = str(caught.value)
    assert "\n" not in message and "org.yaml" in message
    return message


def test_the_shipped_example_loads_and_answers_who_approves() -> None:
    org = load_org(EXAMPLE)
    tanaka = org.member("TANAKA@example.go.jp")
    assert tanaka is not None and tanaka.key == "U0KAKARI02" and tanaka.grade == "係員"
    assert org.member("ｔａｎａｋａ") == tanaka  # full-width console name
    assert org.approvers_for("tanaka") == (("U0KACHO001",), ("U0HOSA0001",))
    # the division chief's own trip goes up to the bureau
    assert org.approvers_for("yamada") == (("U0KYOKU001",), ("U0SHINGI01",))
    # a division without approvers: its bureau's
    assert org.approvers_for("kato") == (("U0KYOKU002",), ())
    assert org.may_approve("suzuki", "tanaka") and org.may_approve("U0KACHO001", "tanaka")
    assert not org.may_approve("sato", "tanaka") and not org.may_approve("nobody", "tanaka")
    ministry = org.ministry_of("kato@example.go.jp")
    assert ministry is not None and ministry.name == "財務省"
    assert [u.id for u in org.path("mof/budget/research")] == ["mof", "mof/budget", "mof/budget/research"]
    budget = org.find_unit("budget bureau")
    assert budget is not None and budget.id == "mof/budget" and org.find_unit("主計局") == budget
    assert {m.key for m in org.members_of("mof/budget/research", recursive=False)} == {
        "U0KACHO001",
        "U0HOSA0001",
        "U0KAKARI01",
        "U0KAKARI02",
    }
    assert len(org.members_of("mof/budget")) == 8


def test_nobody_approves_their_own_trip() -> None:
    org = parse_org(SMALL)
    assert org.approvers_for("deputy@example.go.jp") == (("U_HEAD",), ())
    assert not org.may_approve("U_DEP", "U_DEP")
    assert org.approvers_for("head") == (("U_BOSS",), ())
    assert org.approvers_for("stranger") == ((), ())
    assert org.may_approve("U_DEP", "staff")  # a delegate written as an e-mail acts under a Slack id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (SMALL.replace("approvers: [U_HEAD]", "approvers: [U_GHOST]"), "unknown approver 'U_GHOST' in unit mlit/roads"),
        (SMALL.replace("delegates: [deputy@example.go.jp]", "delegates: [ghost]"), "unknown delegate 'ghost'"),
        (
            SMALL + "  - {name: 二重, grade: 係員, unit: mlit, ids: [X1, staff]}\n",
            "member 'staff' is in two units: mlit/roads and mlit",
        ),
        (SMALL + "  - {name: 二重, grade: 係員, unit: mlit/roads, ids: [STAFF]}\n", "duplicate member id 'STAFF'"),
        (SMALL.replace("{id: mlit/roads,", "{id: mlit/roads, parent: mlit/rivers,"), "unknown parent 'mlit/rivers'"),
        (SMALL.replace("{id: mlit,", "{id: mlit, parent: mlit/roads,"), "unit cycle"),
        (SMALL.replace("mlit/roads, name: 道路局", "mlit, name: 道路局"), "duplicate unit id 'mlit'"),
        (SMALL.replace("unit: mlit/roads, ids: [U_STAFF", "unit: mlit/ports, ids: [U_STAFF"), "unknown unit"),
        (SMALL.replace("grade: 係員, ", ""), "members[3].grade: Field required"),
        ("units: [", "not valid YAML"),
        ("members: []", "units: Field required"),
    ],
)
def test_each_problem_is_one_line_naming_it(text: str, expected: str) -> None:
    assert expected in _one_line(text)


def test_a_missing_file_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="GENAI_ORG_FILE"):
        OrgFile(tmp_path / "nowhere.yaml").current()


def _write(path: Path, text: str, stamp: int) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stamp, stamp))  # a distinct modification time without waiting


def test_an_edit_is_picked_up_and_a_broken_edit_keeps_the_last_good(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    _write(path, SMALL, 1_000_000_000)
    org_file = OrgFile(path)
    assert org_file.current().approvers_for("staff") == (("U_HEAD",), ("deputy@example.go.jp",))

    _write(path, SMALL.replace("approvers: [U_HEAD]", "approvers: [U_DEP]"), 2_000_000_000)
    assert org_file.current().approvers_for("staff")[0] == ("U_DEP",)

    _write(path, SMALL.replace("approvers: [U_HEAD]", "approvers: [U_GHOST]"), 3_000_000_000)
    with capture_logs() as logs:
        assert org_file.current().approvers_for("staff")[0] == ("U_DEP",)
        assert org_file.current().approvers_for("staff")[0] == ("U_DEP",)
    warnings = [e for e in logs if e["log_level"] == "warning"]
    assert len(warnings) == 1 and "U_GHOST" in warnings[0]["problem"]

    _write(path, SMALL, 4_000_000_000)
    assert org_file.current().approvers_for("staff")[0] == ("U_HEAD",)
