"""On the console, people are typed as `@name` and references are shown as words."""

from __future__ import annotations

from tests.integration.committee.conftest import Office


async def test_members_typed_as_at_names_and_the_channel_shown_readably(office: Office) -> None:
    for user in ("tanaka", "alice"):
        await office.person(user)
    assert "作成しました" in await office.text("tanaka", '/genai committee create "<!channel> 会議" --channel here')
    added = await office.text("tanaka", "/genai committee member add 1 @alice")
    assert "追加しました" in added and "alice" in added
    shown = await office.text("alice", "/genai committee show 1")
    assert "<!channel> 会議" in shown and "alice（委員・必須）" in shown
    assert "[#" not in shown and "](room:" not in shown  # the channel as words, not as a reference
