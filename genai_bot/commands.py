"""The command registry shared by every adapter: `/genai <verb> …` with English verbs and Japanese aliases.

Adapters hand over the raw command text plus who and where; the registry finds the verb, runs its handler and
always returns a `Reply` — a `UserFacingError` becomes a friendly error in the user's language, and any other
exception is logged with a reference id so one skill's crash never takes down another.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import structlog
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from genai_bot.errors import FieldError, UserFacingError
from genai_bot.i18n import Lang, t
from genai_bot.messages import Fields, Person, Reply, Room, Text
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

    @property
    def lang(self) -> Lang:
        return self.person.lang

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

    def t(self, key: str, /, **args: object) -> str:
        return t(self.lang, key, **args)


@dataclass(frozen=True)
class Verb:
    name: str
    aliases: tuple[str, ...]
    handler: Handler
    hidden: bool = False
    planned: bool = False
    """Announced but not built yet: help marks it "coming soon"."""

    @property
    def summary_key(self) -> str:
        return f"verb.{self.name}"

    @property
    def usage_key(self) -> str:
        return f"usage.{self.name}"


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


class CommandRegistry:
    def __init__(self) -> None:
        self._verbs: dict[str, Verb] = {}
        self._lookup: dict[str, Verb] = {}
        self.register(Verb("help", ("ヘルプ", "使い方", "?", "？"), self._help))

    def register(self, verb: Verb) -> None:
        for word in (verb.name, *verb.aliases):
            key = fold(word)
            if key in self._lookup and self._lookup[key].name != verb.name:
                raise ValueError(f"command word {word!r} is already taken by {self._lookup[key].name!r}")
            self._lookup[key] = verb
        self._verbs[verb.name] = verb

    @property
    def verbs(self) -> list[Verb]:
        return [v for v in self._verbs.values() if not v.hidden]

    def resolve(self, word: str) -> Verb | None:
        return self._lookup.get(fold(word))

    def conversation_command(self, text: str) -> str:
        """What a mention, DM or chat line means: a command only when it starts with `/genai` or with a verb
        or alias written exactly ("summarize", "要約"); ordinary sentences ("Help me write…") go to chat."""
        first, _ = _first_word(text)
        if fold(first) in {COMMAND, COMMAND.lstrip("/")}:
            return text
        verb = self._lookup.get(fold(first))
        if verb is not None and not verb.hidden and first in (verb.name, *verb.aliases):
            return text
        return f"chat {text}"

    def suggest(self, word: str) -> str | None:
        """The closest verb name for a mistyped word: a unique prefix, else a small edit distance."""
        typed = fold(word)
        choices = {w: v.name for w, v in self._lookup.items() if not v.hidden and len(w) > 1}
        prefixed = {name for w, name in choices.items() if len(typed) >= 3 and w.startswith(typed)}
        if len(prefixed) == 1:
            return prefixed.pop()
        limit = max(1, len(typed) // 3)
        match = process.extractOne(typed, list(choices), scorer=Levenshtein.distance, score_cutoff=limit)
        return choices[match[0]] if match else None

    async def dispatch(self, text: str, ctx: CommandContext) -> Reply:
        verb_word, args = split_command(text)
        if not verb_word:
            verb_word = "help"
        verb = self.resolve(verb_word)
        if verb is None:
            return self._unknown(verb_word, ctx)
        try:
            return await verb.handler(ctx, args)
        except FieldError as exc:
            text = ctx.t(exc.message_key, **exc.args_)
            return Reply(blocks=[Text(text)], is_error=True, field_errors={exc.field: text})
        except UserFacingError as exc:
            return Reply.text(ctx.t(exc.message_key, **exc.args_), is_error=True)
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("command_failed", verb=verb.name, ref=ref, user=ctx.person.key)
            return Reply.text(ctx.t("error.internal", ref=ref), is_error=True)

    def _unknown(self, word: str, ctx: CommandContext) -> Reply:
        lines = [ctx.t("error.unknown_verb", verb=word)]
        suggestion = self.suggest(word)
        lines.append(ctx.t("error.did_you_mean", suggestion=suggestion) if suggestion else ctx.t("error.see_help"))
        return Reply.text("\n".join(lines), is_error=True)

    # --- help ---------------------------------------------------------------------------------------------
    async def _help(self, ctx: CommandContext, args: str) -> Reply:
        topic = args.split()[0] if args.split() else ""
        if topic:
            verb = self.resolve(topic)
            if verb is None or verb.hidden:
                return Reply.text(ctx.t("help.unknown_topic", topic=topic), is_error=True)
            return self.verb_help(verb, ctx.lang)
        return self.overview(ctx.lang)

    def overview(self, lang: Lang) -> Reply:
        open_, close = ("（", "）") if lang == "ja" else (" (", ")")
        lines = []
        for v in self.verbs:
            aliases = f"{open_}{' / '.join(v.aliases[:2])}{close}" if v.aliases else ""
            planned = t(lang, "help.planned") if v.planned else ""
            lines.append(f"• `{v.name}`{aliases} — {t(lang, v.summary_key)}{planned}")
        return Reply(blocks=[Text(t(lang, "help.title")), Text("\n".join(lines)), Text(t(lang, "help.footer"))])

    def verb_help(self, verb: Verb, lang: Lang) -> Reply:
        pairs = [(t(lang, "help.usage"), f"`{t(lang, verb.usage_key)}`")]
        if verb.aliases:
            pairs.append((t(lang, "help.aliases"), ", ".join(verb.aliases)))
        return Reply(blocks=[Text(f"*{verb.name}* — {t(lang, verb.summary_key)}"), Fields(tuple(pairs))])


def coming_soon(name: str) -> Handler:
    async def handler(ctx: CommandContext, args: str) -> Reply:
        return Reply.text(ctx.t("coming_soon", verb=name))

    return handler
