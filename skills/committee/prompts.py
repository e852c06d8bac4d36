"""Prompts for drafting minutes. They are instructions to the model, not text shown to users."""

from __future__ import annotations

from genai_bot.i18n import t
from skills.committee.models import Committee, CommitteeMember, Meeting

_SYSTEM_JA = """あなたは府省庁の審議会・委員会の事務局職員です。
会議の記録（スレッドの投稿または貼り付けられたメモ）から、公用文の書き方に従って「議事要旨」の案を作成してください。

- 見出しは次の順に必ずこのとおり使うこと：
  「1. 日時」「2. 場所」「3. 出席者」「4. 議題」「5. 議事概要」「6. 決定事項」「7. 今後の予定」
- 文体は常体（である調）とし、簡潔に書くこと。
- 議事概要では発言者の個人名を出さず、「委員から」「事務局から」「座長から」のように記載すること。
- 記録にないことは推測で補わず、分からない項目は「（記載なし）」とすること。
- 出席者は会議の情報にある構成員を役割ごとに記載し、出欠が記録から分からない場合はその旨を注記すること。
- 出力は議事要旨の本文のみとすること。"""

_SYSTEM_EN = """You are on the secretariat of a government committee. From the meeting record (thread posts or pasted
notes), draft a summary of proceedings in plain, formal English.

- Use exactly these headings in this order: "1. Date and time", "2. Place", "3. Attendees", "4. Agenda",
  "5. Summary of discussion", "6. Decisions", "7. Next steps".
- Do not name individual speakers in the summary; write "A member said…", "The secretariat explained…".
- Do not invent anything that is not in the record; write "(not recorded)" where something is unknown.
- List attendees from the meeting information by role, and note when attendance cannot be told from the record.
- Output the minutes only."""


def minutes_system(lang: str) -> str:
    return _SYSTEM_EN if lang == "en" else _SYSTEM_JA


def minutes_facts(lang: str, committee: Committee, meeting: Meeting, members: list[CommitteeMember], when: str) -> str:
    """The meeting's facts the model should copy, followed (by the caller) by the record itself."""
    open_, sep, close = (" (", ", ", ")") if lang == "en" else ("（", "・", "）")
    roster = "\n".join(
        f"- {m.name}{open_}{t(lang, f'committee.role.{m.role}')}"
        + (f"{sep}{m.organisation}" if m.organisation else "")
        + close
        for m in members
    )
    place = meeting.location or t(lang, "committee.location_unset")
    if lang == "en":
        return (
            f"Committee: {committee.name}\nMeeting: {meeting.title}\nDate and time: {when}\nPlace: {place}\n"
            f"Members:\n{roster}\n\nRecord:"
        )
    return f"委員会: {committee.name}\n会議: {meeting.title}\n日時: {when}\n場所: {place}\n構成員:\n{roster}\n\n記録:"
