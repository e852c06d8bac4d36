"""A summary as a `Reply`: a title saying what was read, then key points, decisions and action items, each
with links to (or the time and author of) the messages it came from."""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from genai_bot import refs
from genai_bot.messages import Block, Text
from skills.summarize.extractive import KeySentence
from skills.summarize.result import ActionItem, Point, Summary
from skills.summarize.transcript import Entry

MAX_POINTS = 10
MAX_ACTIONS = 15
MAX_SOURCES = 3
BULLET = "• "

Translate = Callable[..., str]


@dataclass(frozen=True)
class SourceRenderer:
    """Turns message references into links labelled `10:32 田中` (or just the label where there is no link)."""

    t: Translate
    tz: ZoneInfo
    by_ref: Mapping[str, Entry]
    links: Mapping[str, str | None]
    with_date: bool

    def label(self, entry: Entry) -> str:
        at = entry.message.at.astimezone(self.tz)
        when = f"{at.month}/{at.day} {at:%H:%M}" if self.with_date else f"{at:%H:%M}"
        return f"{when} {entry.author}"

    def cite(self, refs: Iterable[str]) -> str:
        entries = [self.by_ref[r] for r in refs if r in self.by_ref][:MAX_SOURCES]
        if not entries:
            return ""
        parts = [self._linked(e) for e in entries]
        return self.t("summarize.sources", sources=self.t("summarize.source_separator").join(parts))

    def _linked(self, entry: Entry) -> str:
        link = self.links.get(entry.message.id) or entry.message.link
        label = self.label(entry)
        return refs.link(link, label) if link else label


def spans_days(entries: list[Entry], tz: ZoneInfo) -> bool:
    return len({e.message.at.astimezone(tz).date() for e in entries}) > 1


def cited_refs(summary: Summary, known: Container[str]) -> list[str]:
    """The known references the rendered summary will cite (at most MAX_SOURCES per item)."""
    refs: list[str] = []
    cited = [p.sources for p in [*summary.key_points[:MAX_POINTS], *summary.decisions[:MAX_POINTS]]]
    cited += [a.sources for a in summary.action_items[:MAX_ACTIONS]]
    for sources in cited:
        refs.extend(r for r in [r for r in sources if r in known][:MAX_SOURCES] if r not in refs)
    return refs


def summary_blocks(summary: Summary, sources: SourceRenderer) -> list[Block]:
    t = sources.t
    return [
        Text(_section(t("summarize.key_points"), [_point(p, sources) for p in summary.key_points[:MAX_POINTS]], t)),
        Text(_section(t("summarize.decisions"), [_point(p, sources) for p in summary.decisions[:MAX_POINTS]], t)),
        Text(
            _section(t("summarize.action_items"), [_action(a, sources) for a in summary.action_items[:MAX_ACTIONS]], t)
        ),
    ]


def raw_blocks(text: str, t: Translate) -> list[Block]:
    return [Text(t("summarize.raw_note")), Text(text.strip())]


def extractive_blocks(sentences: list[KeySentence], sources: SourceRenderer, label: str) -> list[Block]:
    lines = [f"{BULLET}{s.text}{sources.cite([s.entry.ref])}" for s in sentences]
    return [Text(label), Text(_section(sources.t("summarize.extractive_heading"), lines, sources.t))]


def _section(heading: str, lines: list[str], t: Translate) -> str:
    return "\n".join([heading, *(lines or [t("summarize.none")])])


def _point(point: Point, sources: SourceRenderer) -> str:
    return f"{BULLET}{point.text.strip()}{sources.cite(point.sources)}"


def _action(item: ActionItem, sources: SourceRenderer) -> str:
    t = sources.t
    due = t("summarize.due", due=format_due(item.due, t)) if item.due else ""
    owner = item.owner or t("summarize.owner_unknown")
    return t("summarize.action", owner=owner, task=item.task.strip(), due=due, sources=sources.cite(item.sources))


def format_due(due: str, t: Translate) -> str:
    """`2026-12-04` → `12/4（金）` (en: `Fri 12/4`); anything else as the model wrote it."""
    try:
        day = date.fromisoformat(due.strip()[:10]) if len(due.strip()) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return due
    weekday = t("summarize.weekdays").split(",")[day.weekday()]
    return str(t("summarize.date", month=day.month, day=day.day, weekday=weekday))
