"""The command registry: parsing, aliases, full-width input, help, suggestions, error isolation."""

from __future__ import annotations

from typing import Any

import pytest

from genai_bot.app import build_registry
from genai_bot.commands import CommandContext, CommandRegistry, Verb, coming_soon, split_command
from genai_bot.errors import UserFacingError
from genai_bot.messages import Person, Reply, Room
from handlers.console.render import render_text

EXPECTED_VERBS = {"summarize", "translate", "draft", "proofread", "committee", "trip", "digest", "status", "help"}


def ctx(lang: str = "ja") -> CommandContext:
    person = Person(platform="console", team_id="T", user_id="U", lang=lang)  # type: ignore[arg-type]
    return CommandContext(person=person, room=Room("console", "C"), services=None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/genai translate en hello world", ("translate", "en hello world")),
        ("translate en hello", ("translate", "en hello")),
        ("／ｇｅｎａｉ　ＨＥＬＰ　summarize", ("help", "summarize")),
        ("/genai", ("", "")),
        ("  /GENAI   status  ", ("status", "")),
        ("/genai proofread\n\u3000本日は晴天なり。", ("proofread", "\u3000本日は晴天なり。")),
        ("/genai translate en a\u3000b\nc", ("translate", "en a\u3000b\nc")),
    ],
)
def test_split_command_accepts_prefix_case_and_full_width(text: str, expected: tuple[str, str]) -> None:
    assert split_command(text) == expected


def test_every_planned_verb_has_english_name_and_japanese_alias() -> None:
    registry = build_registry()
    names = {v.name for v in registry.verbs}
    assert names >= EXPECTED_VERBS
    for alias, name in {
        "要約": "summarize",
        "翻訳": "translate",
        "起案": "draft",
        "校正": "proofread",
        "委員会": "committee",
        "出張": "trip",
        "ダイジェスト": "digest",
        "ヘルプ": "help",
    }.items():
        verb = registry.resolve(alias)
        assert verb is not None and verb.name == name


@pytest.mark.parametrize("lang", ["ja", "en"])
async def test_help_lists_every_verb_in_the_users_language(lang: str) -> None:
    text = render_text(await build_registry().dispatch("/genai help", ctx(lang)))
    for verb in EXPECTED_VERBS:
        assert f"`{verb}`" in text
    assert ("コマンドの一覧" in text) == (lang == "ja")
    assert ("List the commands" in text) == (lang == "en")


async def test_empty_command_shows_help() -> None:
    text = render_text(await build_registry().dispatch("/genai", ctx("en")))
    assert "How to use genai-bot" in text


async def test_per_verb_help_shows_usage_and_aliases() -> None:
    text = render_text(await build_registry().dispatch("/genai help 翻訳", ctx("en")))
    assert "/genai translate [en|ja|auto] <text>" in text
    assert "翻訳" in text


async def test_help_for_an_unknown_topic_says_so() -> None:
    reply = await build_registry().dispatch("/genai help nosuch", ctx("ja"))
    assert reply.is_error and "nosuch" in render_text(reply)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("translte", "translate"),
        ("sumarize", "summarize"),
        ("要訳", "summarize"),
        ("stat", "status"),
        ("commitee", "committee"),
        ("ｈｅｌｐｐ", "help"),
    ],
)
async def test_unknown_verb_suggests_the_closest(typed: str, suggestion: str) -> None:
    reply = await build_registry().dispatch(f"/genai {typed}", ctx("en"))
    assert reply.is_error
    assert f"Did you mean `/genai {suggestion}`?" in render_text(reply)


async def test_unknown_verb_far_from_everything_points_to_help() -> None:
    text = render_text(await build_registry().dispatch("/genai xyzzy", ctx("ja")))
    assert "「xyzzy」というコマンドはありません" in text
    assert "もしかして" not in text and "/genai help" in text


async def test_help_marks_only_verbs_that_are_not_built_yet() -> None:
    text = render_text(await build_registry().dispatch("/genai help", ctx("ja")))
    assert "`trip`（出張） — 出張の手配と承認\n" in text and "準備中" not in text  # trips and digests are built
    assert "`translate`（翻訳） — テキストを翻訳します（日本語⇔英語）\n" in text
    registry = CommandRegistry()
    registry.register(Verb("vote", ("投票",), coming_soon("vote"), planned=True, summary="verb.trip"))
    assert "（準備中）" in render_text(await registry.dispatch("/genai help", ctx("ja")))


async def test_planned_verbs_answer_coming_soon() -> None:
    registry = CommandRegistry()
    registry.register(Verb("vote", ("投票",), coming_soon("vote"), planned=True))
    text = render_text(await registry.dispatch("/genai 投票", ctx("en")))
    assert '"vote" is coming soon' in text


async def test_user_facing_error_is_rendered_in_the_users_language() -> None:
    async def fails(_ctx: CommandContext, _args: str) -> Reply:
        raise UserFacingError("error.too_long", length=5000, limit=4000)

    registry = CommandRegistry()
    registry.register(Verb("boom", (), fails))
    reply = await registry.dispatch("boom", ctx("ja"))
    assert reply.is_error and "4000 文字以内" in render_text(reply)


async def test_a_crashing_skill_becomes_an_error_with_a_reference_and_others_still_work() -> None:
    async def crashes(_ctx: CommandContext, _args: str) -> Reply:
        raise RuntimeError("bug")

    registry = CommandRegistry()
    registry.register(Verb("crash", (), crashes))
    reply = await registry.dispatch("crash", ctx("en"))
    assert reply.is_error and "reference:" in render_text(reply)
    assert not (await registry.dispatch("help", ctx("en"))).is_error


def test_alias_collision_is_refused() -> None:
    async def noop(_ctx: Any, _args: str) -> Reply:
        return Reply.text("")

    registry = CommandRegistry()
    registry.register(Verb("one", ("いち",), noop))
    with pytest.raises(ValueError, match="already taken"):
        registry.register(Verb("two", ("いち",), noop))


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("summarize --since 2h", "summarize --since 2h"),
        ("要約", "要約"),
        ("/genai Help", "/genai Help"),
        ("Help me write a notice", "chat Help me write a notice"),
        ("Draft an email to the bureau", "chat Draft an email to the bureau"),
        ("会議の資料をまとめて", "chat 会議の資料をまとめて"),
        ("chat hello", "chat chat hello"),
        ("help", "help"),
        ("ヘルプ", "ヘルプ"),
        ("/genai translte", "/genai translte"),
        ("／ｇｅｎａｉ　ｓｔａｔｕｓ", "／ｇｅｎａｉ　ｓｔａｔｕｓ"),
    ],
)
def test_a_line_is_a_command_only_when_it_starts_with_a_slash_or_a_verb_written_exactly(
    text: str, command: str
) -> None:
    assert build_registry().route(text) == command


def test_help_starts_with_help_and_no_verb_is_left_coming_soon() -> None:
    from genai_bot.app import build_registry

    names = [v.name for v in build_registry().verbs]
    planned = [v.name for v in build_registry().verbs if v.planned]
    assert planned == [] and names[0] == "help"  # every verb works: none is "coming soon"
