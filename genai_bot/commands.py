"""The command registry shared by every adapter: `/genai <verb> …` with English verbs and Japanese aliases.

Adapters hand over the raw command text plus who and where; the registry finds the verb, runs its handler and
always returns a `Reply` — a `UserFacingError` becomes a friendly error in the user's language, and any other
exception is logged with a reference id so one skill's crash never takes down another.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import structlog
from rapidfuzz import process
from rapidfuzz.distance import OSA

from genai_bot import pending
from genai_bot.chat import ChatError
from genai_bot.errors import FieldError, UserFacingError
from genai_bot.feedback.offer import offer_feedback
from genai_bot.i18n import Lang, t
from genai_bot.llm.handle import RoomLLM
from genai_bot.messages import Block, Fields, Person, Reply, Room, Text
from genai_bot.metrics import Metrics, Outcome
from genai_bot.text import fold

if TYPE_CHECKING:
    from genai_bot.chat import ChatPort
    from genai_bot.services import Services

log = structlog.get_logger(__name__)

COMMAND = "/genai"
Source = Literal["command", "mention", "dm", "shortcut", "action", "console"]
Handler = Callable[["CommandContext", str], Awaitable[Reply]]


@dataclass
class CommandContext:
    person: Person
    room: Room
    services: Services
    source: Source = "command"
    extra: dict[str, str] = field(default_factory=dict)
    """Adapter-provided details, e.g. form field values of a submitted modal, or a Slack trigger id."""
    chat: ChatPort | None = None
    """The chat platform the request came from (post, update, read history); None in plain unit tests."""

    verb: str = ""
    """The verb being run (set by the registry); LLM usage is recorded under it."""

    @property
    def lang(self) -> Lang:
        return self.person.lang

    async def tell_asker(self, message_key: str, /, **args: object) -> None:
        """A short note ("working on it…") to the asker only, where the platform can show one; never fails the
        command (a chat error is logged and the work goes on)."""
        if self.chat is None:
            return
        try:
            await self.chat.post_ephemeral(self.room, self.person.user_id, Reply.text(self.t(message_key, **args)))
        except ChatError as exc:
            log.info("command.note_skipped", code=exc.code)
        except Exception:
            log.warning("command.note_failed", exc_info=True)

    def relocate(self, room: Room) -> None:
        """The request belongs to `room` (a kept request retried from elsewhere): from now on it runs there, with
        that room's classification."""
        self.room = room
        self.__dict__.pop("llm", None)  # the handle is bound to the room: make a new one on next use

    @cached_property
    def llm(self) -> RoomLLM:
        """The LLM for this request: the room's classification, masking and usage accounting applied."""
        return RoomLLM.for_request(self.services.llm, self.services.db, self.person, self.room, self.verb)

    @property
    def supports_buttons(self) -> bool:
        """The platform shows clickable buttons (False without a chat port, e.g. in plain unit tests)."""
        return self.chat is not None and self.chat.supports_buttons

    @property
    def reads_local_files(self) -> bool:
        """The person sits at the machine that runs the bot, so a typed path may be read (the console)."""
        return self.chat is not None and self.chat.reads_local_files

    @property
    def from_button(self) -> bool:
        """The request is a button click or a submitted form (e.g. a retry), not a line the person typed."""
        return self.source == "action"

    @property
    def from_mention(self) -> bool:
        return self.source == "mention"

    @property
    def in_conversation(self) -> bool:
        """Free text in a conversation (a mention, a DM, a console line), as opposed to a typed command."""
        return self.source in ("mention", "dm", "console")

    def t(self, key: str, /, **args: object) -> str:
        return t(self.lang, key, **args)


@dataclass(frozen=True)
class Verb:
    """A command word with its aliases. A verb may hold subcommands (themselves verbs, nested as deep as needed:
    `committee member add`); the registry then finds the subcommand, shows help for each level and suggests the
    closest word for a typo. A verb with subcommands and a handler runs the handler when no subcommand matches."""

    name: str
    aliases: tuple[str, ...]
    handler: Handler | None = None
    hidden: bool = False
    planned: bool = False
    """Announced but not built yet: help marks it "coming soon"."""
    subcommands: tuple[Verb, ...] = ()
    summary: str = ""
    """Message key of the one-line summary (default `verb.<name>`); likewise `usage` (default `usage.<name>`)."""
    usage: str = ""
    example: str = ""
    """Message key of an example shown under the usage (none by default)."""
    help_title: str = ""
    """Message keys replacing the generic title and footer of a subcommand list."""
    help_footer: str = ""

    @property
    def summary_key(self) -> str:
        return self.summary or f"verb.{self.name}"

    @property
    def usage_key(self) -> str:
        return self.usage or f"usage.{self.name}"

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


HELP_WORDS = frozenset({"help", "ヘルプ", "使い方", "?", "-h", "--help"})
"""Words that ask for help on a subcommand level (`committee help poll`, `committee poll help`)."""


_WORD = re.compile(r"\s*(\S*)[ \t\u3000]*(?:\r?\n)?(.*)", re.DOTALL)


def _first_word(text: str) -> tuple[str, str]:
    """The first word, and the rest after the spaces (and at most one line break) that follow it."""
    match = _WORD.match(text)
    assert match is not None  # the pattern matches any string
    return match.group(1), match.group(2)


def split_command(text: str) -> tuple[str, str]:
    """'/genai translate en hello' → ('translate', 'en hello').

    The command words accept full-width letters, slashes and spaces; the arguments are kept exactly as typed
    (full-width spaces and line breaks inside them matter to proofreading and translation).
    """
    first, rest = _first_word(text)
    if fold(first) in {COMMAND, COMMAND.lstrip("/")}:
        first, rest = _first_word(rest)
    return fold(first), rest.rstrip()


def _lookup_table(verbs: tuple[Verb, ...] | list[Verb]) -> dict[str, Verb]:
    table: dict[str, Verb] = {}
    for verb in verbs:
        for word in verb.words:
            key = fold(word)
            if key in table and table[key].name != verb.name:
                raise ValueError(f"command word {word!r} is already taken by {table[key].name!r}")
            table[key] = verb
    return table


def _closest(typed: str, table: dict[str, Verb]) -> str | None:
    """The closest name for a mistyped word: a unique prefix, else a small edit distance (a swapped pair of
    letters, `hepl`, counts as one edit)."""
    typed = fold(typed)
    choices = {w: v.name for w, v in table.items() if not v.hidden and len(w) > 1}
    prefixed = {name for w, name in choices.items() if len(typed) >= 3 and w.startswith(typed)}
    if len(prefixed) == 1:
        return prefixed.pop()
    limit = max(1, len(typed) // 3)
    match = process.extractOne(typed, list(choices), scorer=OSA.distance, score_cutoff=limit)
    return choices[match[0]] if match else None


class CommandRegistry:
    def __init__(self) -> None:
        self._verbs: dict[str, Verb] = {}
        self._lookup: dict[str, Verb] = {}
        self._sub_lookup: dict[int, dict[str, Verb]] = {}
        self.register(Verb("help", ("ヘルプ", "使い方", "?", "？"), self._help))

    def register(self, verb: Verb) -> None:
        """Add a verb (replacing one of the same name, e.g. a "coming soon" placeholder) with its subcommands."""
        for word in verb.words:
            key = fold(word)
            if key in self._lookup and self._lookup[key].name != verb.name:
                raise ValueError(f"command word {word!r} is already taken by {self._lookup[key].name!r}")
        replaced = self._verbs.get(verb.name)
        if replaced is not None:  # a "coming soon" placeholder or an earlier registration: its words go too
            for word in replaced.words:
                self._lookup.pop(fold(word), None)
        for word in verb.words:
            self._lookup[fold(word)] = verb
        self._index_subcommands(verb)
        self._verbs[verb.name] = verb

    def _index_subcommands(self, verb: Verb) -> None:
        if verb.subcommands:
            self._sub_lookup[id(verb)] = _lookup_table(verb.subcommands)
            for sub in verb.subcommands:
                self._index_subcommands(sub)

    @property
    def verbs(self) -> list[Verb]:
        return [v for v in self._verbs.values() if not v.hidden]

    def resolve(self, word: str) -> Verb | None:
        return self._lookup.get(fold(word))

    def resolve_sub(self, verb: Verb, word: str) -> Verb | None:
        return self._sub_lookup.get(id(verb), {}).get(fold(word))

    def route(self, text: str) -> str:
        """The one rule, for every adapter, deciding what a typed line (mention, DM, assistant pane, console)
        means: a command when it starts with `/` (`/genai …`) or with a verb or alias written exactly
        ("help", "ヘルプ", "summarize"), or is a lone ASCII word close to a verb ("hepl", answered "did you mean
        help?"); anything else ("Help me write…") is chat. Returns the command text."""
        first, _ = _first_word(text)
        if first.startswith(("/", "／")):
            return text
        verb = self._lookup.get(fold(first))
        if verb is not None and not verb.hidden and first in verb.words:
            return text
        if first.isascii() and first == text.strip() and self.suggest(first) is not None:
            return text  # a lone mistyped verb ("hepl"): answer "did you mean help?" rather than chat
        return f"chat {text}"

    def suggest(self, word: str) -> str | None:
        """The closest verb name for a mistyped word: a unique prefix, else a small edit distance."""
        return _closest(word, self._lookup)

    async def dispatch(self, text: str, ctx: CommandContext) -> Reply:
        """Run the command; every request is counted and timed per verb (`genai_bot.metrics`), and an AI answer
        gets its 👍/👎 buttons here (`genai_bot.feedback.offer`), whichever skill wrote it."""
        verb_word, args = split_command(text)
        if not verb_word:
            verb_word = "help"
        verb = self.resolve(verb_word)
        if verb is None:
            return self._unknown(verb_word, ctx)
        ctx.verb = verb.name
        started = time.perf_counter()
        outcome: Outcome = "ok"
        try:
            if ctx.from_button:  # a retry button: its reference becomes the kept request, in its own room
                args = await pending.expand(ctx, verb.name, args)
            reply = await self._run(verb, (verb.name,), args, ctx)
            if reply.is_error:
                outcome = "error"
            return await offer_feedback(ctx, reply)
        except FieldError as exc:
            outcome = "error"
            text = ctx.t(exc.message_key, **exc.args_)
            return Reply(blocks=[Text(text)], is_error=True, field_errors={exc.field: text})
        except UserFacingError as exc:
            outcome = "error"
            return Reply.text(ctx.t(exc.message_key, **exc.args_), is_error=True)
        except Exception:
            outcome = "failed"
            ref = uuid.uuid4().hex[:8]
            log.exception("command_failed", verb=verb.name, ref=ref, user=ctx.person.key)
            return Reply.text(ctx.t("error.internal", ref=ref), is_error=True)
        finally:
            metrics: Metrics | None = getattr(ctx.services, "metrics", None)  # plain unit tests have no services
            if metrics is not None:
                metrics.observe_request(verb.name, outcome, time.perf_counter() - started)

    async def _run(self, verb: Verb, path: tuple[str, ...], args: str, ctx: CommandContext) -> Reply:
        """Walk down the subcommands the words name, answering help requests on the way, then run the handler."""
        while verb.subcommands:
            word, rest = _first_word(args.strip())
            sub = self.resolve_sub(verb, word) if word else None
            if sub is not None:
                verb, path, args = sub, (*path, sub.name), rest.strip()
                continue
            if fold(word) in HELP_WORDS:
                return self._help_on(verb, path, rest.split(), ctx.lang)
            if verb.handler is not None:
                return await verb.handler(ctx, args)
            if not word:
                return self.help_for(verb, path, ctx.lang)
            return self._unknown_sub(verb, path, word, ctx)
        if len(path) > 1 and len(args.split()) == 1 and fold(args) in HELP_WORDS:
            return self.help_for(verb, path, ctx.lang)  # `committee poll help`
        assert verb.handler is not None, f"verb {' '.join(path)!r} has neither a handler nor subcommands"
        return await verb.handler(ctx, args)

    def _unknown(self, word: str, ctx: CommandContext) -> Reply:
        lines = [ctx.t("error.unknown_verb", verb=word)]
        suggestion = self.suggest(word)
        lines.append(ctx.t("error.did_you_mean", suggestion=suggestion) if suggestion else ctx.t("error.see_help"))
        return Reply.text("\n".join(lines), is_error=True)

    def _unknown_sub(self, verb: Verb, path: tuple[str, ...], word: str, ctx: CommandContext) -> Reply:
        suggestion = _closest(word, self._sub_lookup[id(verb)])
        command = " ".join(path)
        if suggestion:
            text = ctx.t("error.unknown_sub_suggest", word=word, command=command, suggestion=suggestion)
        else:
            text = ctx.t("error.unknown_sub", word=word, command=command)
        return Reply.text(text, is_error=True)

    # --- help ---------------------------------------------------------------------------------------------
    async def _help(self, ctx: CommandContext, args: str) -> Reply:
        """`/genai help`, `/genai help committee`, `/genai help committee poll`."""
        words = args.split()
        if not words:
            return self.overview(ctx.lang)
        verb = self.resolve(words[0])
        if verb is None or verb.hidden:
            return Reply.text(ctx.t("help.unknown_topic", topic=words[0]), is_error=True)
        return self._help_on(verb, (verb.name,), words[1:], ctx.lang)

    def _help_on(self, verb: Verb, path: tuple[str, ...], topic: list[str], lang: Lang) -> Reply:
        """Help on the deepest subcommand the topic words name (unknown words stop the walk)."""
        for word in topic:
            sub = self.resolve_sub(verb, word)
            if sub is None:
                break
            verb, path = sub, (*path, sub.name)
        return self.help_for(verb, path, lang)

    def overview(self, lang: Lang) -> Reply:
        open_, close = ("（", "）") if lang == "ja" else (" (", ")")
        lines = []
        for v in self.verbs:
            aliases = f"{open_}{' / '.join(v.aliases[:2])}{close}" if v.aliases else ""
            planned = t(lang, "help.planned") if v.planned else ""
            lines.append(f"• `{v.name}`{aliases} — {t(lang, v.summary_key)}{planned}")
        return Reply(blocks=[Text(t(lang, "help.title")), Text("\n".join(lines)), Text(t(lang, "help.footer"))])

    def help_for(self, verb: Verb, path: tuple[str, ...], lang: Lang) -> Reply:
        """One verb or subcommand: summary, usage, aliases and example, then the subcommands it holds."""
        command = " ".join(path)
        blocks: list[Block]
        if verb.help_title:
            blocks = [Text(t(lang, verb.help_title))]
        else:
            pairs = [(t(lang, "help.usage"), f"`{t(lang, verb.usage_key)}`")]
            if verb.aliases:
                pairs.append((t(lang, "help.aliases"), ", ".join(verb.aliases)))
            planned = t(lang, "help.planned") if verb.planned else ""
            blocks = [Text(f"*{command}* — {t(lang, verb.summary_key)}{planned}"), Fields(tuple(pairs))]
            if verb.example:
                blocks.append(Text(t(lang, verb.example)))
        if verb.subcommands:
            blocks.append(Text("\n".join(self._sub_line(sub, lang) for sub in verb.subcommands if not sub.hidden)))
            footer = verb.help_footer or "help.sub_footer"
            blocks.append(Text(t(lang, footer, command=command)))
        return Reply(blocks=blocks)

    @staticmethod
    def _sub_line(sub: Verb, lang: Lang) -> str:
        if not sub.aliases:
            return t(lang, "help.sub_line_plain", name=sub.name, summary=t(lang, sub.summary_key))
        return t(lang, "help.sub_line", name=sub.name, alias=sub.aliases[0], summary=t(lang, sub.summary_key))


def coming_soon(name: str) -> Handler:
    async def handler(ctx: CommandContext, args: str) -> Reply:
        return Reply.text(ctx.t("coming_soon", verb=name))

    return handler
