"""What a skill's `register(host)` hook may use: the one place a skill plugs into the core.

Each package under `skills/` exposes `register(host: SkillHost) -> None`, called once by the composition root
(genai_bot.app). Through the host a skill adds its commands to the one registry, asks for its settings (loaded and
validated now, at start-up), adds hourly jobs to the scheduler and delivers its own outbox kinds. The host only
collects; the core attaches the jobs and deliverers when it builds its scheduler and outbox, so registering has no
side effects beyond the registry. A skill's tables (`models.py`) and revisions (`migrations/`) are found by
convention (see genai_bot.app).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from genai_bot.commands import CommandRegistry, Verb
from genai_bot.db.models import OutboxMessage
from genai_bot.digest_port import ChannelGather, DigestSection, Gather
from genai_bot.outbox import Deliver
from genai_bot.retention import Pruner, Retention
from genai_bot.scheduler import Housekeeping, Scheduler
from genai_bot.services import Services
from genai_bot.settings_base import EnvSettings, LoadedSettings

__all__ = ["OutboxKind", "SkillDeliver", "SkillHost"]

S = TypeVar("S", bound=EnvSettings)
SkillDeliver = Callable[[OutboxMessage, Services], Awaitable[None]]
"""Delivers one outbox row with the core's services (raise PermanentDeliveryError when retrying cannot help)."""


@dataclass(frozen=True)
class OutboxKind:
    """How rows of one outbox kind are delivered, and whether this instance can deliver them now."""

    deliver: SkillDeliver
    available: Callable[[], bool] | None = None
    platform: str | None = None
    """Rows for one chat platform: only instances running that platform's adapter deliver them."""

    def bound_to(self, services: Services) -> Deliver:
        async def deliver(message: OutboxMessage) -> None:
            await self.deliver(message, services)

        return deliver


class SkillHost:
    def __init__(self, registry: CommandRegistry, settings: LoadedSettings | None = None) -> None:
        self.registry = registry
        self.loaded = settings if settings is not None else LoadedSettings()
        self.hourly_jobs: dict[str, Housekeeping] = {}
        self.minutely_jobs: dict[str, Housekeeping] = {}
        self.outbox_kinds: dict[str, OutboxKind] = {}
        self.digest_sections: list[DigestSection] = []
        self.retention_rules = Retention()

    def command(self, *verbs: Verb) -> None:
        """Add verbs to the registry (a verb of the same name, e.g. a planned one, is replaced)."""
        for verb in verbs:
            self.registry.register(verb)

    def settings(self, cls: type[S]) -> S:
        """This skill's settings, read now; a malformed value raises ConfigError (one line naming it)."""
        return self.loaded.load(cls)

    def every_hour(self, name: str, job: Housekeeping) -> None:
        """Run `job(services)` once an hour on every instance (housekeeping; idempotent, as every instance runs it)."""
        self.hourly_jobs[name] = job

    def every_minute(self, name: str, job: Housekeeping) -> None:
        """Run `job(services)` once a minute on every instance (e.g. finding due digests; it must be idempotent:
        every instance runs it)."""
        self.minutely_jobs[name] = job

    def outbox_kind(
        self,
        kind: str,
        deliver: SkillDeliver,
        *,
        available: Callable[[], bool] | None = None,
        platform: str | None = None,
    ) -> None:
        """Deliver durable outbox rows of `kind` (scheduled with `Outbox.schedule(kind=...)`) with
        `deliver(message, services)`; while `available()` is False this instance leaves them to others. With
        `platform`, only instances running that chat platform's adapter take them."""
        self.outbox_kinds[kind] = OutboxKind(deliver, available, platform)

    def digest_section(
        self,
        name: str,
        gather: Gather,
        *,
        channel_gather: ChannelGather | None = None,
        title_key: str = "",
        order: int = 50,
    ) -> None:
        """Contribute a section to the digests (see genai_bot.digest_port): `gather(services, person, day)` returns
        the person's items for that local day; `channel_gather(services, room, day)`, if given, a channel's."""
        self.digest_sections.append(DigestSection(name, gather, channel_gather, title_key, order))

    def retention(self, name: str, prune: Pruner, *, days: int | None = None) -> None:
        """Contribute to the daily retention job (genai_bot.retention): `prune(session, older_than)` deletes or
        clears the free text this skill stored before `older_than` and returns how many rows it touched. `days`:
        this text's own window instead of GENAI_RETENTION_DAYS (0 keeps it forever)."""
        self.retention_rules.add(name, prune, days=days)

    def attach(self, scheduler: Scheduler, services: Services) -> None:
        """Hand what the skills registered to the core's scheduler and outbox (the composition root calls this)."""
        for name, job in self.hourly_jobs.items():
            scheduler.add_hourly(name, job)
        for name, job in self.minutely_jobs.items():
            scheduler.add_minutely(name, job)
        for section in self.digest_sections:
            services.digest_sections.add(section)
        services.retention.extend(self.retention_rules)
        if services.outbox is not None:
            for kind, how in self.outbox_kinds.items():
                services.outbox.register(kind, how.bound_to(services), available=_available(how, services))


def _available(how: OutboxKind, services: Services) -> Callable[[], bool] | None:
    platform, available = how.platform, how.available
    if platform is None:
        return available
    return lambda: platform in services.chat_ports and (available is None or available())
