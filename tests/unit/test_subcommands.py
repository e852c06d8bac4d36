"""Multi-word subcommands in the one registry: nested levels, aliases, help on every level, did-you-mean,
full-width input, and a handler that catches what no subcommand names."""

from __future__ import annotations

from typing import Any

import pytest

from genai_bot.commands import CommandContext, CommandRegistry, Verb
from genai_bot.i18n import register
from genai_bot.messages import Person, Reply, Room
from handlers.console.render import render_text

register(
    ja={
        "verb.box": "箱",
        "usage.box": "/genai box <put|take|lid>",
        "test.put": "入れる",
        "test.put.usage": "/genai box put <物>",
        "test.put.example": "例: `/genai box put 林檎`",
        "test.take": "出す",
        "test.lid": "蓋",
        "test.lid.open": "開ける",
        "test.lid.close": "閉める",
    },
    en={
        "verb.box": "A box",
        "usage.box": "/genai box <put|take|lid>",
        "test.put": "Put a thing in",
        "test.put.usage": "/genai box put <thing>",
        "test.put.example": "Example: `/genai box put apple`",
        "test.take": "Take a thing out",
        "test.lid": "The lid",
        "test.lid.open": "Open it",
        "test.lid.close": "Close it",
    },
)


def _echo(name: str) -> Any:
    async def handler(_ctx: CommandContext, args: str) -> Reply:
        return Reply.text(f"{name}:{args}")

    return handler


def _registry() -> CommandRegistry:
    registry = CommandRegistry()
    registry.register(
        Verb(
            "box",
            ("箱",),
            subcommands=(
                Verb(
                    "put",
                    ("入れる",),
                    _echo("put"),
                    summary="test.put",
                    usage="test.put.usage",
                    example="test.put.example",
                ),
                Verb("take", ("出す", "remove"), _echo("take"), summary="test.take"),
                Verb(
                    "lid",
                    ("蓋",),
                    _echo("lid?"),
                    summary="test.lid",
                    subcommands=(
                        Verb("open", ("開ける",), _echo("open"), summary="test.lid.open"),
                        Verb("close", ("閉める",), _echo("close"), summary="test.lid.close"),
                    ),
                ),
            ),
        )
    )
    return registry


def ctx(lang: str = "en") -> CommandContext:
    person = Person(platform="console", team_id="T", user_id="U", lang=lang)  # type: ignore[arg-type]
    return CommandContext(person=person, room=Room("console", "C"), services=None)  # type: ignore[arg-type]


async def say(line: str, lang: str = "en") -> Reply:
    return await _registry().dispatch(line, ctx(lang))


@pytest.mark.parametrize(
    ("line", "answer"),
    [
        ("/genai box put an apple", "put:an apple"),
        ("/genai 箱 入れる 林檎", "put:林檎"),
        ("ＢＯＸ　ＰＵＴ　ｐｅａｒ", "put:ｐｅａｒ"),
        ("/genai box remove  pear ", "take:pear"),
        ("/genai box lid open now", "open:now"),
        ("/genai 箱 蓋 閉める", "close:"),
        ("/genai box lid wobble", "lid?:wobble"),
        ("/genai box lid", "lid?:"),
        ("/genai box put\n\nnotes\n  kept", "put:notes\n  kept"),
    ],
)
async def test_the_words_pick_the_subcommand_at_every_level(line: str, answer: str) -> None:
    assert render_text(await say(line)) == answer


async def test_the_verb_alone_lists_its_subcommands() -> None:
    text = render_text(await say("/genai box"))
    assert "`put` (入れる) — Put a thing in" in text and "`lid` (蓋) — The lid" in text
    assert "/genai box help <subcommand>" in text


@pytest.mark.parametrize(
    "line",
    [
        "/genai box help put",
        "/genai box put help",
        "/genai help box put",
        "/genai box ヘルプ 入れる",
        "/genai ヘルプ 箱 ＰＵＴ",
        "/genai box put --help",
    ],
)
async def test_help_on_one_subcommand_however_it_is_asked(line: str) -> None:
    text = render_text(await say(line))
    assert "box put" in text and "/genai box put <thing>" in text and "Example: `/genai box put apple`" in text
    assert "入れる" in text  # the aliases


async def test_help_on_a_nested_level_lists_its_own_subcommands() -> None:
    text = render_text(await say("/genai box lid help"))
    assert "`open` (開ける) — Open it" in text and "`close`" in text and "`put`" not in text
    assert "Close it" in render_text(await say("/genai help box lid close"))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", 'There is no subcommand "pt". Did you mean `/genai box put`?'),
        ("ja", "「tace」というサブコマンドはありません。`/genai box take` のことですか？"),
    ],
)
async def test_a_mistyped_subcommand_suggests_the_closest(lang: str, expected: str) -> None:
    reply = await say("/genai box pt apple" if lang == "en" else "/genai box tace", lang)
    assert reply.is_error and expected in render_text(reply)


async def test_a_word_far_from_every_subcommand_points_to_the_list() -> None:
    reply = await say("/genai box xylophone")
    assert reply.is_error and "`/genai box` lists them" in render_text(reply)


def test_aliases_may_not_collide_within_one_level() -> None:
    registry = CommandRegistry()
    with pytest.raises(ValueError, match="already taken"):
        registry.register(Verb("box", (), subcommands=(Verb("a", ("x",), _echo("a")), Verb("b", ("x",), _echo("b")))))
