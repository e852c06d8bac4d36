"""The ports a skill may use, wired once by the composition root (genai_bot.app)."""

from __future__ import annotations

from dataclasses import dataclass, field

from genai_bot.audit import AuditLog
from genai_bot.calendar.composite import CompositeCalendar
from genai_bot.chat import ChatPort
from genai_bot.clock import Clock
from genai_bot.config import Settings
from genai_bot.db import Database
from genai_bot.digest_port import DigestSections
from genai_bot.llm import LLMGateway
from genai_bot.metrics import Metrics
from genai_bot.org import Organisation, OrgFile
from genai_bot.outbox import Outbox
from genai_bot.pacing import Pacer
from genai_bot.retention import Retention
from genai_bot.settings_base import LoadedSettings
from genai_bot.tasks import TaskRegistry
from genai_bot.users import UserDirectory


@dataclass
class Services:
    settings: Settings
    db: Database
    audit: AuditLog
    users: UserDirectory
    tasks: TaskRegistry
    clock: Clock
    outbox: Outbox | None = None
    """Durable due messages (reminders, digests); see genai_bot.notify.schedule_post."""
    calendar: CompositeCalendar | None = None
    """Graph (when configured) plus imported .ics busy blocks: busy() and create_event(); wired by app.py."""
    llm: LLMGateway | None = None
    """The LLM gateway; `llm.configured` is False when no provider is set."""
    adapter: str = "console"
    """Which adapter is serving ("socket", "http" or "console"); shown by `status`."""
    chat_ports: dict[str, ChatPort] = field(default_factory=dict)
    """The chat port of each running adapter, by platform, for background jobs (reminders, digests)."""
    skill_settings: LoadedSettings = field(default_factory=LoadedSettings)
    """Each skill's settings, loaded once at start-up when it registered (`skill_settings.of(CommitteeSettings)`)."""
    org: OrgFile | None = None
    """The organisation file (GENAI_ORG_FILE), loaded and checked at start-up; `org.current()` re-reads it when it
    changes. None when the setting is unset."""
    pacer: Pacer | None = None
    """Permits for every outgoing chat Web API call (genai_bot.pacing); shared through PostgreSQL by instances."""
    digest_sections: DigestSections = field(default_factory=DigestSections)
    """The digest sections the skills contributed (SkillHost.digest_section), for the digest skill."""
    retention: Retention = field(default_factory=Retention)
    """The pruners of stored text the core and the skills registered (SkillHost.retention; genai_bot.retention)."""
    metrics: Metrics = field(default_factory=Metrics)
    """This core's Prometheus metrics (its own registry), served at /metrics."""

    def organisation(self) -> Organisation | None:
        """The organisation file's current contents (re-read when it changed on disk), or None without
        GENAI_ORG_FILE."""
        return self.org.current() if self.org is not None else None
