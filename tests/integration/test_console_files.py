"""The console hands files over by writing them into GENAI_CONSOLE_FILES_DIR and printing where."""

from __future__ import annotations

import io
from pathlib import Path

from genai_bot.app import Core
from genai_bot.messages import Room
from handlers.console.chat_port import ConsoleChatPort


async def test_uploads_are_written_never_overwritten_and_never_outside_the_folder(core: Core, tmp_path: Path) -> None:
    out = io.StringIO()
    port = ConsoleChatPort(core.db, out, tmp_path / "files")
    await port.upload(Room("console", "console"), "meeting-1.ics", b"first", title="招待")
    await port.upload(Room("console", "console"), "meeting-1.ics", b"second")
    await port.upload(Room("console", "console"), "../../escape.ics", b"third")
    files = tmp_path / "files"
    assert (files / "meeting-1.ics").read_bytes() == b"first"
    assert (files / "meeting-1-2.ics").read_bytes() == b"second"
    assert (files / "escape.ics").read_bytes() == b"third" and not (tmp_path.parent / "escape.ics").exists()
    assert f"[招待] {(files / 'meeting-1.ics').resolve()} (5 bytes)" in out.getvalue()
