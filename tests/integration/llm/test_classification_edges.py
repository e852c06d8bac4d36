"""A level-3 channel's text never reaches a level-1 provider, whatever workspace id, button or room carries it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from genai_bot.app import Core
from genai_bot.commands import Source
from genai_bot.config import Settings
from genai_bot.llm import set_channel_classification
from genai_bot.messages import Actions, Person, Reply, Room
from tests.conftest import clickable, llm_settings_from, running_core
from tests.world.openai_api import FakeOpenAI

SECRET = Room("slack", "C-secret", "1700000000.000100")
DM = Room("slack", "D-sato", is_direct=True)


@pytest.fixture
async def world(settings: Settings) -> AsyncIterator[tuple[Core, FakeOpenAI, FakeOpenAI]]:
    """A cloud provider cleared for level 1 (tried first) and an on-premises one cleared for level 3."""
    async with FakeOpenAI() as cloud, FakeOpenAI() as onprem:
        llm = llm_settings_from(
            [
                cloud.provider("cloud", max_classification=1, max_retries=0),
                onprem.provider("onprem", max_classification=3, max_retries=0),
            ]
        )
        async with running_core(settings, llm_settings=llm, backoff_seconds=0.01) as core:
            await set_channel_classification(core.db, "slack", SECRET.channel_id, 3, team_id="T-home")
            yield core, cloud, onprem


async def _run(core: Core, line: str, person: Person, room: Room, source: Source) -> Reply:
    return await core.handle(line, person, room, source, chat=clickable(core))


async def test_a_shared_channel_keeps_its_level_for_people_of_another_workspace(
    world: tuple[Core, FakeOpenAI, FakeOpenAI],
) -> None:
    core, cloud, onprem = world
    guest = await core.person("slack", "T-partner", "U-guest")  # the same channel, seen from another workspace
    reply = await _run(core, "translate en 人事異動の内示は来週です", guest, SECRET, "command")
    assert not reply.is_error
    assert cloud.requests == [] and len(onprem.requests) == 1


async def test_a_retry_clicked_from_a_dm_runs_with_the_secret_channels_level(
    world: tuple[Core, FakeOpenAI, FakeOpenAI],
) -> None:
    core, cloud, onprem = world
    sato = await core.person("slack", "T-home", "U-sato")
    onprem.fail_next(503)
    failed = await _run(core, "translate en 人事異動の内示は来週です", sato, SECRET, "command")
    [actions] = [b for b in failed.blocks if isinstance(b, Actions)]
    [button] = actions.buttons
    assert "人事" not in button.value  # the button carries a reference, never the secret text

    retried = await _run(core, f"translate {button.value}", sato, DM, "action")  # clicked from the DM
    assert not retried.is_error
    assert cloud.requests == [] and len(onprem.requests) == 2  # the failed try and the retry, both on-premises


async def test_someone_else_cannot_retry_a_kept_request(world: tuple[Core, FakeOpenAI, FakeOpenAI]) -> None:
    core, cloud, onprem = world
    sato = await core.person("slack", "T-home", "U-sato")
    kato = await core.person("slack", "T-home", "U-kato")
    onprem.fail_next(503)
    failed = await _run(core, "translate en 人事異動の内示は来週です", sato, SECRET, "command")
    [actions] = [b for b in failed.blocks if isinstance(b, Actions)]
    stolen = await _run(core, f"translate {actions.buttons[0].value}", kato, DM, "action")
    assert stolen.is_error and "再試行はもう使えません" in stolen.plain_text
    assert cloud.requests == [] and len(onprem.requests) == 1
