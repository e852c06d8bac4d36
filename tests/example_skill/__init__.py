"""An example skill: one package with `register(host)` plus one line in `genai_bot.app.SKILL_MODULES`.

`/genai echo <text>` answers the text GENAI_ECHO_TIMES times; `/genai rephrase <text>` asks the LLM through
`ctx.llm` (the room's classification, masking and usage accounting come with it); an hourly job counts the people
the bot knows; rows of the outbox kind `echo.note` go to the audit log when they fall due.
"""

from pydantic import Field
from pydantic_settings import SettingsConfigDict
from sqlmodel import func, select

from genai_bot import pending
from genai_bot.commands import CommandContext, Verb
from genai_bot.db.models import OutboxMessage, User
from genai_bot.errors import UserFacingError
from genai_bot.llm import system, user
from genai_bot.messages import Reply
from genai_bot.services import Services
from genai_bot.settings_base import EnvSettings
from genai_bot.skill_host import SkillHost


class EchoSettings(EnvSettings):
    model_config = SettingsConfigDict(env_prefix="GENAI_ECHO_")
    times: int = Field(1, ge=1, le=5)  # GENAI_ECHO_TIMES


def register(host: SkillHost) -> None:
    settings = host.settings(EchoSettings)  # read now: a bad GENAI_ECHO_TIMES stops the start

    async def echo(ctx: CommandContext, args: str) -> Reply:
        return Reply.text(" ".join([args.strip()] * settings.times))

    async def rephrase(ctx: CommandContext, args: str) -> Reply:
        try:
            answer = await ctx.llm.complete("chat", [system("Rephrase this politely."), user(args)])
        except UserFacingError as exc:  # the AI service is down: kept, with a retry where the platform can
            return await pending.retry_offer_for(ctx, "rephrase", args, exc)
        await pending.served(ctx, "rephrase", args)
        return Reply.text(answer.text)

    async def count_people(services: Services) -> int:
        async with services.db.session() as s:
            return int((await s.exec(select(func.count()).select_from(User))).one())

    async def note(message: OutboxMessage, services: Services) -> None:
        await services.audit.record(actor="echo", action="echo.noted", text=message.payload["text"])

    host.command(Verb("echo", ("こだま",), echo), Verb("rephrase", ("言い換え",), rephrase))
    host.every_hour("echo.count_people", count_people)
    host.outbox_kind("echo.note", note)
