"""The LLM as a skill sees it: one handle per request, bound to the room it writes about and the person asking.

`RoomLLM` applies the room's confidentiality classification (the highest of every room it was bound to), the
gateway's masking and usage accounting (who, which organisation, which channel, which skill), so a skill cannot
forget any of them: skills call `ctx.llm.complete(...)`, `ctx.llm.stream(...)` or `ctx.llm.structured(...)` and
never build a call context, look up a classification or import the gateway. Scheduled work (minutes, digests)
gets the same handle from `RoomLLM.for_room(...)` for the room it writes about. Before each call the asker's
monthly budgets are checked (`LLMGateway.budget`, see genai_bot.budget): a spent one refuses the call.

An answer longer than the task's character cap arrives cut, with a short note in the asker's language saying
where (`llm.answer_cut`); an empty answer is the gateway's `llm.empty_answer`, which skills offer to retry.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from pydantic import BaseModel, ValidationError

import genai_bot.llm.messages_controls  # noqa: F401  (registers llm.ai_off)
from genai_bot.channel_settings import channel_ai_off
from genai_bot.db.engine import Database
from genai_bot.errors import UserFacingError
from genai_bot.i18n import Lang, t
from genai_bot.llm.classification import channel_classification
from genai_bot.llm.gateway import LLMGateway
from genai_bot.llm.types import AfterCall, AnswerCut, CallContext, ChatMessage, Completion
from genai_bot.messages import Person, Room
from genai_bot.refs import settled, unmention

__all__ = ["Classification", "RoomLLM"]

M = TypeVar("M", bound=BaseModel)
_FENCED = re.compile(r"```(?:json)?\s*(?P<body>.*?)\s*```", re.DOTALL)
_UNSET = 1  # the level of an unset room when no gateway (and so no settings) exists


@dataclass(frozen=True)
class Classification:
    level: int
    is_default: bool
    """True when nobody set the room's level: `level` is GENAI_DEFAULT_CLASSIFICATION."""


@dataclass(frozen=True)
class RoomLLM:
    gateway: LLMGateway | None
    db: Database
    places: tuple[Room, ...]
    """The rooms the text comes from; the strictest level among them applies. The first one is "the room"."""
    user: str | None = None
    organisation: str | None = None
    skill: str = ""
    team_id: str = ""
    """The asker's workspace, recorded when they set a level (the level itself belongs to the channel)."""
    lang: Lang = "ja"
    """The asker's language: the note on an answer cut at the character cap is written in it."""
    _known: dict[tuple[str, str], Classification] = field(default_factory=dict, compare=False, repr=False)
    """Levels looked up during this request (a map-reduce summary makes many calls for one room)."""
    _off: dict[tuple[str, str], bool] = field(default_factory=dict, compare=False, repr=False)
    """Whether AI is switched off in the rooms looked up during this request."""
    _answers: list[tuple[str, str]] = field(default_factory=list, compare=False, repr=False)
    """(provider, model) of every call of this request that answered, in order (shared by `about`/`including`)."""

    @classmethod
    def for_request(
        cls, gateway: LLMGateway | None, db: Database, person: Person, room: Room, skill: str = ""
    ) -> RoomLLM:
        return cls(gateway, db, (room,), person.key, person.organisation, skill, person.team_id, person.lang)

    @classmethod
    def for_room(
        cls, gateway: LLMGateway | None, db: Database, room: Room, *, skill: str, on_behalf_of: Person | None = None
    ) -> RoomLLM:
        """For scheduled work writing about `room` (no person asked, unless `on_behalf_of` is given)."""
        if on_behalf_of is None:
            return cls(gateway, db, (room,), skill=skill)
        return cls(
            gateway,
            db,
            (room,),
            on_behalf_of.key,
            on_behalf_of.organisation,
            skill,
            on_behalf_of.team_id,
            on_behalf_of.lang,
        )

    # --- binding ---
    def about(self, room: Room) -> RoomLLM:
        """The same person, writing about another room instead (e.g. summarizing a channel from a DM)."""
        return replace(self, places=(room,))

    def including(self, room: Room) -> RoomLLM:
        """Text from `room` joins the request: the stricter of the levels applies from now on."""
        known = {_key(r) for r in self.places}
        return self if _key(room) in known else replace(self, places=(*self.places, room))

    @property
    def answered_by(self) -> tuple[str, str] | None:
        """(provider, model) of the last call of this request that answered; None when none did."""
        return self._answers[-1] if self._answers else None

    # --- what may be used ---
    @property
    def configured(self) -> bool:
        return self.gateway is not None and self.gateway.configured

    @property
    def default_level(self) -> int:
        """GENAI_DEFAULT_CLASSIFICATION: the level of a room nobody classified."""
        return self.gateway.settings.default_classification if self.gateway is not None else _UNSET

    def describe(self) -> list[str]:
        """The configured providers and routes, for `status` (never secrets)."""
        return self.gateway.describe() if self.gateway is not None else []

    async def level(self) -> int:
        """The level that applies: the highest among the bound rooms (an unset room counts as the default)."""
        return max([(await self._classification(room)).level for room in self.places])

    async def check(self, task: str) -> None:
        """Raise the user-facing error a call would raise before reaching a provider: `llm.not_configured`
        (no provider), `llm.ai_off` (AI switched off in a bound room), `llm.no_provider_for_classification` (none
        cleared for the room) or a spent budget (`llm.budget.org_spent` / `llm.budget.user_spent`)."""
        gateway = self._gateway(task)
        await self._refuse_if_off()
        gateway.providers_for(task, await self.level())
        await self._within_budget(gateway)

    # --- calls ---
    async def complete(
        self,
        task: str,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> Completion:
        """The model's answer. Person references in it become plain words (`@tanaka`): a model cannot notify
        anyone, only a skill's own deliberate mentions can. An answer cut at the task's character cap ends with
        a note saying so (`truncated` is then True)."""
        gateway = self._gateway(task)
        await self._refuse_if_off()
        after = await self._within_budget(gateway)
        answer = await gateway.complete(
            task,
            messages,
            ctx=self._call(),
            classification=await self.level(),
            max_tokens=max_tokens,
            temperature=temperature,
        )
        if after is not None:
            await after()
        text = unmention(answer.text)
        if answer.cut_at is not None:
            text += self._cut_note(answer.cut_at)
        return replace(answer, text=text)

    async def stream(
        self,
        task: str,
        messages: Sequence[ChatMessage],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> AsyncGenerator[str, None]:
        """Text deltas as they arrive (see LLMGateway.stream); use `contextlib.aclosing` to stop early. Like
        `complete`, the answer mentions nobody: person references in it arrive as plain words. When the answer
        reaches the task's character cap, the stream ends with a note saying where it was cut."""
        gateway = self._gateway(task)
        await self._refuse_if_off()
        level = await self.level()
        after = await self._within_budget(gateway)
        pieces = gateway.stream(
            task, messages, ctx=self._call(), classification=level, max_tokens=max_tokens, temperature=temperature
        )
        held = ""  # a person reference still being written is held back until it is complete
        cut: AnswerCut | None = None
        async with contextlib.aclosing(pieces):
            async for piece in pieces:
                if isinstance(piece, AnswerCut):
                    cut = piece
                    continue
                held += piece
                ready = settled(held)
                if ready:
                    held = held[len(ready) :]
                    yield unmention(ready)
        if held:
            yield unmention(held)
        if cut is not None:
            yield self._cut_note(cut.at)
        if after is not None:
            await after()

    async def structured(
        self,
        task: str,
        messages: Sequence[ChatMessage],
        schema: type[M],
        *,
        max_tokens: int | None = None,
        temperature: float | None = None,
    ) -> M:
        """An answer parsed into `schema` (a pydantic model) from the JSON object the model wrote (a ``` fence
        around it is fine); `llm.bad_answer` when the model wrote something else."""
        answer = await self.complete(task, messages, max_tokens=max_tokens, temperature=temperature)
        parsed = parse_json_object(answer.text)
        try:
            return schema.model_validate(parsed)
        except ValidationError:
            raise UserFacingError("llm.bad_answer", task=task) from None

    # --- the room's classification (the `classify` command) ---
    async def classification(self) -> Classification:
        """The first room's own classification (not the strictest of several)."""
        return await self._classification(self.places[0])

    # --- internals ---
    def _gateway(self, task: str) -> LLMGateway:
        if self.gateway is None or not self.gateway.configured:
            raise UserFacingError("llm.not_configured", task=task)
        return self.gateway

    async def _within_budget(self, gateway: LLMGateway) -> AfterCall | None:
        """Refuse (a UserFacingError naming who may raise it) when a monthly budget of the asker is spent; else
        what to run once the call is done (the 80% warning when this call crosses it), if anything."""
        if gateway.budget is None:
            return None
        return await gateway.budget.before_call(user=self.user, organisation=self.organisation, lang=self.lang)

    async def _refuse_if_off(self) -> None:
        """`llm.ai_off` when an administrator switched AI features off in any bound room: nothing is sent."""
        for room in self.places:
            off = self._off.get(_key(room))
            if off is None:
                off = self._off[_key(room)] = await channel_ai_off(self.db, room.platform, room.channel_id)
            if off:
                raise UserFacingError("llm.ai_off")

    def _cut_note(self, at: int) -> str:
        return "\n\n" + t(self.lang, "llm.answer_cut", chars=f"{at:,}")

    def _call(self) -> CallContext:
        return CallContext(
            user=self.user,
            organisation=self.organisation,
            channel=self.places[0].channel_id,
            skill=self.skill,
            answered=lambda provider, model: self._answers.append((provider, model)),
        )

    async def _classification(self, room: Room) -> Classification:
        known = self._known.get(_key(room))
        if known is None:
            level = await channel_classification(self.db, room.platform, room.channel_id)
            if level is not None:
                known = Classification(level, is_default=False)
            else:
                known = Classification(self.default_level, is_default=True)
            self._known[_key(room)] = known
        return known


def _key(room: Room) -> tuple[str, str]:
    """A room's level belongs to the conversation: a thread shares its channel's."""
    return room.platform, room.channel_id


def parse_json_object(text: str) -> object:
    """The JSON value in a model's answer: the whole text, a fenced block, or the outermost `{...}` / `[...]`
    (whichever opens first); None if there is none."""
    candidates = [text.strip()]
    fenced = _FENCED.search(text)
    if fenced:
        candidates.append(fenced.group("body"))
    spans = [(text.find(opener), text.rfind(closer)) for opener, closer in (("{", "}"), ("[", "]"))]
    candidates += [text[start : end + 1] for start, end in sorted(spans) if 0 <= start < end]
    for candidate in candidates:
        try:
            return json.loads(candidate)
        except ValueError:
            continue
    return None
