"""The arguments of `/genai summarize`: range (`--since`, bare `今日`/`2h`/`12/1`), count (`--last`, `200件`),
sharing (`--post`/`--share`/`共有`) and, from a retry button, the thread (`--thread <id>`).

Full-width input is accepted (NFKC), and so is the dash that phones and macOS put in place of `--`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_bot.errors import UserFacingError
from genai_bot.text import nfkc
from skills.summarize.window import looks_like_since, parse_count_word, parse_last

_SINCE_FLAGS = {"--since", "--from", "-s"}
_LAST_FLAGS = {"--last", "--count", "-n"}
_THREAD_FLAGS = {"--thread"}
_SHARE_WORDS = {"--post", "--share", "--public", "post", "share", "共有", "投稿"}
_FILLERS = {"直近", "最新", "最近", "過去"}  # "直近 50 件", "過去 2 時間"
_EXAMPLES = {"--since": "--since 2h", "--last": "--last 200", "--thread": "--thread 1732500000.000100"}
_AUTO_DASH = re.compile(r"^[—–―−]{1,2}(?=[a-z])", re.IGNORECASE)
_NUMBER_SPACE_UNIT = re.compile(
    r"(\d)\s+(?=(?:分|時間|日|週|件|min|mins|minutes?|hrs?|hours?|days?|weeks?|[mhdw])(?:\s|$))", re.IGNORECASE
)


@dataclass(frozen=True)
class SummaryOptions:
    since: str | None = None
    last: int | None = None
    share: bool = False
    thread_id: str | None = None

    def as_args(self, thread_id: str | None = None) -> str:
        """The same request as command arguments (the value of a "retry" button)."""
        parts: list[str] = []
        if self.since:
            parts += ["--since", self.since]
        if self.last:
            parts += ["--last", str(self.last)]
        if self.share:
            parts.append("--post")
        thread = self.thread_id or thread_id
        if thread:
            parts += ["--thread", thread]
        return " ".join(parts)


def parse_options(args: str) -> SummaryOptions:
    tokens = _tokens(args)
    since: str | None = None
    last: int | None = None
    share = False
    thread: str | None = None
    while tokens:
        token = tokens.pop(0)
        flag, _, inline = token.partition("=")
        flag = flag.casefold()
        if flag in _SINCE_FLAGS:
            since = _value(flag, inline, tokens, "--since")
        elif flag in _LAST_FLAGS:
            last = parse_last(_value(flag, inline, tokens, "--last"))
        elif flag in _THREAD_FLAGS:
            thread = _value(flag, inline, tokens, "--thread")
        elif token.casefold() in _SHARE_WORDS:
            share = True
        elif token in _FILLERS:
            continue
        elif (count := parse_count_word(token)) is not None:
            last = count
        elif not token.startswith("-") and looks_like_since(token):
            since = token
        else:
            raise UserFacingError("summarize.unknown_option", value=token)
    return SummaryOptions(since=since, last=last, share=share, thread_id=thread)


def _tokens(args: str) -> list[str]:
    text = nfkc(args)
    text = _NUMBER_SPACE_UNIT.sub(r"\1", text)  # "2 時間" → "2時間"
    return [_AUTO_DASH.sub("--", token) for token in text.split()]


def _value(flag: str, inline: str, tokens: list[str], canonical: str) -> str:
    if inline:
        return inline
    if not tokens or tokens[0].startswith("--"):
        raise UserFacingError("summarize.missing_value", option=flag, example=_EXAMPLES[canonical])
    return tokens.pop(0)
