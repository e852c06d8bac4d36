"""The committee flow typed into the console adapter (piped lines, full-width input, readable output)."""

from __future__ import annotations

import io

from handlers.console.adapter import ConsoleAdapter
from tests.integration.committee.conftest import Office

LINES = """\
/genai 委員会 create 予算検討委員会 --email tanaka@example.go.jp
/genai committee member add 予算検討委員会 @suzuki --role 委員長
/genai committee slots 予算検討委員会 ２月１５日〜２月１６日 －－duration ９０
/genai committee poll 予算検討委員会 2/15 2/16 --duration 90 --max 2
/genai committee vote １ ２ ○ １ ×
/genai committee close 1
/genai committee confirm 1
/genai committee show 予算検討委員会
"""


async def test_create_slots_poll_and_confirm_from_the_console(office: Office) -> None:
    out = io.StringIO()
    await ConsoleAdapter(office.core, user="tanaka", stdin=io.StringIO(LINES), stdout=out).run()
    printed = out.getvalue()
    assert "委員会「予算検討委員会」（#1）を作成しました" in printed
    assert "「予算検討委員会」に 1人を追加しました: suzuki" in printed
    assert "「予算検討委員会」の候補日時（2月15日(月)〜2月16日(火)、90分）" in printed
    assert "📅 第1回 予算検討委員会 の日程調整" in printed and "[○]  [△]  [×]" in printed
    assert "○ を記録しました（候補 2: 2月16日(火) 09:30–11:00）。" in printed
    assert "最適な候補:\n2. 2月16日(火) 09:30–11:00" in printed
    assert "「第1回 予算検討委員会」を確定しました（会議 #1）" in printed
    invitation = office.core.settings.console_files_dir.resolve() / "meeting-1.ics"
    assert f"{invitation} (" in printed  # the invitation is written where the console says it is
    assert b"BEGIN:VCALENDAR" in invitation.read_bytes() and "予算検討委員会" in invitation.read_text("utf-8")
    assert "#1 第1回 予算検討委員会（確定） 2月16日(火) 09:30–11:00" in printed
    assert "! " not in printed  # no errors along the way
