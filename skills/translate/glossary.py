"""The organisation glossary: a UTF-8 CSV (`ja,en[,note]`) applied exactly to every translation.

Loaded on first use and again only when the file changes (cached by modification time and size). Matching
pairs go into the prompt; afterwards `enforce` checks the answer and fixes a missing target term
deterministically: a different letter case, the source term left untranslated, or (English only) a close
misspelling or inflection is replaced by the glossary's term; anything else is reported back so the caller can
add a note.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from genai_bot.i18n import Lang
from genai_bot.regex import not_after
from genai_bot.text import fold, nfkc
from skills.translate.errors import TranslateConfigError

GLOSSARY_SETTING = "GENAI_TRANSLATE_GLOSSARY"
_FUZZY_CUTOFF = 85.0
_FUZZY_MIN_LENGTH = 5
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


class GlossaryError(TranslateConfigError):
    """The glossary file is missing or malformed."""

    def __init__(self, detail: str) -> None:
        super().__init__(GLOSSARY_SETTING, detail)


@dataclass(frozen=True)
class GlossaryEntry:
    ja: str
    en: str
    note: str = ""

    def term(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()

    def matching(self, text: str, source: Lang) -> list[GlossaryEntry]:
        """Entries whose `source` term occurs in `text`; a term found only inside a longer matched term is skipped
        (「デジタル庁」 matched, so 「デジタル」 inside it is not)."""
        remaining = nfkc(text)
        found: list[GlossaryEntry] = []
        for entry in sorted(self.entries, key=lambda e: len(e.term(source)), reverse=True):
            pattern = _term_pattern(entry.term(source), source)
            if pattern.search(remaining):
                found.append(entry)
                remaining = pattern.sub(lambda m: "\0" * len(m.group()), remaining)
        return found


_EMPTY = Glossary()
_cache: dict[Path, tuple[tuple[int, int], Glossary]] = {}


def load_glossary(path: Path | None) -> Glossary:
    """The glossary at `path` (an empty one for None); re-read only when the file changed."""
    if path is None:
        return _EMPTY
    try:
        stat = path.stat()
    except OSError:
        raise GlossaryError(f"the file {path} cannot be read (does it exist?)") from None
    key, stamp = path.resolve(), (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(key)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    glossary = parse_glossary(_read_text(path))
    _cache[key] = (stamp, glossary)
    return glossary


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GlossaryError(f"{path} is not UTF-8 text (save the CSV as UTF-8)") from None
    except OSError:
        raise GlossaryError(f"the file {path} cannot be read") from None


def parse_glossary(text: str) -> Glossary:
    """Parse CSV text with a header row naming the columns `ja` and `en` (and optionally `note`)."""
    rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(rows, None)
    columns = [fold(cell) for cell in header or []]
    if "ja" not in columns or "en" not in columns:
        raise GlossaryError("the first row must be the header ja,en (optionally ,note)")
    ja_at, en_at = columns.index("ja"), columns.index("en")
    note_at = columns.index("note") if "note" in columns else None
    entries: list[GlossaryEntry] = []
    first_line: dict[str, int] = {}
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        ja, en = _cell(row, ja_at), _cell(row, en_at)
        if not ja or not en:
            raise GlossaryError(f"line {line} needs both a ja and an en term")
        if ja in first_line:
            raise GlossaryError(f"line {line} repeats the term {ja!r} (first on line {first_line[ja]})")
        first_line[ja] = line
        entries.append(GlossaryEntry(ja=ja, en=en, note=_cell(row, note_at) if note_at is not None else ""))
    return Glossary(tuple(entries))


def enforce(answer: str, entries: Sequence[GlossaryEntry], target: Lang) -> tuple[str, list[GlossaryEntry]]:
    """Make every entry's `target` term appear in `answer`; returns the fixed answer and the entries that could
    not be fixed in place (the caller shows those as a note)."""
    source: Lang = "en" if target == "ja" else "ja"
    unresolved: list[GlossaryEntry] = []
    for entry in entries:
        want = entry.term(target)
        if _present(answer, want):
            continue
        fixed = _replace_variant(answer, want, entry.term(source), target)
        if fixed is None:
            unresolved.append(entry)
        else:
            answer = fixed
    return answer, unresolved


# --- helpers ---------------------------------------------------------------------------------------------
def _cell(row: list[str], index: int) -> str:
    return nfkc(row[index]).strip() if index < len(row) else ""


@functools.lru_cache(maxsize=4096)
def _term_pattern(term: str, lang: Lang) -> re.Pattern[str]:
    if lang == "ja":
        return re.compile(re.escape(term))
    return re.compile(rf"{not_after('A-Za-z0-9')}{re.escape(term)}(?![A-Za-z0-9])", re.IGNORECASE)


def _present(answer: str, want: str) -> bool:
    """Present as written; a capital first letter at a sentence start counts too."""
    return want in answer or (want[:1].upper() + want[1:]) in answer


def _replace_variant(answer: str, want: str, source_term: str, target: Lang) -> str | None:
    if target == "en":
        pattern = _term_pattern(want, "en")
        if pattern.search(answer):  # different letter case
            return pattern.sub(lambda _: want, answer)
    untranslated = _term_pattern(source_term, "en" if target == "ja" else "ja")
    if untranslated.search(answer):  # the model left the source term as it was
        return untranslated.sub(lambda _: want, answer)
    return _replace_close_match(answer, want, target)


def _replace_close_match(answer: str, want: str, target: Lang) -> str | None:
    """Replace a near miss of an English term (a typo or an inflection: "Digital Agencies") by the glossary term.

    Japanese has no word boundaries to anchor a near miss on, so a Japanese term is never guessed at."""
    if target != "en" or len(want) < _FUZZY_MIN_LENGTH:
        return None
    words = list(_WORD.finditer(answer))
    count = len(want.split())
    best: tuple[float, int, int] | None = None
    for n in {count - 1, count, count + 1} - {0}:
        for i in range(len(words) - n + 1):
            start, end = words[i].start(), words[i + n - 1].end()
            candidate = answer[start:end]
            if "[[" in candidate:  # never swallow a placeholder
                continue
            score = fuzz.ratio(want.casefold(), candidate.casefold())
            if score >= _FUZZY_CUTOFF and (best is None or score > best[0]):
                best = (score, start, end)
    if best is None:
        return None
    return answer[: best[1]] + want + answer[best[2] :]
