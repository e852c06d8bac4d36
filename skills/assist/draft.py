"""`/genai draft <kind> <points>`: notices, e-mails and meeting summaries in official Japanese style (公用文)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from genai_bot import pending
from genai_bot.commands import CommandContext, Handler
from genai_bot.errors import UserFacingError
from genai_bot.llm import system, user
from genai_bot.messages import Reply, Text
from genai_bot.text import fold, nfkc
from skills.assist.calls import check_length, strip_code_fence
from skills.assist.prompts import draft_prompt
from skills.assist.settings import AssistSettings

VERB = "draft"
_JA_DOCUMENT = {"notice": "通知文", "email": "メール", "minutes": "議事要旨"}
_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "notice": ("notice", "notification", "通知", "通知文", "お知らせ", "おしらせ", "周知", "周知文"),
    "email": ("email", "e-mail", "mail", "メール", "めーる", "メール文"),
    "minutes": ("minutes", "summary", "議事要旨", "会議要旨", "議事録", "議事概要", "要旨"),
}
_KINDS = {word.casefold(): kind for kind, words in _KIND_WORDS.items() for word in words}
_JAPANESE_PREFIXES = sorted((w for w in _KINDS if not w.isascii()), key=len, reverse=True)
_KANA = re.compile("[\u3040-\u30ff]")
_FIRST_WORD = re.compile(r"^\s*(?P<word>[^\s:：、,]+)[\s:：、,]*(?P<rest>.*)$", re.DOTALL)


@dataclass(frozen=True)
class DraftRequest:
    kind: str
    points: str


@dataclass(frozen=True)
class Draft:
    kind: str
    text: str


def parse_kind(word: str) -> str | None:
    """'通知', 'ＮＯＴＩＣＥ', 'e-mail', '会議要旨' → the kind ("notice", "email", "minutes"), else None."""
    return _KINDS.get(fold(word))


def parse_request(args: str) -> DraftRequest | None:
    """'<kind> <points>' (also '通知：…' or '通知12月1日…'); None when it does not start with a known kind."""
    match = _FIRST_WORD.match(args)
    if match is None:
        return None
    word, rest = match.group("word"), match.group("rest").strip()
    kind = parse_kind(word)
    if kind is not None:
        return DraftRequest(kind, rest)
    normal = nfkc(word)
    for prefix in _JAPANESE_PREFIXES:  # a Japanese kind word run into the points
        if normal.startswith(prefix) and not _KANA.match(normal[len(prefix) :]):  # not メールアドレス…
            return DraftRequest(_KINDS[prefix], f"{normal[len(prefix) :]} {rest}".strip())
    return None


async def write_draft(ctx: CommandContext, request: DraftRequest) -> Draft:
    messages = [system(draft_prompt(request.kind, _JA_DOCUMENT[request.kind])), user(request.points)]
    done = await ctx.llm.complete(VERB, messages, temperature=0.3)
    text = strip_code_fence(done.text)
    if not text:
        raise UserFacingError("assist.draft.empty_answer")
    return Draft(request.kind, text)


def render_draft(ctx: CommandContext, draft: Draft) -> Reply:
    kind = ctx.t(f"assist.draft.kind.{draft.kind}")
    return Reply(
        blocks=[Text(ctx.t("assist.draft.title", kind=kind)), Text(draft.text), Text(ctx.t("assist.draft.footer"))]
    )


def draft_handler(settings: AssistSettings) -> Handler:
    async def handler(ctx: CommandContext, args: str) -> Reply:
        return await draft(ctx, args, settings)

    return handler


async def draft(ctx: CommandContext, args: str, settings: AssistSettings) -> Reply:
    args = args.strip()
    if not args:
        raise UserFacingError("assist.draft.usage", **_help_args(ctx))
    request = parse_request(args)
    if request is None:
        raise UserFacingError("assist.draft.unknown_kind", kind=args.split()[0], **_help_args(ctx))
    if not request.points:
        kind = ctx.t(f"assist.draft.kind.{request.kind}")
        raise UserFacingError("assist.draft.no_points", kind=kind, example=ctx.t("assist.draft.example"))
    check_length(request.points, settings.draft_max_chars)
    await ctx.llm.check(VERB)  # "not configured" (or not cleared for this room) before saying we are working on it
    await ctx.tell_asker("assist.working.draft")
    try:
        result = await write_draft(ctx, request)
    except UserFacingError as exc:
        return await pending.retry_offer_for(ctx, VERB, args, exc)
    await pending.served(ctx, VERB, args)
    return render_draft(ctx, result)


def _help_args(ctx: CommandContext) -> dict[str, str]:
    return {"kinds": ctx.t("assist.draft.kinds"), "example": ctx.t("assist.draft.example")}
