"""The local console adapter: commands and chat lines from a terminal or piped stdin, one per line.

A line is a command or chat by the registry's one rule (`route`), the same as in a Slack DM: `/genai help`,
`help` and `ヘルプ` run help, an ordinary sentence ("Help me write…") goes to the chat assistant. Every line
and reply is kept in the local channel history (channel_messages, platform "console"). Exits cleanly at end
of input.
"""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import TextIO

from genai_bot.app import Core
from genai_bot.db.models import ChannelMessage
from genai_bot.i18n import Lang, t
from genai_bot.messages import Person, Room
from handlers.console.chat_port import ConsoleChatPort
from handlers.console.render import render_text

PLATFORM = "console"
TEAM = "local"
CHANNEL = "console"
BOT = "genai-bot"


class ConsoleAdapter:
    def __init__(
        self,
        core: Core,
        *,
        user: str,
        lang: Lang | None = None,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.core = core
        self.user = user
        self.lang = lang
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.room = Room(platform=PLATFORM, channel_id=CHANNEL)
        self.interactive = False
        """A person types at a terminal (not piped input): AI answers end with how to rate them."""
        core.services.chat_ports[PLATFORM] = ConsoleChatPort(core.db, self.stdout, core.settings.console_files_dir)

    async def run(self) -> None:
        person = await self.core.person(PLATFORM, TEAM, self.user, name=self.user)
        if self.lang and person.lang != self.lang:
            person = await self.core.services.users.set_language(person, self.lang)
        interactive = self.interactive = self.stdin.isatty()
        if interactive:
            self._print(t(person.lang, "console.welcome", user=self.user, lang=person.lang))
        lines = self._start_reader()
        while True:
            if interactive:
                self.stdout.write("> ")
                self.stdout.flush()
            line = await lines.get()
            if not line:  # end of input
                break
            if line.strip():
                person = await self.handle_line(line.strip(), person)
        if interactive:
            self._print(t(person.lang, "console.bye"))

    def _start_reader(self) -> asyncio.Queue[str]:
        """Read stdin in a daemon thread, so Ctrl-C or SIGTERM ends the program even while it waits for a line
        ("" marks the end of input)."""
        loop = asyncio.get_running_loop()
        lines: asyncio.Queue[str] = asyncio.Queue()

        def read() -> None:
            for line in iter(self.stdin.readline, ""):
                loop.call_soon_threadsafe(lines.put_nowait, line)
            loop.call_soon_threadsafe(lines.put_nowait, "")

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        return lines

    async def handle_line(self, line: str, person: Person) -> Person:
        """Run one line and print the reply. Returns the (possibly updated) person."""
        command = self.core.registry.route(line)
        is_chat = command != line  # commands and their output are not part of the conversation (chat memory)
        if is_chat:
            await self._remember(self.user, line, is_bot=False)
        reply = await self.core.handle(command, person, self.room, "console")
        if not reply.already_sent:  # a streamed chat answer was printed and kept by the chat port
            text = render_text(reply)
            self._print(text)
            if is_chat:
                await self._remember(BOT, text, is_bot=True)
        if reply.feedback is not None and self.interactive:  # printed, never part of the conversation
            self._print(reply.feedback.typed)
        # `/genai lang en` changes the language for the following lines
        return await self.core.person(PLATFORM, TEAM, self.user)

    async def _remember(self, author: str, text: str, *, is_bot: bool) -> None:
        async with self.core.db.session() as s:
            s.add(ChannelMessage(platform=PLATFORM, channel_id=CHANNEL, author=author, is_bot=is_bot, text=text))

    def _print(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()
